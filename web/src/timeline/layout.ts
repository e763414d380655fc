// Where each mode and lane sits on the canvas, what is under the pointer, and the
// rectangles to draw for a lane at the current zoom (sub-pixel spans merged).
import type { Span, SpanState } from '../engine/types';
import type { LaneSpans, SpanStore } from './store';
import { STATES } from './states';
import { type Viewport, timeOf, usPerPixel, xOf } from './viewport';

export const HEADER_HEIGHT = 22;
export const ROW_HEIGHT = 18;
export const ROW_GAP = 3;

/** One mode's recorded run, as the timeline shows it. */
export interface Track {
  mode: string;
  store: SpanStore;
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
  if (!row || row.kind !== 'lane') return undefined;
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
 *  per pixel column, coloured by the state that took most of that column's time,
 *  so the number of rectangles is bounded by the width, not by the span count. */
export function laneRects(lane: LaneSpans, v: Viewport): Rect[] {
  const [a, b] = lane.range(v.t0, v.t1);
  const out: Rect[] = [];
  let column = -1;
  const weight = new Float64Array(STATES.length);
  let columnSpans = 0;
  const flush = () => {
    if (column < 0 || columnSpans === 0) return;
    let best = 0;
    for (let i = 1; i < weight.length; i++) if (weight[i] > weight[best]) best = i;
    out.push({ x: column, w: 1, state: STATES[best], spans: columnSpans });
    weight.fill(0);
    columnSpans = 0;
  };
  for (let i = a; i < b; i++) {
    const s = lane.spans[i];
    if (s.end_us < v.t0 || s.start_us >= v.t1 || (s.end_us === v.t0 && s.start_us < v.t0)) continue;
    const x0 = Math.max(xOf(v, s.start_us), 0);
    const x1 = Math.min(xOf(v, s.end_us), v.width);
    if (x1 - x0 >= 1) {
      flush();
      column = -1;
      out.push({ x: x0, w: x1 - x0, state: s.state, spans: 1 });
      continue;
    }
    const c = Math.floor(x0);
    if (c !== column) {
      flush();
      column = c;
    }
    const k = STATES.indexOf(s.state);
    weight[k < 0 ? 0 : k] += Math.max(s.end_us - s.start_us, 1e-9);
    columnSpans++;
  }
  flush();
  return out;
}
