// The frame the sweep charts draw in: its size and margins, the axes, their
// tick labels and titles. A chart maps its data with chartScale and draws its
// points and lines as children.
import type { ComponentChildren } from 'preact';

const WIDTH = 520;
const HEIGHT = 300;
const TOP = 12;
const RIGHT = 16;
const BOTTOM = 36;

export interface ChartScale {
  /** Room for the y axis' tick labels, in SVG units. */
  left: number;
  /** Data to SVG coordinates. */
  x: (v: number) => number;
  y: (v: number) => number;
  /** The plot area's top and bottom edges (the x axis). */
  top: number;
  base: number;
}

/** Maps the data ranges [x0, x1] and [y0, y1] onto the plot area. */
export function chartScale(left: number, [x0, x1]: [number, number], [y0, y1]: [number, number]): ChartScale {
  return {
    left,
    x: (v) => left + ((v - x0) / (x1 - x0)) * (WIDTH - left - RIGHT),
    y: (v) => HEIGHT - BOTTOM - ((v - y0) / (y1 - y0)) * (HEIGHT - BOTTOM - TOP),
    top: TOP,
    base: HEIGHT - BOTTOM,
  };
}

interface Props {
  scale: ChartScale;
  /** What the chart shows, for screen readers. */
  label: string;
  xTicks: number[];
  yTicks: number[];
  xTitle: string;
  yTitle: string;
  /** A tick's text (default: the value as it is). */
  tickText?: (v: number) => string;
  children: ComponentChildren;
}

export function ChartFrame({ scale, label, xTicks, yTicks, xTitle, yTitle, tickText = String, children }: Props) {
  const { left, x, y, top, base } = scale;
  const middle = top + (base - top) / 2;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <line class="axis" x1={left} y1={base} x2={WIDTH - RIGHT} y2={base} />
      <line class="axis" x1={left} y1={top} x2={left} y2={base} />
      {xTicks.map((v) => (
        <text key={`x${v}`} x={x(v)} y={base + 16} text-anchor="middle">
          {tickText(v)}
        </text>
      ))}
      {yTicks.map((v) => (
        <text key={`y${v}`} x={left - 6} y={y(v) + 4} text-anchor="end">
          {tickText(v)}
        </text>
      ))}
      <text x={(left + WIDTH - RIGHT) / 2} y={HEIGHT - 4} text-anchor="middle">
        {xTitle}
      </text>
      <text x={12} y={middle} text-anchor="middle" transform={`rotate(-90 12 ${middle})`}>
        {yTitle}
      </text>
      {children}
    </svg>
  );
}
