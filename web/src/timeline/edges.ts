// A run's causal edges (issue 17), indexed so that hovering a span finds the
// edges into and out of it in O(log n + found).
//
// An edge's end belongs to the span of its lane that started last at or
// before it: the span covering it, or the one just before a gap (a thread
// between two waits). The engine's trace export binds its flow events the
// same way (wasm/core/trace.cpp: SliceBinder), with one difference here: an
// edge that ends exactly where one span ends and the next begins belongs to
// the span that ended, the wait it ended (a coroutine records its wake-up's
// edge as its wait ends, in the same microsecond as its next span begins).
import type { Edge, EdgeKind, Span } from '../engine/types';
import type { LaneSpans } from './store';

export const EDGE_KINDS: EdgeKind[] = ['queue', 'gil', 'lock', 'timer', 'join', 'cancel', 'message'];

export const EDGE_KIND_NAMES: Record<EdgeKind, string> = {
  queue: 'queue hand-offs',
  gil: 'GIL hand-offs',
  lock: 'lock hand-offs',
  timer: 'timer wake-ups',
  join: 'task ends that released a wait',
  cancel: 'cancellations',
  message: 'process messages',
};

export class EdgeIndex {
  readonly all: Edge[] = [];
  /** Edges by the lane they end on, sorted by to_us when `sorted`. */
  private byTo = new Map<number, Edge[]>();
  /** Edges by the lane they start on, sorted by from_us when `sorted`. */
  private byFrom = new Map<number, Edge[]>();
  private byKind = new Map<EdgeKind, Edge[]>();
  private sorted = true;

  constructor(edges: Edge[] = []) {
    this.add(edges);
  }

  /** Adds edges as a running run's polls bring them; the lists are sorted again when next asked. */
  add(edges: Edge[]): void {
    for (const e of edges) {
      this.all.push(e);
      push(this.byTo, e.to_lane, e);
      push(this.byFrom, e.from_lane, e);
      push(this.byKind, e.kind, e);
    }
    if (edges.length > 0) this.sorted = false;
  }

  get size(): number {
    return this.all.length;
  }

  /** The kinds present, in EDGE_KINDS order. */
  kinds(): EdgeKind[] {
    return EDGE_KINDS.filter((k) => this.byKind.has(k));
  }

  ofKind(kind: EdgeKind): Edge[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Edges ending in `span` (which is on `lane`), and edges starting in it. */
  around(span: Span, lane: LaneSpans): { incoming: Edge[]; outgoing: Edge[] } {
    this.sort();
    return {
      incoming: between(this.byTo.get(span.lane), (e) => e.to_us, ownedTime(span, lane, true)),
      outgoing: between(this.byFrom.get(span.lane), (e) => e.from_us, ownedTime(span, lane, false)),
    };
  }

  // Nearly sorted already (the engine hands each lane's edges over in order), so cheap.
  private sort(): void {
    if (this.sorted) return;
    for (const list of this.byTo.values()) list.sort((a, b) => a.to_us - b.to_us);
    for (const list of this.byFrom.values()) list.sort((a, b) => a.from_us - b.from_us);
    this.sorted = true;
  }
}

function push<K>(map: Map<K, Edge[]>, key: K, edge: Edge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

/** The times whose edge ends belong to a span: from `start` (excluded when `startOpen`) to `end`
 *  (included when `endClosed`). */
interface Owned {
  start: number;
  startOpen: boolean;
  end: number;
  endClosed: boolean;
}

/** The times whose edge ends belong to `span`: from its start to the next span's start on the lane
 *  (the gap after it is its own); for the ends of incoming edges (`incoming`), a time where one
 *  span ends and the next begins goes to the one that ended. */
function ownedTime(span: Span, lane: LaneSpans, incoming: boolean): Owned {
  const spans = lane.ordered();
  const next = startedBy(spans, span.start_us);
  const index = spans.lastIndexOf(span, next - 1);
  const before = index > 0 ? spans[index - 1] : undefined;
  const after = next < spans.length ? spans[next] : undefined;
  return {
    start: before ? span.start_us : -Infinity,
    startOpen: incoming && !!before && before.end_us >= span.start_us,
    end: after ? after.start_us : Infinity,
    endClosed: incoming && !!after && span.end_us >= after.start_us,
  };
}

/** The span of `lane` an edge end at `t` belongs to (as ownedTime binds them): the one that
 *  started last at or before it (the first span for an end before them all), or, for the end of
 *  an incoming edge, the one before that if it ended just there. */
export function spanOwning(lane: LaneSpans, t: number, incoming: boolean): Span | undefined {
  const spans = lane.ordered();
  const last = Math.max(startedBy(spans, t) - 1, 0);
  const span = spans[last];
  return incoming && span && last > 0 && span.start_us === t && spans[last - 1].end_us >= t ? spans[last - 1] : span;
}

/** How many of `spans` (in start order) start at or before `t`. */
function startedBy(spans: Span[], t: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid].start_us <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function between(list: Edge[] | undefined, at: (e: Edge) => number, owned: Owned): Edge[] {
  if (!list) return [];
  const { start, startOpen, end, endClosed } = owned;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(list[mid]) < start || (startOpen && at(list[mid]) === start)) lo = mid + 1;
    else hi = mid;
  }
  const found: Edge[] = [];
  for (let i = lo; i < list.length && (at(list[i]) < end || (endClosed && at(list[i]) === end)); i++) found.push(list[i]);
  return found;
}
