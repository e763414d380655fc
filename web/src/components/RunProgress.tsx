// The progress bar of the runs, fed from outside the render: a run reports its
// progress every animation frame, and re-rendering the whole page for each
// report (code panel, results, controls: 10-30 ms on a slow machine, more
// with the run's threads taking the cores) made the page's longest tasks.
// Here only the bar re-renders.
import { useEffect, useState } from 'preact/hooks';

export interface ProgressFeed {
  /** The fraction 0…1 to show, or undefined for no bar. */
  readonly value: number | undefined;
  /** Shows `fraction` at the next animation frame (at most one update per frame). */
  report(fraction: number): void;
  /** Shows `value` (or removes the bar) at once. */
  set(value: number | undefined): void;
  subscribe(listener: (value: number | undefined) => void): () => void;
}

export function createProgressFeed(): ProgressFeed {
  const listeners = new Set<(value: number | undefined) => void>();
  let value: number | undefined;
  let latest = 0;
  let frame = 0;
  const publish = (next: number | undefined) => {
    value = next;
    for (const listener of listeners) listener(next);
  };
  return {
    get value() {
      return value;
    },
    report(fraction) {
      latest = fraction;
      if (!frame)
        frame = requestAnimationFrame(() => {
          frame = 0;
          publish(latest);
        });
    },
    set(next) {
      cancelAnimationFrame(frame);
      frame = 0;
      publish(next);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function RunProgress({ feed }: { feed: ProgressFeed }) {
  const [value, setValue] = useState(feed.value);
  useEffect(() => {
    setValue(feed.value);
    return feed.subscribe(setValue);
  }, [feed]);
  if (value === undefined) return null;
  return (
    <progress max={1} value={value} aria-label="Progress of the runs">
      {Math.round(value * 100)} %
    </progress>
  );
}
