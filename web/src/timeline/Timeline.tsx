// The live timeline: a canvas redrawn at animation-frame rate while spans arrive,
// with zoom (wheel, buttons, + / -), pan (drag, arrow keys) and a hover tooltip.
// All modes of a comparison share one time axis.
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Row, type Track, hitTest, layoutRows } from './layout';
import { AXIS_HEIGHT, type Theme, draw, labelWidthFor, outlineSpan } from './draw';
import { STATE_NAMES } from './states';
import { type Viewport, clamp, fitAll, formatTime, panBy, zoomAt } from './viewport';
import { Legend } from './Legend';
import { links } from '../code/links';
import { drawChosenSpans } from '../code/timeline-marks';
import type { EdgeKind, Span } from '../engine/types';
import { drawArrows } from './arrows';
import { EDGE_KIND_NAMES, EDGE_KINDS } from './edges';
import { explainSpan } from './why';
import { describeStep, firstStep, nextStep } from './follow';

/** How often a live run's timeline is redrawn: ten times a second. */
export const LIVE_REDRAW_MS = 100;
/** The canvas's height changes in steps of this many CSS pixels, and only
 *  grows while a run goes on: a resized canvas is a new bitmap, and making
 *  one for every lane a live run adds (and the page layout it forces) cost
 *  the page's thread more than the drawing itself. The box around it clips
 *  it to the rows there are. */
export const CANVAS_HEIGHT_STEP = 240;

interface Props {
  tracks: Track[];
  /** Wall time of each mode (ms), for the headers and the shared axis. */
  wall: Map<string, number>;
  playhead?: number;
  /** Clicking the plot moves the playhead there (replay). */
  onSeek?: (t: number) => void;
}

/** Room after the end of the longest run in the fitted view, so that its last span visibly ends. */
const END_ROOM = 1.05;

/** A span the reader points at or chose: its arrows are drawn and its wait explained. */
interface Focus {
  track: Track;
  span: Span;
}

/** The edges into and out of a focused span. */
function edgesAround(f: Focus) {
  const lane = f.track.store.lane(f.span.lane);
  return lane ? f.track.store.edges.around(f.span, lane) : { incoming: [], outgoing: [] };
}

/** The sentences explaining a focused span (issue 17), as plain text. */
function whyOf(f: Focus | undefined): string[] {
  if (!f) return [];
  const { incoming, outgoing } = edgesAround(f);
  return explainSpan(f.span, incoming, outgoing, (id) => f.track.store.laneName(id));
}

function readTheme(el: Element): Theme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { fg: v('--fg', '#1b1f24'), muted: v('--muted', '#59636e'), grid: v('--border', '#d0d7de'), bg: v('--bg', '#ffffff') };
}

export function Timeline({ tracks, wall, playhead, onSeek }: Props) {
  const plot = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<Viewport>({ t0: 0, t1: 1, width: 1 });
  const follow = useRef(true);
  const rows = useRef<Row[]>([]);
  const props = useRef({ tracks, wall, playhead });
  props.current = { tracks, wall, playhead };
  const dirty = useRef(true);
  const drag = useRef<{ x: number; moved: boolean } | undefined>(undefined);
  const [tooltip, setTooltip] = useState<{ x: number; y: number; text: string } | undefined>();
  const [height, setHeight] = useState(AXIS_HEIGHT + 40);
  // Hovered (else selected) span, and the kind of edge drawn everywhere.
  const hovered = useRef<Focus | undefined>(undefined);
  const selected = useRef<Focus | undefined>(undefined);
  const [arrowKind, setArrowKind] = useState<EdgeKind | ''>('');
  const arrowKindRef = useRef<EdgeKind | ''>('');
  arrowKindRef.current = arrowKind;
  const [why, setWhy] = useState<string[]>([]);
  // The spans followed to the selected one (Follow), for Back.
  const trail = useRef<Focus[]>([]);
  const shownHeight = useRef(height);
  // The width of the lane names' column as last drawn (draw.ts labelWidthFor: the longest name fits).
  const shownLabelWidth = useRef(120);
  const labelWidth = () => shownLabelWidth.current;

  const total = () => {
    let end = 0;
    // A little room after a live run's "now" so its line stays in view.
    for (const t of props.current.tracks) end = Math.max(end, t.store.end_us, (t.elapsed?.() ?? 0) * 1.05);
    for (const ms of props.current.wall.values()) end = Math.max(end, ms * 1000);
    return Math.max(end * END_ROOM, 1);
  };

  useEffect(() => {
    dirty.current = true;
  }, [tracks, wall, playhead, arrowKind]);
  useEffect(() => {
    follow.current = true;
  }, [tracks]);

  // One animation-frame loop: redraw only when something changed.
  useEffect(() => {
    let frame = 0;
    let seen = '';
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    // The colours are read from the page's CSS once per theme, not per
    // redraw: reading computed style makes the browser bring the whole
    // page's style up to date first.
    let theme: Theme | undefined;
    const redraw = () => {
      dirty.current = true;
    };
    const onTheme = () => {
      theme = undefined;
      redraw();
    };
    media?.addEventListener?.('change', onTheme);
    const unlink = links.subscribe(redraw); // a line chosen in the code panel outlines its spans
    // The plot's width, read again only when the box is resized: reading it
    // makes the browser lay the page out there and then.
    let knownWidth: number | undefined;
    let drawnHeight = 0;
    const resized =
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver(() => {
            knownWidth = undefined;
          });
    if (plot.current) resized?.observe(plot.current);
    const tick = () => {
      frame = requestAnimationFrame(tick);
      const c = canvas.current;
      const w = plot.current;
      if (!c || !w) return;
      const versions = props.current.tracks.map((t) => `${t.store.version}:${t.store.lanes.length}`).join(',');
      const cssWidth = knownWidth ?? (w.clientWidth || 600);
      if (resized) knownWidth = cssWidth;
      // While a run goes on, its new spans and its "now" line are drawn every
      // LIVE_REDRAW_MS, not every frame: drawing takes the page's thread and a
      // core, and the run being shown needs every core it can get. Zooming
      // and panning (dirty) still redraw at once.
      const live = props.current.tracks.some((t) => t.elapsed?.() !== undefined);
      const signature = live ? `live|${Math.floor(performance.now() / LIVE_REDRAW_MS)}|${cssWidth}` : `${versions}|${cssWidth}`;
      if (signature === seen && !dirty.current) return;
      seen = signature;
      dirty.current = false;
      const layout = layoutRows(props.current.tracks);
      const ctx = c.getContext('2d');
      const lw = labelWidthFor(ctx, layout.rows, cssWidth);
      shownLabelWidth.current = lw;
      const plotWidth = Math.max(cssWidth - lw, 10);
      view.current = follow.current ? fitAll(total(), plotWidth) : { ...view.current, width: plotWidth };
      rows.current = layout.rows;
      const cssHeight = AXIS_HEIGHT + Math.max(layout.height, 40);
      if (cssHeight !== shownHeight.current) {
        shownHeight.current = cssHeight;
        setHeight(cssHeight);
      }
      const stepped = Math.ceil(cssHeight / CANVAS_HEIGHT_STEP) * CANVAS_HEIGHT_STEP;
      const dpr = window.devicePixelRatio || 1;
      const canvasHeight = live ? Math.max(stepped, c.height / dpr) : stepped;
      if (c.width !== Math.round(cssWidth * dpr) || c.height !== Math.round(canvasHeight * dpr)) {
        c.width = Math.round(cssWidth * dpr);
        c.height = Math.round(canvasHeight * dpr);
        c.style.height = `${canvasHeight}px`;
      }
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      // Fewer rows than last time: what was drawn below them goes too (hidden
      // by the box, but still in the canvas's pixels).
      if (cssHeight < drawnHeight) ctx.clearRect(0, 0, cssWidth, c.height / dpr);
      drawnHeight = cssHeight;
      theme ??= readTheme(c);
      const cutLabels = draw(ctx, {
        rows: layout.rows,
        viewport: view.current,
        labelWidth: lw,
        height: cssHeight,
        theme,
        playhead: props.current.playhead,
        wall: props.current.wall,
      });
      // What the reader sees, for the browser tests in every engine: the time window shown and how many lane names were cut.
      c.dataset.view = `${Math.round(view.current.t0)} ${Math.round(view.current.t1)}`;
      c.dataset.cutLabels = String(cutLabels);
      drawChosenSpans(ctx, layout.rows, view.current, lw, links, theme.fg);
      const kind = arrowKindRef.current;
      if (kind) {
        for (const track of props.current.tracks) drawArrows(ctx, layout.rows, track, track.store.edges.ofKind(kind), view.current, lw);
      }
      const focus = hovered.current ?? selected.current;
      if (focus) {
        const { incoming, outgoing } = edgesAround(focus);
        drawArrows(ctx, layout.rows, focus.track, [...incoming, ...outgoing], view.current, lw);
      }
      const chosen = selected.current;
      const chosenRow = chosen && layout.rows.find((r) => r.kind === 'lane' && r.track === chosen.track && r.laneId === chosen.span.lane);
      if (chosen && chosenRow) {
        ctx.save();
        ctx.strokeStyle = theme.fg;
        ctx.lineWidth = 2;
        outlineSpan(ctx, chosenRow, chosen.span, view.current, lw);
        ctx.restore();
      }
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      resized?.disconnect();
      media?.removeEventListener?.('change', onTheme);
      unlink();
    };
  }, []);

  const update = (next: Viewport) => {
    follow.current = false;
    view.current = next;
    dirty.current = true;
    setTooltip(undefined);
  };
  const zoom = (factor: number, x = view.current.width / 2) => update(zoomAt(view.current, x, factor, total()));
  const fit = () => {
    follow.current = true;
    dirty.current = true;
  };

  const local = (e: { clientX: number; clientY: number }) => {
    const r = canvas.current!.getBoundingClientRect();
    return { x: e.clientX - r.left - labelWidth(), y: e.clientY - r.top - AXIS_HEIGHT };
  };

  /** Points the arrows and the sentence at `next` (hovered) and redraws if it changed. */
  const setHovered = (next: Focus | undefined) => {
    const before = hovered.current;
    if (before?.span === next?.span && before?.track === next?.track) return;
    hovered.current = next;
    dirty.current = true;
    setWhy(whyOf(next ?? selected.current));
  };

  /** Chooses `next` as a step of a followed chain: outlined, in view, the playhead at it, explained
   *  (`sentence`: how the chain got there, before what explains the span itself). */
  const showStep = (next: Focus, sentence?: string) => {
    selected.current = next;
    const { span } = next;
    const v = view.current;
    if (span.start_us < v.t0 || span.end_us > v.t1) {
      const width = Math.max(v.t1 - v.t0, (span.end_us - span.start_us) * 1.5);
      const middle = (span.start_us + span.end_us) / 2;
      update(clamp({ t0: middle - width / 2, t1: middle + width / 2, width: v.width }, total()));
    }
    dirty.current = true;
    canvas.current?.scrollIntoView?.({ block: 'nearest' });
    onSeek?.(span.start_us);
    const lines = whyOf(next);
    setWhy(sentence === undefined || lines.includes(sentence) ? lines : [sentence, ...lines]);
  };

  /** One step along the chosen span's hand-off (or, with none chosen, from the run's first edge). */
  const followOn = () => {
    const from = selected.current;
    const track = from?.track ?? tracks.find((t) => t.store.edges.size > 0);
    if (!track) return;
    const step = from ? nextStep(track.store, from.span) : firstStep(track.store, arrowKind || undefined);
    if (!step) return setWhy([...whyOf(from), 'the chain ends here']);
    if (from) trail.current.push(from);
    else trail.current = [];
    showStep({ track, span: step.span }, from && describeStep(track.store, step));
  };

  const stepBack = () => {
    const back = trail.current.pop();
    if (back) showStep(back);
  };

  const describeAt = (x: number, y: number) => {
    const hit = hitTest(rows.current, view.current, x, y);
    if (hit?.row.kind !== 'lane') return undefined;
    const s = hit.span;
    return [
      `${hit.row.track.mode} · ${hit.row.name}`,
      `${STATE_NAMES[s.state]}${s.label ? `: ${s.label}` : ''}`,
      `start ${formatTime(s.start_us)}, lasted ${formatTime(s.end_us - s.start_us)}`,
    ].join('\n');
  };

  return (
    <div class="timeline">
      <div class="row" role="toolbar" aria-label="Timeline zoom">
        <button type="button" onClick={() => zoom(2)} aria-label="Zoom in">
          + Zoom in
        </button>
        <button type="button" onClick={() => zoom(0.5)} aria-label="Zoom out">
          − Zoom out
        </button>
        <button type="button" onClick={fit}>
          Fit
        </button>
        <span class="muted small">Wheel to zoom, drag or ← → to pan, hover a span for details.</span>
        <ArrowKindPicker tracks={tracks} value={arrowKind} onChange={setArrowKind} />
        {tracks.some((t) => t.store.edges.size > 0) && (
          <>
            <button type="button" onClick={stepBack} aria-label="Back along the followed chain (key B)">
              ← Back
            </button>
            <button type="button" onClick={followOn} aria-label="Follow the chosen span's hand-off to the next span (key F)">
              Follow →
            </button>
          </>
        )}
      </div>
      <Legend />
      <div style={{ position: 'relative' }}>
        <div ref={plot} class="timeline-plot" style={{ height: `${height}px` }}>
          <canvas
            ref={canvas}
            tabIndex={0}
            role="img"
            aria-label={`Timeline of ${tracks.map((t) => t.mode).join(', ') || 'no run yet'}: one row per thread, task or process, coloured by state. Keys: plus and minus zoom, arrows pan, 0 fits, F follows the chosen span's hand-off, B goes back.`}
            onWheel={(e) => {
              e.preventDefault();
              zoom(e.deltaY < 0 ? 1.25 : 0.8, local(e).x);
            }}
            onPointerDown={(e) => {
              drag.current = { x: e.clientX, moved: false };
              e.currentTarget.setPointerCapture?.(e.pointerId);
            }}
            onPointerUp={(e) => {
              const d = drag.current;
              drag.current = undefined;
              if (d && !d.moved) {
                const { x, y } = local(e);
                // A click chooses the span under it: its arrows stay drawn after the pointer leaves.
                const hit = x >= 0 ? hitTest(rows.current, view.current, x, y) : undefined;
                selected.current = hit && hit.row.kind === 'lane' ? { track: hit.row.track, span: hit.span } : undefined;
                trail.current = [];
                dirty.current = true;
                setWhy(whyOf(hovered.current ?? selected.current));
                if (onSeek && x >= 0) onSeek(view.current.t0 + (x / view.current.width) * (view.current.t1 - view.current.t0));
              }
            }}
            onPointerLeave={() => {
              setTooltip(undefined);
              links.hover(undefined);
              setHovered(undefined);
            }}
            onPointerMove={(e) => {
              const d = drag.current;
              if (d) {
                const dx = e.clientX - d.x;
                if (Math.abs(dx) > 2 || d.moved) {
                  d.moved = true;
                  d.x = e.clientX;
                  update(panBy(view.current, -dx, total()));
                }
                return;
              }
              const { x, y } = local(e);
              const text = x >= 0 ? describeAt(x, y) : undefined;
              // The code panel lights up the line that recorded the span under the pointer.
              const hit = text ? hitTest(rows.current, view.current, x, y) : undefined;
              links.hover(hit && hit.row.kind === 'lane' ? { mode: hit.row.track.mode, span: hit.span, lane: hit.row.name } : undefined);
              setHovered(hit && hit.row.kind === 'lane' ? { track: hit.row.track, span: hit.span } : undefined);
              const r = canvas.current!.getBoundingClientRect();
              setTooltip(text ? { x: Math.min(e.clientX - r.left + 12, r.width - 200), y: e.clientY - r.top + 14, text } : undefined);
            }}
            onKeyDown={(e) => {
              const k = e.key;
              if (k === '+' || k === '=') zoom(1.5);
              else if (k === '-' || k === '_') zoom(1 / 1.5);
              else if (k === 'ArrowLeft') update(panBy(view.current, -view.current.width / 10, total()));
              else if (k === 'ArrowRight') update(panBy(view.current, view.current.width / 10, total()));
              else if (k === '0' || k === 'Home') fit();
              else if (k === 'f' || k === 'F') followOn();
              else if (k === 'b' || k === 'B') stepBack();
              else return;
              e.preventDefault();
            }}
          />
        </div>
        {tooltip && (
          <div class="tooltip" role="status" style={{ left: `${Math.max(tooltip.x, 0)}px`, top: `${tooltip.y}px` }}>
            {tooltip.text}
          </div>
        )}
      </div>
      <WhyItWaited lines={why} />
    </div>
  );
}

/** The sentences for the hovered or chosen span: why it went on. Text nodes only. */
export function WhyItWaited({ lines }: { lines: string[] }) {
  return (
    <div class="timeline-why small" aria-live="polite" data-testid="why-it-waited">
      {lines.length === 0 ? (
        <span class="muted">Hover or click a span to see what it waited for and what let it go on.</span>
      ) : (
        lines.map((line, i) => <p key={i}>{line}.</p>)
      )}
    </div>
  );
}

/** Chooses a kind of edge to draw everywhere (every item's hand-off, every GIL hand-off, …). */
function ArrowKindPicker({ tracks, value, onChange }: { tracks: Track[]; value: EdgeKind | ''; onChange: (kind: EdgeKind | '') => void }) {
  const counts = new Map<EdgeKind, number>();
  for (const t of tracks) for (const k of t.store.edges.kinds()) counts.set(k, (counts.get(k) ?? 0) + t.store.edges.ofKind(k).length);
  if (counts.size === 0) return null;
  return (
    <label class="small">
      Arrows{' '}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value as EdgeKind | '')}>
        <option value="">only the hovered span's</option>
        {EDGE_KINDS.filter((k) => counts.has(k)).map((k) => (
          <option key={k} value={k}>
            all {EDGE_KIND_NAMES[k]} ({counts.get(k)})
          </option>
        ))}
      </select>
    </label>
  );
}
