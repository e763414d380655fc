// No fault leaves the engine stuck (issue 19): a run whose thread aborts
// (RunRequest.testFault, tests only) fails with a message saying what
// happened, the engine loads itself again, and the next run works; the wasm
// CLI ends with status 1 and says so.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine } from '../../web/src/engine/index';
import { EngineError } from '../../web/src/engine/session.js';
import type { RunRequest } from '../../web/src/engine/types';
import { root } from './helpers';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

const sleepRun: RunRequest = { scenario: 'sleep', mode: 'coroutines', threads: 2, gil: false, params: { time_scale: 0.01 } };

describe.each(['threads', 'single'] as const)('an engine fault in the %s build', (flavour) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(flavour, { cores: 2 });
  }, 120_000);
  afterAll(() => engine?.dispose());

  test('fails the run with what happened, and the next runs work', async () => {
    for (let round = 0; round < 2; round++) {
      const started = performance.now();
      const error = await engine.run({ ...sleepRun, testFault: 'abort' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).kind).toBe('fault');
      expect((error as Error).message).toBe('the engine stopped (Aborted()): this run failed, and the engine is loaded again for the next one');
      expect(performance.now() - started).toBeLessThan(20_000);
      const output = await engine.run(sleepRun);
      expect(output.result.mode).toBe('coroutines');
      expect(output.result.wall_ms).toBeGreaterThanOrEqual(8); // the longer wait, 900 ms × 0.01
    }
  });
});

describe('the wasm CLI after an engine fault', () => {
  const cli = (args: string[], env: Record<string, string>) =>
    promisify(execFile)('bash', ['scripts/cli-wasm.sh', ...args], { cwd: root, env: { ...process.env, ...env } }).then(
      (out) => ({ code: 0, ...out }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  test('ends a run whose engine aborts with status 1 and the fault as its last line (PLAYGROUND_TEST_FAULT, tests only)', async () => {
    for (const flavour of ['threads', 'single']) {
      const args = ['run', 'sleep', '--mode', 'coroutines', '--set', 'time_scale=0.01'];
      const { code, stdout, stderr } = await cli(args, { PLAYGROUND_TEST_FAULT: 'abort', PLAYGROUND_WASM_FLAVOUR: flavour });
      expect(code, flavour).toBe(1);
      expect(stdout).toBe('');
      // The last line is the CLI's. In the threads build, Emscripten's pthread worker
      // (playground-threads.worker.js) writes its own report of the abort to the
      // process's stderr before it, which nothing outside that file can silence.
      const lines = stderr.trimEnd().split('\n');
      expect(lines.at(-1)).toBe('playground: the engine stopped (Aborted()): this run failed, and the engine is loaded again for the next one');
      if (flavour === 'single') expect(lines).toHaveLength(1);
    }
  });
});
