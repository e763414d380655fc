// Where each mode and lane sits on the canvas, what is under the pointer, and the
// rectangles to draw for a lane at the current zoom (sub-pixel spans merged).
import type { Span, SpanState } from '../engine/types';
import type { LaneSpans, SpanStore } from './store';
import { STATES, stateIndex } from './states';
import { type Viewport, timeOf, usPerPixel, xOf } from './viewport';

export const HEADER_HEIGHT = 22;
export const ROW_HEIGHT = 18;
export const ROW_GAP = 3;

/** One mode's recorded run, as the timeline shows it. */
export interface Track {
  mode: string;
  store: SpanStore;
  /** While the run goes on: µs since it started (spans only arrive once they end). */
  elapsed?: () => number | undefined;
}

export type Row =
  | { kind: 'header'; track: Track; y: number; height: number }
  | { kind: 'lane'; track: Track; laneId: number; name: string; y: number; height: number };

/** Rows top to bottom: a header per mode, then one row per lane of that mode. */
export function layoutRows(tracks: Track[]): { rows: Row[]; height: number } {
  const rows: Row[] = [];
  let y = 0;
  for (const track of tracks) {
    rows.push({ kind: 'header', track, y, height: HEADER_HEIGHT });
    y += HEADER_HEIGHT;
    for (const lane of track.store.lanes) {
      rows.push({ kind: 'lane', track, laneId: lane.id, name: lane.name, y, height: ROW_HEIGHT });
      y += ROW_HEIGHT + ROW_GAP;
    }
  }
  return { rows, height: y };
}

export function rowAt(rows: Row[], y: number): Row | undefined {
  return rows.find((r) => y >= r.y && y < r.y + r.height);
}

/** The span under the pointer at (x, y) (canvas CSS pixels, x relative to the plot). */
export function hitTest(rows: Row[], v: Viewport, x: number, y: number, slackPx = 3): { row: Row; span: Span } | undefined {
  const row = rowAt(rows, y);
  if (row?.kind !== 'lane') return undefined;
  const span = row.track.store.lane(row.laneId)?.at(timeOf(v, x), slackPx * usPerPixel(v));
  return span ? { row, span } : undefined;
}

export interface Rect {
  x: number;
  w: number;
  state: SpanState;
  /** How many spans this rectangle stands for (> 1 when merged). */
  spans: number;
}

/** Rectangles for one lane in the viewport. Spans narrower than a pixel are merged
 *  per pixel column, coloured by the state that took most of that column's time
 *  (from the lane's cumulative state times, without visiting each span), so the
 *  work and the number of rectangles are bounded by the width, not the span count. */
export function laneRects(lane: LaneSpans, v: Viewport): Rect[] {
  const [a, b] = lane.range(v.t0, v.t1);
  const spans = lane.spans;
  const out: Rect[] = [];
  const weight = new Float64Array(STATES.length);
  let i = a;
  while (i < b) {
    const s = spans[i];
    if (s.end_us < v.t0 || s.start_us >= v.t1 || (s.end_us === v.t0 && s.start_us < v.t0)) {
      i++;
      continue;
    }
    const x0 = Math.max(xOf(v, s.start_us), 0);
    const x1 = Math.min(xOf(v, s.end_us), v.width);
    if (x1 - x0 >= 1) {
      out.push({ x: x0, w: x1 - x0, state: s.state, spans: 1 });
      i++;
      continue;
    }
    // Every span starting in this pixel column; a wide last one is drawn on its own.
    const column = Math.floor(x0);
    let j = firstInLaterColumn(spans, v, column, i + 1, b);
    const last = spans[j - 1];
    if (j - 1 > i && xOf(v, last.end_us) - xOf(v, last.start_us) >= 1) j--;
    weight.fill(0);
    lane.stateTime(i, j, weight);
    // Only moments (marks of no length) in the column: the most of them decides.
    if (weight.every((w) => w === 0)) for (let k = i; k < j; k++) weight[stateIndex(spans[k].state)]++;
    let best = 0;
    for (let k = 1; k < weight.length; k++) if (weight[k] > weight[best]) best = k;
    out.push({ x: column, w: 1, state: STATES[best], spans: j - i });
    i = j;
  }
  return out;
}

/** First index in [from, to) whose span starts in a pixel column after `column`
 *  (computed the same way as the column itself, so no column is emitted twice). */
function firstInLaterColumn(spans: Span[], v: Viewport, column: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Math.floor(Math.max(xOf(v, spans[mid].start_us), 0)) <= column) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
