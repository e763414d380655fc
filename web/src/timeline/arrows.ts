// Draws causal edges as arrows on the timeline (issue 17): from where an edge
// starts (its lane's row, its time) to where it ends. Called by the timeline
// after it has drawn a frame.
import type { Edge } from '../engine/types';
import { AXIS_HEIGHT } from './draw';
import type { Row, Track } from './layout';
import { type Viewport, xOf } from './viewport';

/** The arrows' colour: none of the states' (states.ts), so they stand out (and tests can count them). */
export const ARROW_COLOUR = '#0b7285';
/** At most this many arrows per frame: more are thinned to every n-th, so a dense run stays fast. */
export const MAX_ARROWS = 300;

/** The y of each lane's row centre, per track. */
function rowCentres(rows: Row[], track: Track): Map<number, number> {
  const centres = new Map<number, number>();
  for (const row of rows) {
    if (row.kind === 'lane' && row.track === track) centres.set(row.laneId, row.y + AXIS_HEIGHT + row.height / 2);
  }
  return centres;
}

/** Draws `edges` of `track` that touch the viewport; returns how many were drawn. */
export function drawArrows(ctx: CanvasRenderingContext2D, rows: Row[], track: Track, edges: Edge[], v: Viewport, labelWidth: number): number {
  const visible = edges.filter((e) => e.to_us >= v.t0 && e.from_us <= v.t1);
  if (visible.length === 0) return 0;
  const centres = rowCentres(rows, track);
  const step = Math.ceil(visible.length / MAX_ARROWS);
  let drawn = 0;
  ctx.save();
  ctx.strokeStyle = ARROW_COLOUR;
  ctx.fillStyle = ARROW_COLOUR;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.rect(labelWidth, AXIS_HEIGHT, v.width, 1e6);
  ctx.clip();
  for (let i = 0; i < visible.length; i += step) {
    const e = visible[i];
    const y0 = centres.get(e.from_lane);
    const y1 = centres.get(e.to_lane);
    if (y0 === undefined || y1 === undefined) continue;
    const x0 = labelWidth + xOf(v, e.from_us);
    const x1 = labelWidth + xOf(v, e.to_us);
    arrow(ctx, x0, y0, x1, y1);
    drawn++;
  }
  ctx.restore();
  return drawn;
}

/** A line with a dot where it starts and a head where it ends; an edge within one
 *  lane (a timer) bends above the row so that it can be seen. */
function arrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  const sameRow = Math.abs(y1 - y0) < 1;
  const bend = sameRow ? Math.max(8, Math.min(30, (x1 - x0) / 3)) : 0;
  ctx.beginPath();
  ctx.arc(x0, y0, 2.5, 0, Math.PI * 2);
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  if (sameRow) ctx.bezierCurveTo(x0, y0 - bend, x1, y1 - bend, x1, y1);
  else ctx.lineTo(x1, y1);
  ctx.stroke();
  // The head points along the last stretch of the line.
  const angle = sameRow ? Math.PI / 2 : Math.atan2(y1 - y0, x1 - x0);
  const size = 7;
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - size * Math.cos(angle - 0.45), y1 - size * Math.sin(angle - 0.45));
  ctx.lineTo(x1 - size * Math.cos(angle + 0.45), y1 - size * Math.sin(angle + 0.45));
  ctx.closePath();
  ctx.fill();
}
