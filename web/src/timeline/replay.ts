// The events of a recorded run (a lane starting, stopping or switching state) in
// time order, described in words, so the reader can step forwards and backwards.
import type { Span, SpanState } from '../engine/types';
import type { Track } from './layout';
import { MOMENTS, STATE_NAMES } from './states';
import { formatTime } from './viewport';

export interface ReplayEvent {
  t: number;
  mode: string;
  lane: string;
  /** The span that ends here (if any) and the one that starts here (if any). */
  from?: Span;
  to?: Span;
}

const START: Record<SpanState, string> = {
  running: 'started running',
  waiting_for_gil: 'started waiting for the GIL',
  waiting_on_io: 'started waiting on I/O',
  blocked_on_queue: 'blocked on the queue',
  idle: 'went idle',
  starting: 'is starting up',
  waiting_for_lock: 'started waiting for a lock',
  arrived: 'had a request arrive',
  rejected: 'had a request rejected (503)',
};

const END: Record<SpanState, string> = {
  running: 'stopped running',
  waiting_for_gil: 'got the GIL',
  waiting_on_io: 'finished waiting on I/O',
  blocked_on_queue: 'was unblocked by the queue',
  idle: 'stopped being idle',
  starting: 'finished starting up',
  waiting_for_lock: 'stopped waiting for the lock',
  arrived: 'had a request arrive',
  rejected: 'had a request rejected (503)',
};

/** Two spans of a lane that meet within this many µs are one switch, not two events. */
const JOIN_US = 1;

/** Every event of the tracks, sorted by time (stable: mode order, then lane order). */
export function collectEvents(tracks: Track[]): ReplayEvent[] {
  const events: ReplayEvent[] = [];
  for (const { mode, store } of tracks) {
    for (const lane of store.lanes) {
      const sorted = store.lane(lane.id)?.ordered() ?? [];
      let previous: Span | undefined;
      for (const span of sorted) {
        if (MOMENTS.has(span.state)) {
          // A moment (a request arriving): one event, nothing ends.
          events.push({ t: span.start_us, mode, lane: lane.name, to: span });
          continue;
        }
        if (previous && Math.abs(span.start_us - previous.end_us) <= JOIN_US) {
          events.push({ t: span.start_us, mode, lane: lane.name, from: previous, to: span });
        } else {
          if (previous) events.push({ t: previous.end_us, mode, lane: lane.name, from: previous });
          events.push({ t: span.start_us, mode, lane: lane.name, to: span });
        }
        previous = span;
      }
      if (previous) events.push({ t: previous.end_us, mode, lane: lane.name, from: previous });
    }
  }
  // Array.prototype.sort is stable, so simultaneous events keep mode/lane order.
  return events.sort((a, b) => a.t - b.t);
}

const withLabel = (phrase: string, span: Span) => (span.label ? `${phrase} (${span.label})` : phrase);

/** "worker 2 started waiting for the GIL at 12.3 ms". */
export function describe(event: ReplayEvent, withMode = false): string {
  const who = withMode ? `${event.mode}: ${event.lane}` : event.lane;
  const at = `at ${formatTime(event.t)}`;
  const { from, to } = event;
  if (from && to) {
    if (from.state === to.state)
      return from.label ? `${who} finished ${from.label} and ${withLabel(START[to.state], to)} ${at}` : `${who} ${withLabel(START[to.state], to)} ${at}`;
    return `${who} went from ${STATE_NAMES[from.state]} to ${withLabel(STATE_NAMES[to.state], to)} ${at}`;
  }
  if (to) return `${who} ${withLabel(START[to.state], to)} ${at}`;
  if (from) return `${who} ${withLabel(END[from.state], from)} ${at}`;
  return `${who} ${at}`;
}

/** Index of the last event at or before t (−1 when none). */
export function indexAt(events: ReplayEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid].t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The event index one step forward (+1) or back (−1) from `index`, kept in range. */
export function step(events: ReplayEvent[], index: number, direction: 1 | -1): number {
  if (events.length === 0) return -1;
  return Math.min(Math.max(index + direction, 0), events.length - 1);
}

/** Playhead after `elapsedMs` of real time at a slow-down factor (10 = ten times slower). */
export function advance(t: number, elapsedMs: number, slowdown: number, end: number): number {
  return Math.min(t + (elapsedMs * 1000) / Math.max(slowdown, 1e-6), end);
}
