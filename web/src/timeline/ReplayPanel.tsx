// Replay over a recorded run: a playhead that plays back slower, pauses, and steps to
// the next or previous event, each described in words.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Track } from './layout';
import { advance, collectEvents, describe, indexAt, step } from './replay';
import { formatTime, groupDigits } from './viewport';
import { links } from '../code/links';

interface Props {
  tracks: Track[];
  /** Changes whenever the recorded spans change (so events are recomputed). */
  version: string;
  end_us: number;
  playhead: number | undefined;
  onPlayhead: (t: number | undefined) => void;
}

const SLOWDOWNS = [1, 2, 5, 10, 20, 50, 100];

export function ReplayPanel({ tracks, version, end_us, playhead, onPlayhead }: Props) {
  // Events are gathered when the reader first uses the replay (100 000 spans take a moment).
  const [wanted, setWanted] = useState(false);
  // A step asked for before the events were gathered runs once they are.
  const [pending, setPending] = useState<1 | -1>();
  const events = useMemo(() => (wanted ? collectEvents(tracks) : []), [wanted, tracks, version]);
  const spanCount = tracks.reduce((n, t) => n + t.store.count, 0);
  const [playing, setPlaying] = useState(false);
  const [slowdown, setSlowdown] = useState(10);
  const [index, setIndex] = useState(-1);
  const t = playhead ?? 0;
  const state = useRef({ t, slowdown, end_us });
  state.current = { t, slowdown, end_us };

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = performance.now();
    const tick = (now: number) => {
      const next = advance(state.current.t, now - last, state.current.slowdown, state.current.end_us);
      last = now;
      onPlayhead(next);
      setIndex(indexAt(events, next));
      if (next >= state.current.end_us) setPlaying(false);
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, events]);

  const go = (direction: 1 | -1) => {
    setPlaying(false);
    if (!wanted) {
      setWanted(true);
      setPending(direction);
      return;
    }
    if (!events.length) return;
    let i: number;
    if (playhead === undefined) i = direction === 1 ? 0 : events.length - 1;
    else if (index >= 0 && events[index]?.t === t) i = step(events, index, direction);
    else {
      // The playhead was moved by playing or scrubbing: step from where it is.
      const before = indexAt(events, t);
      i = direction === 1 ? Math.min(before + 1, events.length - 1) : Math.max(before >= 0 && events[before].t < t ? before : before - 1, 0);
    }
    setIndex(i);
    onPlayhead(events[i].t);
  };

  useEffect(() => {
    if (pending && events.length) {
      setPending(undefined);
      go(pending);
    }
  }, [events, pending]);

  // The code panel lights up the line that recorded the current event's span.
  useEffect(() => {
    const e = index >= 0 ? events[index] : undefined;
    const span = e?.to ?? e?.from;
    links.step(e && span ? { mode: e.mode, span, lane: e.lane } : undefined);
  }, [index, events]);
  useEffect(() => () => links.step(undefined), []);

  const multi = tracks.length > 1;
  const current = index >= 0 && events[index] ? describe(events[index], multi) : '';
  return (
    <div class="panel replay">
      <h3>Replay</h3>
      {/* biome-ignore lint/a11y/useSemanticElements: a fieldset would bring a border and legend; the group keeps the row's layout */}
      <div class="row" role="group" aria-label="Replay controls">
        <button type="button" onClick={() => go(-1)} disabled={!spanCount} aria-label="Previous event">
          ← Previous
        </button>
        {playing ? (
          <button type="button" onClick={() => setPlaying(false)}>
            Pause
          </button>
        ) : (
          <button
            type="button"
            disabled={!spanCount}
            onClick={() => {
              setWanted(true);
              if (playhead === undefined || playhead >= end_us) onPlayhead(0);
              setPlaying(true);
            }}
          >
            Play
          </button>
        )}
        <button type="button" onClick={() => go(1)} disabled={!spanCount} aria-label="Next event">
          Next →
        </button>
        <label>
          Slower by{' '}
          <select value={slowdown} onChange={(e) => setSlowdown(Number(e.currentTarget.value))}>
            {SLOWDOWNS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <input
          type="range"
          aria-label="Playhead"
          min={0}
          max={Math.max(end_us, 1)}
          step="any"
          value={t}
          onInput={(e) => {
            setPlaying(false);
            setWanted(true);
            const v = Number(e.currentTarget.value);
            onPlayhead(v);
            setIndex(indexAt(events, v));
          }}
        />
        <span class="muted small">{playhead === undefined ? 'not started' : `${formatTime(t)} of ${formatTime(end_us)}`}</span>
        {playhead !== undefined && (
          <button
            type="button"
            onClick={() => {
              setPlaying(false);
              setIndex(-1);
              onPlayhead(undefined);
            }}
          >
            Show all
          </button>
        )}
      </div>
      <p class="replay-event" aria-live="polite">
        {current || (spanCount ? `${groupDigits(spanCount)} spans recorded. Step through their events or press play.` : 'Run something to replay it.')}
      </p>
    </div>
  );
}
