import { describe, expect, it } from 'vitest';
import { amdahl, fitSerialFraction, parallelism, speedups } from '../../web/src/sweep/amdahl';

describe('Amdahl fit', () => {
  it('recovers the serial fraction from exact Amdahl measurements', () => {
    const f = 0.2;
    const points = [1, 2, 3, 4, 8].map((n) => ({ threads: n, wall_ms: 1000 / amdahl(f, n) }));
    expect(fitSerialFraction(speedups(points))).toBeCloseTo(0.2, 10);
  });

  it('fits noisy measurements by least squares and clamps to [0, 1]', () => {
    const measured = speedups([
      { threads: 1, wall_ms: 1000 },
      { threads: 2, wall_ms: 560 },
      { threads: 4, wall_ms: 340 },
    ]);
    expect(measured.map((p) => p.speedup)).toEqual([1, 1000 / 560, 1000 / 340]);
    const f = fitSerialFraction(measured)!;
    expect(f).toBeGreaterThan(0.05);
    expect(f).toBeLessThan(0.2);
    // Slower with more threads (a GIL): the fraction saturates at 1.
    expect(
      fitSerialFraction([
        { threads: 1, speedup: 1 },
        { threads: 4, speedup: 0.9 },
      ]),
    ).toBe(1);
    // Super-linear: saturates at 0.
    expect(
      fitSerialFraction([
        { threads: 1, speedup: 1 },
        { threads: 2, speedup: 2.5 },
      ]),
    ).toBe(0);
  });

  it('counts min(threads, cores) threads: more threads than cores only take turns', () => {
    expect(parallelism(4, 2)).toBe(2);
    expect(parallelism(1, 2)).toBe(1);
    expect(parallelism(8)).toBe(8);
    // Measured on 2 cores with f = 0.1: 4 threads give what 2 give. Fitted with the cores, f is found;
    // without them, the flat part would be read as a much larger serial fraction.
    const f = 0.1;
    const points = [1, 2, 3, 4].map((n) => ({ threads: n, wall_ms: 1000 / amdahl(f, Math.min(n, 2)) }));
    expect(fitSerialFraction(speedups(points), 2)).toBeCloseTo(0.1, 10);
    expect(fitSerialFraction(speedups(points))).toBeGreaterThan(0.25);
  });

  it('has nothing to fit with one thread only', () => {
    expect(fitSerialFraction([{ threads: 1, speedup: 1 }])).toBeUndefined();
  });
});
