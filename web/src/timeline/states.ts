// The states a span can be in, their colours and the words used for them.
// Colours are mid-tones chosen to stay readable on both the light and the dark
// background, and to differ in lightness as well as hue.
import type { SpanState } from '../engine/types';

export const STATES: SpanState[] = [
  'running',
  'waiting_for_gil',
  'waiting_on_io',
  'blocked_on_queue',
  'idle',
  'starting',
  'waiting_for_lock',
  'arrived',
  'rejected',
];

export const STATE_COLOURS: Record<SpanState, string> = {
  running: '#2f9e44',
  waiting_for_gil: '#e03131',
  waiting_on_io: '#3b82f6',
  blocked_on_queue: '#f08c00',
  idle: '#868e96',
  starting: '#9c5de0',
  waiting_for_lock: '#c2255c',
  arrived: '#15aabf',
  rejected: '#fab005',
};

export const STATE_NAMES: Record<SpanState, string> = {
  running: 'running',
  waiting_for_gil: 'waiting for the GIL',
  waiting_on_io: 'waiting on I/O',
  blocked_on_queue: 'blocked on the queue',
  idle: 'idle',
  starting: 'starting',
  waiting_for_lock: 'waiting for a lock',
  arrived: 'arrived (a request let in)',
  rejected: 'rejected (503)',
};

/** States of moments, drawn as marks: spans of no length. */
export const MOMENTS: ReadonlySet<SpanState> = new Set<SpanState>(['arrived', 'rejected']);

export const stateIndex = (state: SpanState): number => Math.max(0, STATES.indexOf(state));
