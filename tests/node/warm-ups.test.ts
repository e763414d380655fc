// How long a mode's warm-ups last in WebAssembly (WarmUps, wasm/run/lesson_support.hpp; the
// native rule is tests/native/run/warm_ups_test.cpp): the first time a module warms a lesson's
// mode they go on for at least 30 ms in all, which gives the JIT time to swap in its optimised
// code (a warm-up of 2 ms was no faster the second time because that code was not in yet, and
// the distance matrix's first measured run took 1.15-1.3× the later ones in a fresh Chromium
// page); after that, they stop as soon as one is no faster than the last.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine } from '../../web/src/engine/index';
import type { EngineModule } from '../../web/src/engine/embind';

vi.setConfig({ hookTimeout: 180_000 });

/** How many warm-ups a rule asks for when each takes `ms`. */
function warmUpsMade(module: EngineModule, lesson: string, mode: string, ms: number): number {
  const rule = new module.WarmUps(lesson, mode);
  try {
    let made = 1;
    while (rule.again(ms)) made++;
    return made;
  } finally {
    rule.delete();
  }
}

describe.each(['threads', 'single'] as const)('warm-ups, %s build', (flavour) => {
  let module: EngineModule;
  let dispose: () => void;
  beforeAll(async () => {
    const engine = await createEngine(flavour);
    module = engine.module;
    dispose = () => engine.dispose();
  });
  afterAll(() => dispose?.());

  test('the first time, steady warm-ups of 5 ms go on until 30 ms in all; the next time they stop at the second', () => {
    expect(warmUpsMade(module, 'warm-ups-test', 'first', 5)).toBe(6);
    expect(warmUpsMade(module, 'warm-ups-test', 'first', 5)).toBe(2);
  });

  test('each lesson and mode has its own first time', () => {
    expect(warmUpsMade(module, 'warm-ups-test', 'other mode', 5)).toBe(6);
    expect(warmUpsMade(module, 'another lesson', 'first', 5)).toBe(6);
  });

  test('long warm-ups pass 30 ms at once: the second, no faster, is the last', () => {
    expect(warmUpsMade(module, 'warm-ups-test', 'long', 40)).toBe(2);
  });
});
