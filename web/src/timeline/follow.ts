// Following an item or a hand-off chain step by step (issue 17): from a span,
// along its outgoing edge to the span that edge let go on (a put to the get
// that took the item, a GIL release to the next holder's wait), and where a
// span let nobody go on, to its lane's next span (what the woken lane did
// next: the processing of the item it took, the work it did with the GIL).
import type { Edge, EdgeKind, Span } from '../engine/types';
import type { SpanStore } from './store';
import { spanOwning } from './edges';
import { STATE_NAMES } from './states';
import { formatTime } from './viewport';
import { explainEdge } from './why';

export interface FollowStep {
  span: Span;
  /** The edge followed to it; none when the step went on along the same lane. */
  edge?: Edge;
}

/** The step after `span`, or undefined at the chain's end. */
export function nextStep(store: SpanStore, span: Span): FollowStep | undefined {
  const lane = store.lane(span.lane);
  if (!lane) return undefined;
  const [edge] = store.edges.around(span, lane).outgoing;
  if (edge) {
    const to = store.lane(edge.to_lane);
    const target = to && spanOwning(to, edge.to_us, true);
    if (target) return { span: target, edge };
  }
  const spans = lane.ordered();
  const next = spans[spans.indexOf(span) + 1];
  return next ? { span: next } : undefined;
}

/** Where a chain starts when no span is chosen: the span of the run's first edge (of `kind`, if given). */
export function firstStep(store: SpanStore, kind?: EdgeKind): FollowStep | undefined {
  let first: Edge | undefined;
  for (const e of kind ? store.edges.ofKind(kind) : store.edges.all) if (!first || e.from_us < first.from_us) first = e;
  const lane = first && store.lane(first.from_lane);
  const span = lane && first && spanOwning(lane, first.from_us, false);
  return span ? { span } : undefined;
}

/** The step in one sentence, as text. */
export function describeStep(store: SpanStore, step: FollowStep): string {
  const name = (id: number) => store.laneName(id);
  if (step.edge) return explainEdge(step.span, step.edge, name);
  const { span } = step;
  const what = `${STATE_NAMES[span.state]}${span.label ? ` (${span.label})` : ''}`;
  return `then ${name(span.lane)} went on: ${what} at ${formatTime(span.start_us)}`;
}
