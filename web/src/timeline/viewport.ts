// The visible time window of the timeline and the maths between time (µs) and pixels.
export interface Viewport {
  /** Visible time window, µs from the run's start. */
  t0: number;
  t1: number;
  /** Width of the drawing area in CSS pixels. */
  width: number;
}

/** Shortest window the reader can zoom to: 10 µs. */
export const MIN_SPAN_US = 10;

export const xOf = (v: Viewport, t: number): number => ((t - v.t0) / (v.t1 - v.t0)) * v.width;
export const timeOf = (v: Viewport, x: number): number => v.t0 + (x / v.width) * (v.t1 - v.t0);
export const usPerPixel = (v: Viewport): number => (v.t1 - v.t0) / v.width;

/** Keeps the window inside [0, total] (when it fits) and no narrower than MIN_SPAN_US. */
export function clamp(v: Viewport, total: number): Viewport {
  const end = Math.max(total, MIN_SPAN_US);
  let span = Math.min(Math.max(v.t1 - v.t0, MIN_SPAN_US), end);
  let t0 = Math.min(Math.max(v.t0, 0), end - span);
  if (!Number.isFinite(t0)) t0 = 0;
  if (!Number.isFinite(span)) span = end;
  return { ...v, t0, t1: t0 + span };
}

/** Zooms by `factor` (> 1 zooms in) keeping the time under pixel x where it is. */
export function zoomAt(v: Viewport, x: number, factor: number, total: number): Viewport {
  const anchor = timeOf(v, x);
  const span = (v.t1 - v.t0) / factor;
  const t0 = anchor - (x / v.width) * span;
  return clamp({ ...v, t0, t1: t0 + span }, total);
}

/** Moves the window by dx pixels (positive moves towards later times). */
export function panBy(v: Viewport, dx: number, total: number): Viewport {
  const dt = dx * usPerPixel(v);
  return clamp({ ...v, t0: v.t0 + dt, t1: v.t1 + dt }, total);
}

export const fitAll = (total: number, width: number): Viewport => ({ t0: 0, t1: Math.max(total, MIN_SPAN_US), width });

/** Round tick step (1, 2 or 5 × 10^k µs) giving roughly one tick per `px` pixels. */
export function tickStep(v: Viewport, px = 90): number {
  const raw = usPerPixel(v) * px;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** "12.3 ms", "850 µs", "1.70 s". */
export function formatTime(us: number): string {
  const a = Math.abs(us);
  if (a >= 1e6) return `${(us / 1e6).toFixed(a >= 1e7 ? 1 : 2)} s`;
  if (a >= 1e3) return `${(us / 1e3).toFixed(a >= 1e5 ? 0 : 1)} ms`;
  return `${Math.round(us)} µs`;
}

/** 100000 → "100 000". Plain code: the first Intl call can stall the page for tens of ms. */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
