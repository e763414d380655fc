// Spans of one run, indexed by lane, so the timeline can ask "what is visible
// between t0 and t1 on this lane" in O(log n + visible) while spans keep arriving.
import type { Edge, Lane, Span } from '../engine/types';
import { EdgeIndex } from './edges';
import { STATES } from './states';

const NSTATES = STATES.length;

/** The spans of one lane, sorted by start, with a running maximum of end times so a
 *  binary search finds the first span that can reach into a window even if spans overlap. */
export class LaneSpans {
  readonly spans: Span[] = [];
  private maxEnd: number[] = [];
  /** Time spent in each state by spans [0, i): cumulative[i * NSTATES + state]. Lets the
   *  drawing merge thousands of sub-pixel spans into one pixel without visiting them. */
  private cumulative: number[] = new Array(NSTATES).fill(0);
  private sorted = true;

  add(span: Span): void {
    const last = this.spans[this.spans.length - 1];
    if (last && span.start_us < last.start_us) this.sorted = false;
    this.spans.push(span);
    if (this.sorted) this.append(span);
  }

  private append(span: Span): void {
    this.maxEnd.push(Math.max(span.end_us, this.maxEnd[this.maxEnd.length - 1] ?? -Infinity));
    const base = this.cumulative.length - NSTATES;
    const k = Math.max(0, STATES.indexOf(span.state));
    for (let j = 0; j < NSTATES; j++) this.cumulative.push(this.cumulative[base + j] + (j === k ? span.end_us - span.start_us : 0));
  }

  private index(): void {
    if (this.sorted) return;
    this.spans.sort((a, b) => a.start_us - b.start_us);
    this.maxEnd = [];
    this.cumulative = new Array(NSTATES).fill(0);
    for (const span of this.spans) this.append(span);
    this.sorted = true;
  }

  /** Time per state spent by spans [a, b), added into `into`. */
  stateTime(a: number, b: number, into: Float64Array): void {
    this.index();
    for (let j = 0; j < NSTATES; j++) into[j] += this.cumulative[b * NSTATES + j] - this.cumulative[a * NSTATES + j];
  }

  /** Spans in start order. */
  ordered(): Span[] {
    this.index();
    return this.spans;
  }

  /** [first, last) indices bracketing the spans that intersect [t0, t1]. Every such span is
   *  inside; with overlapping spans a few inside may end before t0, so callers filter. */
  range(t0: number, t1: number): [number, number] {
    this.index();
    return [lowerBound(this.maxEnd, t0), upperBound(this.spans, t1)];
  }

  /** Spans intersecting [t0, t1], in start order. */
  visible(t0: number, t1: number): Span[] {
    const [a, b] = this.range(t0, t1);
    return this.spans.slice(a, b).filter((s) => s.end_us >= t0);
  }

  /** The span covering time t, or, failing that, the nearest one within `slack` µs. */
  at(t: number, slack = 0): Span | undefined {
    const [a, b] = this.range(t - slack, t + slack);
    let best: Span | undefined;
    let bestDistance = Infinity;
    for (let i = a; i < b; i++) {
      const s = this.spans[i];
      const distance = t < s.start_us ? s.start_us - t : t > s.end_us ? t - s.end_us : 0;
      if (distance < bestDistance || (distance === bestDistance && distance === 0)) {
        best = s;
        bestDistance = distance;
      }
    }
    return best;
  }
}

/** First index i with values[i] >= x (values non-decreasing). */
function lowerBound(values: number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with spans[i].start_us > x. */
function upperBound(spans: Span[], x: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid].start_us <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** All spans of one run (one mode), grouped by lane, growing as progress reports arrive. */
export class SpanStore {
  lanes: Lane[] = [];
  private byLane = new Map<number, LaneSpans>();
  count = 0;
  /** Latest end time seen, in µs from the run's start. */
  end_us = 0;
  /** Bumped on every change so views know when to redraw. */
  version = 0;
  /** The run's causal edges, growing as progress reports arrive. */
  edges = new EdgeIndex();

  setLanes(lanes: Lane[]): void {
    if (lanes.length === 0) return;
    const known = new Map(this.lanes.map((l) => [l.id, l]));
    for (const lane of lanes) known.set(lane.id, lane);
    this.lanes = [...known.values()].sort((a, b) => a.id - b.id);
    this.version++;
  }

  add(spans: Span[]): void {
    for (const span of spans) {
      let lane = this.byLane.get(span.lane);
      if (!lane) {
        lane = new LaneSpans();
        this.byLane.set(span.lane, lane);
        if (!this.lanes.some((l) => l.id === span.lane)) {
          this.lanes = [...this.lanes, { id: span.lane, name: `lane ${span.lane}`, kind: 'thread' as const }].sort((a, b) => a.id - b.id);
        }
      }
      lane.add(span);
      if (span.end_us > this.end_us) this.end_us = span.end_us;
    }
    this.count += spans.length;
    if (spans.length) this.version++;
  }

  /** Replaces everything with a finished run's complete trace (its edges: setEdges). */
  reset(lanes: Lane[], spans: Span[]): void {
    this.byLane.clear();
    this.lanes = [];
    this.count = 0;
    this.end_us = 0;
    this.edges = new EdgeIndex();
    this.setLanes(lanes);
    this.add(spans);
    this.version++;
  }

  /** Adds causal edges of the running run. */
  addEdges(edges: Edge[]): void {
    this.edges.add(edges);
    if (edges.length) this.version++;
  }

  /** Replaces the causal edges (a finished run's). */
  setEdges(edges: Edge[]): void {
    this.edges = new EdgeIndex(edges);
    this.version++;
  }

  /** The name of lane `id`, as the engine gave it. */
  laneName(id: number): string {
    return this.lanes.find((l) => l.id === id)?.name ?? `lane ${id}`;
  }

  lane(id: number): LaneSpans | undefined {
    return this.byLane.get(id);
  }

  /** Every span, lane by lane. */
  *all(): Generator<Span> {
    for (const lane of this.lanes) yield* this.byLane.get(lane.id)?.spans ?? [];
  }
}
