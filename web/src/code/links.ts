// The link between the timeline, the replay and the code panel: a tiny store.
// The timeline publishes the span under the pointer, the replay the span of the
// event it stepped to; the panel highlights the line that recorded it. Clicking a
// line in the panel chooses its sites; the timeline outlines their spans and the
// panel lists them.
import { useEffect, useState } from 'preact/hooks';
import type { Span } from '../engine/types';

export interface SpanFocus {
  /** The mode (run) the span belongs to. */
  mode: string;
  span: Span;
  /** The lane's name, for words ("worker 1"). */
  lane?: string;
}

export interface LineChoice {
  mode: string;
  /** The excerpt the line is in ("sleep.threads", or a shared "core.…"). */
  excerpt: string;
  file: string;
  line: number;
  /** The sites that line records or uses. */
  sites: string[];
}

export interface LinkState {
  hover?: SpanFocus;
  step?: SpanFocus;
  chosen?: LineChoice;
}

export class Links {
  private state: LinkState = {};
  private listeners = new Set<() => void>();

  get(): LinkState {
    return this.state;
  }

  /** What the panel follows: the hovered span, else the replay's current one. */
  focus(): SpanFocus | undefined {
    return this.state.hover ?? this.state.step;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  hover(focus: SpanFocus | undefined): void {
    if (sameFocus(focus, this.state.hover)) return;
    this.set({ ...this.state, hover: focus });
  }

  step(focus: SpanFocus | undefined): void {
    if (sameFocus(focus, this.state.step)) return;
    this.set({ ...this.state, step: focus });
  }

  choose(choice: LineChoice | undefined): void {
    this.set({ ...this.state, chosen: choice });
  }

  reset(): void {
    this.set({});
  }

  /** Whether the timeline should outline this span of `mode` (its line was chosen). */
  isChosen(mode: string, span: Span): boolean {
    const c = this.state.chosen;
    return !!c && c.mode === mode && span.site !== '' && c.sites.includes(span.site);
  }

  private set(next: LinkState): void {
    this.state = next;
    for (const l of [...this.listeners]) l();
  }
}

const sameFocus = (a: SpanFocus | undefined, b: SpanFocus | undefined) =>
  a === b || (!!a && !!b && a.mode === b.mode && a.span === b.span && a.lane === b.lane);

/** The one store the page uses. */
export const links = new Links();

/** The store's state, re-rendering the component when it changes. */
export function useLinks(store: Links = links): LinkState {
  const [, setVersion] = useState(0);
  useEffect(() => store.subscribe(() => setVersion((v) => v + 1)), [store]);
  return store.get();
}
