import { describe, expect, it, vi } from 'vitest';
import { elapsedUs, newComparison, runComparison } from '../../web/src/run/comparison';
import { defaultExperiment } from '../../web/src/state/url';
import { sleep } from './fixtures';
import { testEngine } from './test-engine';

describe('running a comparison', () => {
  it('runs each mode in turn, streaming spans into its store and reporting overall progress', async () => {
    const engine = testEngine({ serial: 1700, threads: 900 });
    const c = newComparison(defaultExperiment(sleep, 2), ['serial', 'threads']);
    const fractions: number[] = [];
    const seenRunning: (number | undefined)[] = [];
    await runComparison(
      engine,
      sleep,
      c,
      undefined,
      new AbortController().signal,
      () => seenRunning.push(c.runs.map(elapsedUs).find((e) => e !== undefined)),
      (f: number) => fractions.push(f),
    );
    expect(c.runs.map((r) => r.status)).toEqual(['done', 'done']);
    expect(c.runs[1].store.count).toBe(2); // two threads, one span each
    expect(c.runs[1].store.lanes.map((l) => l.name)).toEqual(['worker 0', 'worker 1']);
    expect(fractions).toEqual([0.25, 0.5, 0.75, 1]);
    expect(seenRunning.some((e) => e !== undefined && e >= 0)).toBe(true);
    expect(c.runs.map(elapsedUs)).toEqual([undefined, undefined]);
  });

  it('records a failing mode’s message and goes on; after an abort the rest are cancelled', async () => {
    const engine = testEngine({}, { fail: { serial: 'bad parameter first_ms' } });
    const c = newComparison(defaultExperiment(sleep, 2), ['serial', 'threads', 'coroutines']);
    const controller = new AbortController();
    const run = vi.spyOn(engine, 'run');
    await runComparison(
      engine,
      sleep,
      c,
      undefined,
      controller.signal,
      () => {
        if (c.runs[1].status === 'done') controller.abort();
      },
      () => {},
    );
    expect(c.runs.map((r) => r.status)).toEqual(['failed', 'done', 'cancelled']);
    expect(c.runs[0].error).toBe('bad parameter first_ms');
    expect(run).toHaveBeenCalledTimes(2);
  });
});
