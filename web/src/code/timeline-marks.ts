// Outlines, on the timeline's canvas, the spans of the code line chosen in the
// code panel. Called by the timeline after it has drawn a frame.
import type { Row } from '../timeline/layout';
import { outlineSpan } from '../timeline/draw';
import type { Viewport } from '../timeline/viewport';
import type { Links } from './links';

/** At most this many outlines per frame (a chosen line can have 100 000 spans). */
const MAX_OUTLINES = 4000;

/** Draws the outlines; returns how many spans were outlined. */
export function drawChosenSpans(ctx: CanvasRenderingContext2D, rows: Row[], v: Viewport, labelWidth: number, store: Links, colour: string): number {
  const chosen = store.get().chosen;
  if (!chosen) return 0;
  let drawn = 0;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  for (const row of rows) {
    if (row.kind !== 'lane' || row.track.mode !== chosen.mode) continue;
    const lane = row.track.store.lane(row.laneId);
    if (!lane) continue;
    for (const span of lane.visible(v.t0, v.t1)) {
      if (!store.isChosen(row.track.mode, span)) continue;
      outlineSpan(ctx, row, span, v, labelWidth);
      if (++drawn >= MAX_OUTLINES) break;
    }
    if (drawn >= MAX_OUTLINES) break;
  }
  ctx.restore();
  return drawn;
}
