// A load sweep of the server-load lesson: one server model at arrival rates
// from well below its capacity to past it. The engine measures each run and
// puts the M/M/c prediction for that run's measured service time beside it
// (result.model, wasm/lessons/server_load/results.cpp); this file only
// chooses the rates and reads the results.

/** Offered load as a share of the capacity: below, near and past the knee. */
export const LOAD_SHARES = [0.25, 0.5, 0.7, 0.85, 1, 1.25, 1.6];

export interface LoadPoint {
  rate_per_s: number; // asked for
  offered_per_s: number; // arrived / duration
  throughput_per_s: number;
  mean_ms: number;
  p95_ms: number;
  rejected: number;
  model_ms?: number; // undefined past the model's capacity (the wait grows without bound)
  capacity_per_s?: number;
}

/** The rates of a sweep around a measured capacity (requests per second), rounded to 2 significant digits. */
export const loadRates = (capacity_per_s: number): number[] =>
  capacity_per_s > 0 ? LOAD_SHARES.map((share) => Number((share * capacity_per_s).toPrecision(2))) : [];

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** One run's result as a point of the sweep, or undefined if it lacks the fields. */
export function loadPoint(rate_per_s: number, result: Record<string, unknown>): LoadPoint | undefined {
  const latency = result.latency_ms as Record<string, unknown> | undefined;
  const model = result.model as Record<string, unknown> | null | undefined;
  const offered = num(result.offered_rate_per_s);
  const throughput = num(result.throughput_per_s);
  const mean = num(latency?.mean);
  const p95 = num(latency?.p95);
  if (offered === undefined || throughput === undefined || mean === undefined || p95 === undefined) return undefined;
  return {
    rate_per_s,
    offered_per_s: offered,
    throughput_per_s: throughput,
    mean_ms: mean,
    p95_ms: p95,
    rejected: num(result.rejected) ?? 0,
    model_ms: num(model?.response_ms),
    capacity_per_s: num(model?.capacity_per_s),
  };
}

/** The measured knee: the most requests per second the server completed in any run of the sweep. */
export const measuredKnee = (points: LoadPoint[]): number | undefined => (points.length ? Math.max(...points.map((p) => p.throughput_per_s)) : undefined);
