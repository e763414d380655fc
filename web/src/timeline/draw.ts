// Paints the timeline: time axis, one header per mode, one row per lane, the
// playhead. Pure function of its inputs so the component can call it every frame.
import type { Span } from '../engine/types';
import type { Row } from './layout';
import { laneRects } from './layout';
import { STATE_COLOURS } from './states';
import { type Viewport, formatTime, tickStep, xOf } from './viewport';

export const AXIS_HEIGHT = 20;

export interface Theme {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
}

export interface Frame {
  rows: Row[];
  viewport: Viewport;
  /** Left column with lane names, CSS px. */
  labelWidth: number;
  height: number;
  theme: Theme;
  /** Replay playhead (µs): later spans are faded. */
  playhead?: number;
  /** Wall time of each mode, shown in its header. */
  wall?: Map<string, number>;
}

const LABEL_FONT = '12px system-ui, sans-serif';

/** Room for the lane names at the left: the longest name (at least 76 px, 120 on a wide plot),
 *  but never more than 40 % of the plot, so that a narrow screen keeps room for the spans. */
export function labelWidthFor(ctx: CanvasRenderingContext2D | null, rows: Row[], width: number): number {
  const least = width < 520 ? 76 : 120;
  if (!ctx) return least;
  ctx.font = LABEL_FONT;
  let longest = 0;
  for (const row of rows) if (row.kind === 'lane') longest = Math.max(longest, ctx.measureText(row.name).width);
  return Math.round(Math.max(least, Math.min(longest + 16, width * 0.4)));
}

/** Draws a frame; returns how many lane names were too long for the label column (shortened with "…"). */
export function draw(ctx: CanvasRenderingContext2D, f: Frame): number {
  const { viewport: v, labelWidth: lw, theme } = f;
  const width = lw + v.width;
  ctx.clearRect(0, 0, width, f.height);
  ctx.font = LABEL_FONT;
  ctx.textBaseline = 'middle';

  // Axis and grid lines.
  const step = tickStep(v);
  ctx.fillStyle = theme.muted;
  ctx.strokeStyle = theme.grid;
  ctx.lineWidth = 1;
  for (let t = Math.ceil(v.t0 / step) * step; t <= v.t1; t += step) {
    const x = Math.round(lw + xOf(v, t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, AXIS_HEIGHT - 4);
    ctx.lineTo(x, f.height);
    ctx.stroke();
    // A label that would run off the right edge is left out: a cut "40" reads as a wrong time.
    const text = formatTime(t);
    if (x + 3 + ctx.measureText(text).width <= width) ctx.fillText(text, x + 3, AXIS_HEIGHT / 2);
  }

  // Spans first, then the replay fade, then names on top so they stay readable.
  for (const row of f.rows) {
    if (row.kind !== 'lane') continue;
    const lane = row.track.store.lane(row.laneId);
    if (!lane) continue;
    const y = row.y + AXIS_HEIGHT;
    for (const rect of laneRects(lane, v)) {
      ctx.fillStyle = STATE_COLOURS[rect.state];
      ctx.fillRect(lw + rect.x, y, Math.max(rect.w, 1), row.height);
    }
  }

  // A run still going: a dashed "now" line across its rows (open spans are not known yet).
  for (let i = 0; i < f.rows.length; i++) {
    const row = f.rows[i];
    const now = row.kind === 'header' ? row.track.elapsed?.() : undefined;
    if (now === undefined || now < v.t0 || now > v.t1) continue;
    let last = i;
    while (last + 1 < f.rows.length && f.rows[last + 1].track === row.track) last++;
    const x = Math.round(lw + xOf(v, now)) + 0.5;
    ctx.save();
    ctx.setLineDash([4, 3]);
    ctx.strokeStyle = theme.fg;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, row.y + AXIS_HEIGHT);
    ctx.lineTo(x, f.rows[last].y + f.rows[last].height + AXIS_HEIGHT);
    ctx.stroke();
    ctx.restore();
  }

  if (f.playhead !== undefined && f.playhead <= v.t1) {
    const x = lw + Math.max(xOf(v, f.playhead), 0);
    ctx.globalAlpha = 0.65;
    ctx.fillStyle = theme.bg;
    ctx.fillRect(x, AXIS_HEIGHT, lw + v.width - x, f.height - AXIS_HEIGHT);
    ctx.globalAlpha = 1;
    if (f.playhead >= v.t0) {
      ctx.strokeStyle = theme.fg;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x, 0);
      ctx.lineTo(x, f.height);
      ctx.stroke();
    }
  }

  let cut = 0;
  for (const row of f.rows) {
    const y = row.y + AXIS_HEIGHT;
    if (row.kind === 'header') {
      ctx.fillStyle = theme.fg;
      ctx.font = '600 12px system-ui, sans-serif';
      const wall = f.wall?.get(row.track.mode);
      const now = row.track.elapsed?.();
      const title =
        wall !== undefined
          ? `${row.track.mode} — ${formatTime(wall * 1000)}`
          : now !== undefined
            ? `${row.track.mode} — running, ${formatTime(now)}`
            : row.track.mode;
      ctx.fillText(title, 4, y + row.height / 2 + 2);
      ctx.font = LABEL_FONT;
    } else {
      ctx.fillStyle = theme.muted;
      const name = ellipsis(ctx, row.name, lw - 10);
      if (name !== row.name) cut++;
      ctx.fillText(name, 10, y + row.height / 2);
    }
  }
  return cut;
}

function ellipsis(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let s = text;
  while (s.length > 1 && ctx.measureText(`${s}…`).width > max) s = s.slice(0, -1);
  return `${s}…`;
}

/** Outlines `span`, drawn on lane row `row`, in the current stroke style (a chosen span). */
export function outlineSpan(ctx: CanvasRenderingContext2D, row: Row, span: Span, v: Viewport, labelWidth: number): void {
  const x0 = Math.max(xOf(v, span.start_us), 0);
  const x1 = Math.min(xOf(v, span.end_us), v.width);
  if (x1 < 0 || x0 > v.width) return;
  ctx.strokeRect(labelWidth + x0 + 1, row.y + AXIS_HEIGHT + 1, Math.max(x1 - x0 - 2, 1), row.height - 2);
}
