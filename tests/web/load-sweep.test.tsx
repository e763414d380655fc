// The server-load sweep: rates around the model's capacity, results read as
// points, the measured knee, and the chart of response time against load.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/preact';
import { LoadChart } from '../../web/src/components/LoadSweep';
import { LOAD_SHARES, loadPoint, loadRates, measuredKnee } from '../../web/src/sweep/load';
import { scenarios } from '../../web/src/scenarios';

afterEach(cleanup);

const result = (offered: number, throughput: number, mean: number, model: number | null) => ({
  offered_rate_per_s: offered,
  throughput_per_s: throughput,
  rejected: 0,
  latency_ms: { p50: mean, p95: mean * 2, p99: mean * 3, max: mean * 4, mean },
  model: { capacity_per_s: 50, response_ms: model },
});

describe('load sweep', () => {
  it('sweeps from a quarter of the capacity to past it', () => {
    const rates = loadRates(50);
    expect(rates).toHaveLength(LOAD_SHARES.length);
    expect(rates[0]).toBe(13); // 12.5 to 2 significant digits
    expect(rates.at(-1)).toBe(80);
    expect(rates.filter((r) => r > 50).length).toBeGreaterThan(0);
    expect(loadRates(0)).toEqual([]);
  });

  it('reads a run as a point; past the knee the model has no prediction', () => {
    expect(loadPoint(20, result(19, 19, 30, 33))).toMatchObject({ offered_per_s: 19, mean_ms: 30, p95_ms: 60, model_ms: 33, capacity_per_s: 50 });
    expect(loadPoint(80, result(81, 49, 900, null))?.model_ms).toBeUndefined();
    expect(loadPoint(10, { wall_ms: 5 })).toBeUndefined();
    expect(measuredKnee([loadPoint(20, result(19, 19, 30, 33))!, loadPoint(80, result(81, 49, 900, null))!])).toBe(49);
  });

  it('charts one dot per run, the model where it predicts, and the capacity', () => {
    const points = [loadPoint(20, result(19, 19, 30, 33))!, loadPoint(40, result(41, 40, 80, 100))!, loadPoint(80, result(81, 49, 900, null))!];
    const { container } = render(<LoadChart points={points} capacity={50} />);
    expect(container.querySelectorAll('circle')).toHaveLength(3);
    expect(container.querySelector('path.amdahl')!.getAttribute('d')!.match(/[ML]/g)).toHaveLength(2);
    expect(container.querySelector('path.ideal')).not.toBeNull();
  });

  it('is offered for the server-load lesson only', () => {
    const withSweep = scenarios.filter((s) => s.load_sweep).map((s) => s.id);
    expect(withSweep).toEqual(['server-load']);
  });
});
