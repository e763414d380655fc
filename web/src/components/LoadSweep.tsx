// Load sweep (server-load): one server model at arrival rates from a quarter
// of its capacity to past it; response time against offered load, measured,
// next to the M/M/c prediction the engine makes for each run's measured
// service time. The capacity comes from a first run at the rate set above.
import { useState } from 'preact/hooks';
import type { Engine, Scenario } from '../engine/types';
import { type LoadPoint, loadPoint, loadRates, measuredKnee } from '../sweep/load';
import { modeIds, notOnThisPage } from '../state/modes';
import type { Experiment } from '../state/url';
import { request } from '../run/comparison';
import { SweepControls, useSweepRun } from './SweepRun';
import { afterNextPaint } from '../run/after-paint';
import { fmtMs } from '../results/summary';
import { ChartFrame, chartScale } from './ChartFrame';

interface Props {
  scenario: Scenario;
  experiment: Experiment;
  engine?: Engine;
  threadsUnavailable?: string;
  busy: boolean;
  onBusy: (busy: boolean) => void;
}

export function LoadChart({ points, capacity }: { points: LoadPoint[]; capacity?: number }) {
  const maxX = Math.max(1, ...points.map((p) => p.offered_per_s), capacity ?? 0) * 1.05;
  const maxY = Math.max(1, ...points.map((p) => p.mean_ms), ...points.map((p) => p.model_ms ?? 0)) * 1.1;
  const scale = chartScale(52, [0, maxX], [0, maxY]);
  const { x, top, base } = scale;
  const y = (v: number) => scale.y(Math.min(v, maxY));
  const model = points.filter((p) => p.model_ms !== undefined).sort((a, b) => a.offered_per_s - b.offered_per_s);
  const modelPath = model.map((p, i) => `${i ? 'L' : 'M'}${x(p.offered_per_s).toFixed(1)},${y(p.model_ms!).toFixed(1)}`).join('');
  return (
    <ChartFrame
      scale={scale}
      label="Mean response time against offered load, measured and predicted by the M/M/c model"
      xTicks={[0, 0.5, 1].map((f) => f * maxX)}
      yTicks={[0, 0.5, 1].map((f) => f * maxY)}
      tickText={(v) => String(Math.round(v))}
      xTitle="offered load (requests/s)"
      yTitle="mean response (ms)"
    >
      {capacity !== undefined && capacity < maxX && <path class="ideal" d={`M${x(capacity)},${top}L${x(capacity)},${base}`} />}
      {modelPath && <path class="amdahl" d={modelPath} />}
      {points.map((p) => (
        <circle key={p.rate_per_s} class="point" cx={x(p.offered_per_s)} cy={y(p.mean_ms)} r={4.5}>
          <title>{`${p.offered_per_s.toFixed(1)}/s offered: mean ${fmtMs(p.mean_ms)}, ${p.rejected} rejected`}</title>
        </circle>
      ))}
    </ChartFrame>
  );
}

export function LoadSweep({ scenario, experiment, engine, threadsUnavailable, busy, onBusy }: Props) {
  const modes = modeIds(scenario).filter((m) => notOnThisPage(scenario, m, threadsUnavailable) === undefined);
  const [mode, setMode] = useState(modes[0] ?? '');
  const [points, setPoints] = useState<LoadPoint[]>([]);
  const [capacity, setCapacity] = useState<number>();
  const { running, error, start, cancel } = useSweepRun(onBusy);
  const selected = modes.includes(mode) ? mode : modes[0];
  if (!selected) return null;

  const atRate = (rate: number) => {
    const r = request(experiment, selected);
    return { ...r, params: { ...r.params, rate_per_s: rate, burst: 0 } };
  };
  const run = () =>
    start(async (signal) => {
      if (!engine) return;
      setPoints([]);
      setCapacity(undefined);
      await afterNextPaint();
      const first = await engine.run(atRate(Number(experiment.params.rate_per_s)), { signal });
      const knee = loadPoint(Number(experiment.params.rate_per_s), first.result)?.capacity_per_s;
      setCapacity(knee);
      const measured: LoadPoint[] = [];
      for (const rate of loadRates(knee ?? 0)) {
        if (signal.aborted) break;
        await afterNextPaint();
        const out = await engine.run(atRate(rate), { signal });
        const point = loadPoint(rate, out.result);
        if (point) measured.push(point);
        setPoints([...measured]);
      }
    });

  const knee = measuredKnee(points);
  return (
    <section class="panel sweep" aria-labelledby="load-sweep-title">
      <h2 id="load-sweep-title">Sweep: response time against offered load</h2>
      <p class="muted small">
        Runs one server model at arrival rates from a quarter of its capacity to past it, with the other parameters above. The capacity is the M/M/c model's for
        the tightest resource (workers, cores, the GIL or the event loop), from a first run at the rate set above. Past it, requests queue until the backlog is
        full.
      </p>
      <SweepControls modes={modes} selected={selected} onMode={setMode} running={running} canRun={Boolean(engine) && !busy} onRun={run} onCancel={cancel} />
      {error && <p class="error">{error}</p>}
      {points.length > 0 && (
        <div class="grid">
          <figure style={{ margin: 0 }}>
            <LoadChart points={points} capacity={capacity} />
            <figcaption class="small muted">
              Dots: measured mean response time. Solid line: the M/M/c prediction for each run's measured service time (none past the capacity, where the queue
              grows without bound). Dashed: the model's capacity.
            </figcaption>
          </figure>
          <div>
            <table>
              <thead>
                <tr>
                  <th scope="col">offered</th>
                  <th scope="col">throughput</th>
                  <th scope="col">mean / p95</th>
                  <th scope="col">model</th>
                  <th scope="col">rejected</th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.rate_per_s}>
                    <td>{p.offered_per_s.toFixed(1)}/s</td>
                    <td>{p.throughput_per_s.toFixed(1)}/s</td>
                    <td>
                      {fmtMs(p.mean_ms)} / {fmtMs(p.p95_ms)}
                    </td>
                    <td>{p.model_ms === undefined ? '—' : fmtMs(p.model_ms)}</td>
                    <td>{p.rejected}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              {knee !== undefined && capacity !== undefined
                ? `Most served: ${knee.toFixed(1)} requests/s; the model's capacity: ${capacity.toFixed(1)}/s.`
                : ''}
            </p>
          </div>
        </div>
      )}
    </section>
  );
}
