// Processes mode's pool (web/src/engine/processes.ts), in both builds: the
// workers start before the run's timing and stay between runs, start-up is
// reported apart from the work, and every process computes exactly the
// serial workload (one calibration: the same steps, the same checksum).
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine, type RunRequest } from '../../web/src/engine/index';
import { liveWorkerCount } from '../../web/src/engine/worker-host';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

const jobs = (mode: string, threads = 2): RunRequest => ({
  scenario: 'cpu-bound',
  mode,
  threads,
  gil: false,
  params: { jobs: 4, work_ms: 40 },
});

describe.each(['threads', 'single'] as const)('processes pool, %s build', (flavour) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(flavour);
  });
  afterAll(() => engine?.dispose());

  test('processes compute the serial workload: same steps per job, same checksum', async () => {
    // Processes first: the parent's own instance must not calibrate a rate of its own.
    const processes = (await engine.run(jobs('processes'))).result;
    const serial = (await engine.run(jobs('serial'))).result;
    expect(processes.steps_per_job).toBe(serial.steps_per_job);
    expect(processes.checksum).toBe(serial.checksum);
  });

  test('workers started ahead of the run: their start-up is reported apart, and is not in the run', async () => {
    await engine.prepareProcesses!(3);
    const workers = liveWorkerCount();
    const first = (await engine.run(jobs('processes', 3))).result;
    const second = (await engine.run(jobs('processes', 3))).result;
    expect(liveWorkerCount()).toBe(workers); // the same workers served both runs
    for (const result of [first, second]) {
      expect(result.threads).toBe(3);
      expect(result.workers_started_before_ms as number).toBeGreaterThan(0);
      expect(result.workers_started_for_run_ms).toBeUndefined();
      // Ready when the run began: what start-up is left in the run (telling each child so, in turn) is a
      // small part of starting them, which happened before (loading a worker's engine takes 100s of ms).
      expect(result.startup_ms as number).toBeLessThan((result.workers_started_before_ms as number) / 4);
      expect(result.copy_in_ms as number).toBeGreaterThanOrEqual(0);
      expect(result.startup_ms as number).toBeLessThan(result.wall_ms);
    }
    expect(second.workers_started_before_ms).toBe(first.workers_started_before_ms); // the one start-up, still the pool's
  });

  test('a run needing more workers than are ready starts them before its timing, and says so', async () => {
    const more = (await engine.run(jobs('processes', 4))).result;
    expect(more.threads).toBe(4);
    expect(more.workers_started_for_run_ms as number).toBeGreaterThan(0);
    expect(more.workers_started_before_ms).toBeUndefined();
    expect(more.startup_ms as number).toBeLessThan((more.workers_started_for_run_ms as number) / 4);
  });

  test('after an aborted run the pool is gone, and the next run starts a fresh one', async () => {
    const controller = new AbortController();
    const running = engine.run({ ...jobs('processes'), params: { jobs: 4, work_ms: 5000 } }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    const after = (await engine.run(jobs('processes'))).result;
    expect(after.workers_started_for_run_ms as number).toBeGreaterThan(0);
    expect(after.checksum).toBe((await engine.run(jobs('serial'))).result.checksum);
  });
});
