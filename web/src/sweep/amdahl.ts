// Amdahl's law: with a serial fraction f, n workers give a speed-up of
// S(n) = 1 / (f + (1 − f) / n). The fraction is estimated from measurements by
// least squares on 1/S = f + (1 − f)/n, i.e. (1/S − 1/n) = f · (1 − 1/n).
// n is the parallelism the machine can give, min(threads, cores): threads
// beyond the cores only take turns on them (the engine's Amdahl lesson
// predicts with the same n).

export interface SweepPoint {
  threads: number;
  wall_ms: number;
}

export const amdahl = (f: number, n: number): number => 1 / (f + (1 - f) / n);

/** How many of `threads` threads can run at once on `cores` cores. */
export const parallelism = (threads: number, cores = Number.POSITIVE_INFINITY): number => Math.min(threads, Math.max(1, cores));

/** Speed-ups against the one-thread run. */
export function speedups(points: SweepPoint[]): { threads: number; speedup: number }[] {
  const sorted = [...points].sort((a, b) => a.threads - b.threads);
  const base = sorted[0];
  if (!base) return [];
  // The page always sweeps from 1 thread; otherwise this is relative to the fewest threads measured.
  return sorted.map((p) => ({ threads: p.threads, speedup: base.wall_ms / p.wall_ms }));
}

/** Least-squares serial fraction in [0, 1] with n = min(threads, cores); undefined with no
 *  point above one thread. */
export function fitSerialFraction(points: { threads: number; speedup: number }[], cores?: number): number | undefined {
  let sxy = 0;
  let sxx = 0;
  for (const { threads, speedup: s } of points) {
    const n = parallelism(threads, cores);
    if (n <= 1 || !(s > 0)) continue;
    const x = 1 - 1 / n;
    const y = 1 / s - 1 / n;
    sxy += x * y;
    sxx += x * x;
  }
  if (sxx === 0) return undefined;
  return Math.min(Math.max(sxy / sxx, 0), 1);
}
