// Every run's thread demand is known before it starts (issue 19): a run that
// needs more threads at once than the threads build can give is refused
// before anything starts, naming the parameters, their sum and the limit
// (wasm/run/request.cpp), in the engine API and in the wasm CLI; up to the
// limit the run goes to the end.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, maxRunThreads, type Engine } from '../../web/src/engine/index';
import { EngineError } from '../../web/src/engine/session.js';
import type { RunRequest } from '../../web/src/engine/types';
import { root } from './helpers';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

describe('thread demand in the threads build (2 cores: at most 8 threads at once)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine('threads', { cores: 2 });
  }, 120_000);
  afterAll(() => engine?.dispose());

  const pc = (producers: number, consumers: number): RunRequest => ({
    scenario: 'producer-consumer',
    mode: 'threads',
    threads: 2,
    gil: false,
    params: { producers, consumers, items: 3, min_delay_ms: 0, max_delay_ms: 5, process_ms: 1 },
  });

  test('8 + 8 and 16 + 16 producers and consumers are refused before they start, with their sum and the limit', async () => {
    expect(maxRunThreads(2)).toBe(8);
    for (const n of [8, 16]) {
      const error = await engine.run(pc(n, n)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).kind).toBe('run_error');
      expect((error as Error).message).toBe(
        `producers (${n}) + consumers (${n}) = ${2 * n} threads at once, but this page can run at most 8 threads at once (4 per core, at most 16); lower producers or consumers`,
      );
    }
  });

  test('up to the limit every item is consumed exactly once, and the engine stays usable after a refusal', async () => {
    for (const [producers, consumers] of [
      [4, 4],
      [1, 7],
    ]) {
      const output = await engine.run(pc(producers, consumers));
      expect(output.result.items_consumed).toBe(producers * 3);
      const ids = (output.result.per_item as { id: number }[]).map((item) => item.id).sort((a, b) => a - b);
      expect(ids).toEqual([...Array(producers * 3).keys()]);
    }
  });
});

describe('the wasm CLI', () => {
  const cli = (args: string[]) =>
    promisify(execFile)('bash', ['scripts/cli-wasm.sh', ...args], { cwd: root }).then(
      (out) => ({ code: 0, ...out }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  test('refuses 16 + 16 producers and consumers with one line and status 2', async () => {
    const { code, stdout, stderr } = await cli(['run', 'producer-consumer', '--mode', 'threads', '--set', 'producers=16', '--set', 'consumers=16']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    // The page's limit: 4 per core of this machine, at most 16.
    expect(stderr).toMatch(/^playground: producers \(16\) \+ consumers \(16\) = 32 threads at once, but this page can run at most \d+ threads at once/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
