// A run that records more spans than the engine keeps (1 000 000 per run)
// says so in its result instead of dropping them silently (issue 19): the
// recursive coroutines of fibonacci(27) make 1 271 242 resumes, one span each.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine } from '../../web/src/engine/index';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

describe.each(['threads', 'single'] as const)('the span limit in the %s build', (flavour) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(flavour, { cores: 2 });
  }, 120_000);
  afterAll(() => engine?.dispose());

  test('the result names the limit and the spans past it; every span is kept or counted', async () => {
    const output = await engine.run({ scenario: 'cpu-bound', mode: 'recursive-coroutines', threads: 1, gil: false, params: { fib_n: 27 } });
    const { span_limit: limit, spans_not_recorded: left, resumes } = output.result as unknown as Record<string, number>;
    expect(limit).toBe(1_000_000);
    expect(output.spans).toHaveLength(limit);
    expect(left).toBeGreaterThan(0);
    expect(output.spans.length + left).toBe(resumes);
    // Below the limit the result says nothing of it.
    const small = await engine.run({ scenario: 'cpu-bound', mode: 'recursive-coroutines', threads: 1, gil: false, params: { fib_n: 20 } });
    expect(small.result.span_limit).toBeUndefined();
    expect(small.result.spans_not_recorded).toBeUndefined();
  });
});
