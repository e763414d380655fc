// Each lesson's "What to notice" is a test (issue 14, item 6): the checks of
// tests/shared/notice-claims.ts, on the engine in Node, in both WebAssembly
// builds. The first test fails for a sentence without a check (or a check
// without its sentence); tests/e2e/notice.e2e.ts runs the same checks in browsers.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine } from '../../web/src/engine/index';
import { CORES, type Lesson, checkClaim, claimCases, lessonRequest, uncheckedSentences } from '../shared/notice-claims';
import { coreToSpare } from '../shared/machine';
import { dataFile, scenarios } from './helpers';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 180_000 });

const busy = !coreToSpare();

test('every sentence of every scenario\'s "What to notice" has a check (tests/shared/notice-claims.ts)', () => {
  expect(uncheckedSentences(scenarios())).toEqual([]);
});

describe.each(['threads', 'single'] as const)('the %s build', (flavour) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(flavour, { cores: CORES });
  }, 120_000);
  afterAll(() => engine?.dispose());

  test.for(claimCases(scenarios()))('%s: %s', async ([, , claim, scenario], { skip }) => {
    const lesson: Lesson = {
      flavour,
      scenario,
      run: (mode, params = {}, options = {}) => engine.run(lessonRequest(scenario, mode, params, options, dataFile)),
    };
    await checkClaim(claim, lesson, busy, skip);
  });
});
