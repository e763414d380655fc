import { describe, expect, it } from 'vitest';
import { SpanStore } from '../../web/src/timeline/store';
import { advance, collectEvents, describe as describeEvent, indexAt, step } from '../../web/src/timeline/replay';
import type { Span } from '../../web/src/engine/types';

const span = (lane: number, start_us: number, end_us: number, state: Span['state'], label = ''): Span => ({ lane, state, start_us, end_us, label, site: '' });

function gilHandOff() {
  const store = new SpanStore();
  store.setLanes([
    { id: 1, name: 'worker 1', kind: 'thread' },
    { id: 2, name: 'worker 2', kind: 'thread' },
  ]);
  store.add([
    span(1, 0, 5000, 'running', 'job 1'),
    span(1, 5000, 10_000, 'waiting_for_gil'),
    span(2, 0, 5000, 'waiting_for_gil'),
    span(2, 5000, 12_300, 'running', 'job 2'),
    span(2, 12_300, 20_000, 'waiting_on_io', 'write row'),
  ]);
  return collectEvents([{ mode: 'threads', store }]);
}

describe('replay events', () => {
  it('turns spans into time-ordered events, joining a lane’s back-to-back spans into one switch', () => {
    const events = gilHandOff();
    expect(events.map((e) => e.t)).toEqual([0, 0, 5000, 5000, 10_000, 12_300, 20_000]);
    expect(events.map((e) => describeEvent(e))).toEqual([
      'worker 1 started running (job 1) at 0 µs',
      'worker 2 started waiting for the GIL at 0 µs',
      'worker 1 went from running to waiting for the GIL at 5.0 ms',
      'worker 2 went from waiting for the GIL to running (job 2) at 5.0 ms',
      'worker 1 got the GIL at 10.0 ms',
      'worker 2 went from running to waiting on I/O (write row) at 12.3 ms',
      'worker 2 finished waiting on I/O (write row) at 20.0 ms',
    ]);
  });

  it('tells an arrival or a rejection as one event at its moment', () => {
    const store = new SpanStore();
    store.setLanes([{ id: 0, name: 'arrivals', kind: 'thread' }]);
    store.add([span(0, 1000, 1000, 'arrived', 'request 1'), span(0, 1000, 1000, 'rejected', 'request 2: the backlog was full')]);
    expect(collectEvents([{ mode: 'sync', store }]).map((e) => describeEvent(e))).toEqual([
      'arrivals had a request arrive (request 1) at 1.0 ms',
      'arrivals had a request rejected (503) (request 2: the backlog was full) at 1.0 ms',
    ]);
  });

  it('describes a lane moving on to the next job in the same state', () => {
    const store = new SpanStore();
    store.setLanes([{ id: 1, name: 'thread 1', kind: 'thread' }]);
    store.add([
      span(1, 0, 10, 'starting', 'thread start'),
      span(1, 10, 20, 'running', 'job 1'),
      span(1, 20, 30, 'running', 'job 2'),
      span(1, 30, 40, 'running', ''),
    ]);
    const words = collectEvents([{ mode: 'threads', store }]).map((e) => describeEvent(e));
    expect(words).toEqual([
      'thread 1 is starting up (thread start) at 0 µs',
      'thread 1 went from starting to running (job 1) at 10 µs',
      'thread 1 finished job 1 and started running (job 2) at 20 µs',
      'thread 1 finished job 2 and started running at 30 µs',
      'thread 1 stopped running at 40 µs',
    ]);
  });

  it('names the mode when asked, for comparisons', () => {
    expect(describeEvent(gilHandOff()[1], true)).toBe('threads: worker 2 started waiting for the GIL at 0 µs');
  });

  it('steps forward and back one event at a time, including simultaneous ones, and stays in range', () => {
    const events = gilHandOff();
    let i = indexAt(events, 4000);
    expect(i).toBe(1);
    i = step(events, i, 1);
    expect(describeEvent(events[i])).toMatch(/^worker 1 went from running/);
    i = step(events, i, 1);
    expect(describeEvent(events[i])).toMatch(/^worker 2 went from waiting for the GIL/);
    i = step(events, i, -1);
    i = step(events, i, -1);
    i = step(events, i, -1);
    i = step(events, i, -1);
    expect(i).toBe(0);
    expect(step(events, events.length - 1, 1)).toBe(events.length - 1);
    expect(indexAt(events, -1)).toBe(-1);
    expect(step([], 0, 1)).toBe(-1);
  });

  it('plays back slower by the slow-down factor and stops at the end', () => {
    expect(advance(0, 16, 10, 1e6)).toBeCloseTo(1600);
    expect(advance(999_000, 1000, 1, 1e6)).toBe(1e6);
  });
});
