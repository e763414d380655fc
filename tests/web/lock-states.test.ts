// The lock states of the thread-safety lesson, as the page shows them: a colour
// and a name of their own, and a replay that tells a deadlock in words.
import { describe, expect, it } from 'vitest';
import type { Span } from '../../web/src/engine/types';
import { collectEvents, describe as describeEvent } from '../../web/src/timeline/replay';
import { STATES, STATE_COLOURS, STATE_NAMES } from '../../web/src/timeline/states';
import { SpanStore } from '../../web/src/timeline/store';

const span = (lane: number, start_us: number, end_us: number, state: Span['state'], label = ''): Span => ({ lane, state, start_us, end_us, label, site: '' });

describe('waiting for a lock', () => {
  it('has its own colour and name on the timeline', () => {
    expect(STATES).toContain('waiting_for_lock');
    expect(STATE_NAMES.waiting_for_lock).toBe('waiting for a lock');
    const others = STATES.filter((s) => s !== 'waiting_for_lock').map((s) => STATE_COLOURS[s]);
    expect(others).not.toContain(STATE_COLOURS.waiting_for_lock);
  });

  it('replays a deadlock in words: who holds what, who waits for what, where the cycle closed', () => {
    const store = new SpanStore();
    store.setLanes([
      { id: 1, name: 'thread 1', kind: 'thread' },
      { id: 2, name: 'thread 2', kind: 'thread' },
    ]);
    store.add([
      span(1, 0, 50_000, 'running', 'holding account A'),
      span(1, 50_000, 100_000, 'waiting_for_lock', 'deadlock: waits for account B held by thread 2'),
      span(2, 0, 50_000, 'running', 'holding account B'),
      span(2, 50_000, 100_000, 'waiting_for_lock', 'deadlock: waits for account A held by thread 1'),
    ]);
    const words = collectEvents([{ mode: 'deadlock', store }]).map((e) => describeEvent(e));
    expect(words).toEqual([
      'thread 1 started running (holding account A) at 0 µs',
      'thread 2 started running (holding account B) at 0 µs',
      'thread 1 went from running to waiting for a lock (deadlock: waits for account B held by thread 2) at 50.0 ms',
      'thread 2 went from running to waiting for a lock (deadlock: waits for account A held by thread 1) at 50.0 ms',
      'thread 1 stopped waiting for the lock (deadlock: waits for account B held by thread 2) at 100 ms',
      'thread 2 stopped waiting for the lock (deadlock: waits for account A held by thread 1) at 100 ms',
    ]);
  });
});
