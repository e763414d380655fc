// Amdahl's law: with a serial fraction f, n workers give a speed-up of
// S(n) = 1 / (f + (1 − f) / n). The fraction is estimated from measurements by
// least squares on 1/S = f + (1 − f)/n, i.e. (1/S − 1/n) = f · (1 − 1/n).

export interface SweepPoint {
  threads: number;
  wall_ms: number;
}

export const amdahl = (f: number, n: number): number => 1 / (f + (1 - f) / n);

/** Speed-ups against the one-thread run. */
export function speedups(points: SweepPoint[]): { threads: number; speedup: number }[] {
  const sorted = [...points].sort((a, b) => a.threads - b.threads);
  const base = sorted[0];
  if (!base) return [];
  // The page always sweeps from 1 thread; otherwise this is relative to the fewest threads measured.
  return sorted.map((p) => ({ threads: p.threads, speedup: base.wall_ms / p.wall_ms }));
}

/** Least-squares serial fraction in [0, 1]; undefined with no point above one thread. */
export function fitSerialFraction(points: { threads: number; speedup: number }[]): number | undefined {
  let sxy = 0;
  let sxx = 0;
  for (const { threads: n, speedup: s } of points) {
    if (n <= 1 || !(s > 0)) continue;
    const x = 1 - 1 / n;
    const y = 1 / s - 1 / n;
    sxy += x * y;
    sxx += x * x;
  }
  if (sxx === 0) return undefined;
  return Math.min(Math.max(sxy / sxx, 0), 1);
}
