// Scenarios and spans the web tests build on. The scenario has the shape of the files
// in scenarios/ (see web/src/engine/types.ts); the spans are constructed here.
import type { Scenario, Span } from '../../web/src/engine/types';

export const sleep: Scenario = {
  id: 'sleep',
  title: 'Sleep: sync vs threads vs coroutines',
  lesson: 'Two waits of 0.8 s and 0.9 s.',
  demo: 'sleep',
  modes: [{ id: 'serial' }, { id: 'threads', needs_threads: true, honours_gil: true }, { id: 'coroutines' }, { id: 'first-completed' }],
  baseline: 'serial',
  threads: { default: 2, min: 1, max: 64 },
  gil: false,
  parameters: {
    first_ms: { type: 'integer', default: 800, min: 0, max: 10000, unit: 'ms', label: 'First wait', description: 'How long the first task sleeps.' },
    second_ms: { type: 'integer', default: 900, min: 0, max: 10000, unit: 'ms', label: 'Second wait' },
    scale: { type: 'number', default: 1, min: 0.1, max: 2, label: 'Scale' },
    cancel_rest: { type: 'boolean', default: true, label: 'Cancel the rest' },
  },
  notice: ['Threads and coroutines take as long as the longest wait.'],
};

export const distance: Scenario = {
  id: 'distance-matrix',
  title: 'Distance matrix',
  lesson: 'The running example.',
  demo: 'distance-matrix',
  modes: [{ id: 'serial' }, { id: 'threads', needs_threads: true }, { id: 'pool', needs_threads: true }, { id: 'coroutines' }, { id: 'processes' }],
  baseline: 'serial',
  amdahl_sweep: true,
  parameters: {},
  notice: [],
  data: ['data/five_locations.csv', 'data/many_locations.csv'],
};

/** A lane alternating running / waiting_for_gil, `count` spans of `width` µs from `start`. */
export function alternating(lane: number, count: number, width = 10, start = 0): Span[] {
  return Array.from({ length: count }, (_, i) => ({
    lane,
    state: i % 2 === 0 ? 'running' : 'waiting_for_gil',
    start_us: start + i * width,
    end_us: start + (i + 1) * width,
    label: `step ${i}`,
    site: '',
  }));
}
