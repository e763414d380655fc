// Bad parameters and bad CSV reach JavaScript as errors carrying the
// engine's own message, and the engine stays usable.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine } from '../../web/src/engine/index';
import { EngineError } from '../../web/src/engine/session.js';

// Runs take a while on a busy 2-core machine (whichever config runs this file).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

describe.each(['threads', 'single'] as const)('bad input to the %s build', (flavour) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(flavour);
  }, 120_000);
  afterAll(() => engine?.dispose());

  const base = { scenario: 'distance-matrix', mode: 'serial', threads: 1, gil: false, params: { time_scale: 0.01 } };

  async function failure(request: Parameters<Engine['run']>[0]): Promise<Error> {
    const error = await engine.run(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    return error as Error;
  }

  test('a CSV with a non-number names the line and the field', async () => {
    const error = await failure({ ...base, inputCsv: 'A,1,2\nB,abc,3\n' });
    expect(error.message).toContain('line 2');
    expect(error.message).toContain('latitude');
    expect(error.message).toContain('abc');
  });

  test('a latitude out of range names its range', async () => {
    const error = await failure({ ...base, inputCsv: 'A,1,2\nB,3,4\nC,91,4\n' });
    expect(error.message).toContain('line 3');
    expect(error.message).toMatch(/-90, 90/);
  });

  test('an empty CSV is refused', async () => {
    await failure({ ...base, inputCsv: '\n' });
  });

  test('a parameter out of range names the parameter and its range', async () => {
    const error = await failure({ ...base, inputCsv: 'A,1,2\nB,3,4\n', params: { read_delay_ms: 5000 } });
    expect(error.message).toContain('read_delay_ms');
    expect(error.message).toContain('1000');
  });

  test('an unknown parameter lists the known ones', async () => {
    const error = await failure({ ...base, inputCsv: 'A,1,2\nB,3,4\n', params: { nonsense: 1 } });
    expect(error.message).toContain('nonsense');
    expect(error.message).toContain('read_delay_ms');
  });

  test('an unknown mode lists the modes', async () => {
    const error = await failure({ ...base, mode: 'teleport', inputCsv: 'A,1,2\nB,3,4\n' });
    expect(error.message).toContain('teleport');
    expect(error.message).toContain('serial');
  });

  test('an unknown scenario is named', async () => {
    const error = await failure({ ...base, scenario: 'no-such-lesson' });
    expect(error.message).toContain('no-such-lesson');
  });

  test('a thread count out of range is refused', async () => {
    const error = await failure({ ...base, threads: 1000, inputCsv: 'A,1,2\nB,3,4\n' });
    expect(error.message).toMatch(/thread/i);
  });

  test('the engine still runs after bad input', async () => {
    await failure({ ...base, inputCsv: 'A,x,2\n' });
    const output = await engine.run({ ...base, inputCsv: 'A,1,2\nB,3,4\nC,5,6\n' });
    expect(output.result.pairs).toBe(3);
  });
});
