// Sweep: run one mode with 1…N threads, plot the measured speed-up next to
// Amdahl's curve for the serial fraction estimated from those measurements.
import { useState } from 'preact/hooks';
import type { Engine, Scenario } from '../engine/types';
import { amdahl, fitSerialFraction, parallelism, speedups, type SweepPoint } from '../sweep/amdahl';
import { modeIds, needsThreads } from '../state/modes';
import type { ThreadRange } from '../state/params';
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
  threadRange: ThreadRange;
  threadsUnavailable?: string;
  busy: boolean;
  onBusy: (busy: boolean) => void;
  inputCsv: () => Promise<string | undefined>;
}

export const sweepModes = (s: Scenario, threadsOk: boolean) => modeIds(s).filter((m) => (needsThreads(s, m) && threadsOk) || m === 'processes');

export function SweepChart({
  points,
  fraction,
  upTo = 2,
  cores,
}: {
  points: { threads: number; speedup: number }[];
  fraction?: number;
  upTo?: number;
  cores?: number;
}) {
  const predicted = (f: number, n: number) => amdahl(f, parallelism(n, cores));
  const maxN = Math.max(2, upTo, ...points.map((p) => p.threads));
  const maxS = Math.max(2, Math.ceil(Math.max(...points.map((p) => p.speedup), fraction === undefined ? 1 : predicted(fraction, maxN)) + 0.25));
  const scale = chartScale(44, [1, maxN], [0, maxS]);
  const { x, y } = scale;
  const curve =
    fraction === undefined
      ? ''
      : Array.from({ length: 61 }, (_, i) => {
          const n = 1 + (i / 60) * (maxN - 1);
          return `${i ? 'L' : 'M'}${x(n).toFixed(1)},${y(predicted(fraction, n)).toFixed(1)}`;
        }).join('');
  const ticksN = Array.from({ length: maxN }, (_, i) => i + 1).filter((n) => maxN <= 16 || n % Math.ceil(maxN / 8) === 0 || n === 1);
  const ticksS = Array.from({ length: maxS + 1 }, (_, i) => i).filter((s) => maxS <= 10 || s % Math.ceil(maxS / 8) === 0);
  return (
    <ChartFrame
      scale={scale}
      label={`Measured speed-up for 1 to ${maxN} threads${fraction !== undefined ? ` and Amdahl's curve for a serial fraction of ${(fraction * 100).toFixed(1)} %` : ''}`}
      xTicks={ticksN}
      yTicks={ticksS}
      xTitle="threads"
      yTitle="speed-up"
    >
      <path class="ideal" d={`M${x(1)},${y(1)}L${x(Math.min(maxN, maxS))},${y(Math.min(maxN, maxS))}`} />
      {curve && <path class="amdahl" d={curve} />}
      {points.map((p) => (
        <circle key={p.threads} class="point" cx={x(p.threads)} cy={y(p.speedup)} r={4.5}>
          <title>{`${p.threads} threads: ${p.speedup.toFixed(2)}×`}</title>
        </circle>
      ))}
    </ChartFrame>
  );
}

export function Sweep({ scenario, experiment, engine, threadRange, threadsUnavailable, busy, onBusy, inputCsv }: Props) {
  const modes = sweepModes(scenario, threadsUnavailable === undefined);
  const [mode, setMode] = useState(modes[0] ?? '');
  const [maxN, setMaxN] = useState(Math.min(threadRange.max, Math.max(4, 2 * (engine?.cores ?? 2))));
  const [points, setPoints] = useState<SweepPoint[]>([]);
  const { running, error, start, cancel } = useSweepRun(onBusy);
  const selected = modes.includes(mode) ? mode : modes[0];
  if (!selected) return null;

  const run = () =>
    start(async (signal) => {
      if (!engine) return;
      const measured: SweepPoint[] = [];
      setPoints([]);
      const csv = await inputCsv();
      for (let n = 1; n <= maxN && !signal.aborted; n++) {
        await afterNextPaint();
        const out = await engine.run(request(experiment, selected, n, csv), { signal });
        measured.push({ threads: n, wall_ms: out.result.wall_ms });
        setPoints([...measured]);
      }
    });

  const s = speedups(points);
  const cores = engine?.cores;
  const f = fitSerialFraction(s, cores);
  return (
    <section class="panel sweep" aria-labelledby="sweep-title">
      <h2 id="sweep-title">Sweep: speed-up against Amdahl’s law</h2>
      <p class="muted small">
        Runs one mode with 1, 2, … N threads using the parameters above, then fits the serial fraction f of 1/S = f + (1 − f)/n to the measured speed-ups S,
        where n = min(threads, cores){cores ? ` (this machine has ${cores} cores)` : ''}: threads beyond the cores only take turns on them.
      </p>
      <SweepControls modes={modes} selected={selected} onMode={setMode} running={running} canRun={Boolean(engine) && !busy} onRun={run} onCancel={cancel}>
        <label>
          Up to{' '}
          <input
            type="number"
            min={2}
            max={threadRange.max}
            value={maxN}
            disabled={running}
            onChange={(e) => setMaxN(Math.min(Math.max(Math.round(Number(e.currentTarget.value)) || 2, 2), threadRange.max))}
          />{' '}
          threads
        </label>
      </SweepControls>
      {error && <p class="error">{error}</p>}
      {points.length > 0 && (
        <div class="grid">
          <figure style={{ margin: 0 }}>
            <SweepChart points={s} fraction={f} upTo={maxN} cores={cores} />
            <figcaption class="small muted">
              Dots: measured speed-up. Solid line: Amdahl’s law for the fitted serial fraction, flat past the cores. Dashed: perfect scaling.
            </figcaption>
          </figure>
          <div>
            <table>
              <thead>
                <tr>
                  <th scope="col">threads</th>
                  <th scope="col">wall time</th>
                  <th scope="col">speed-up</th>
                  <th scope="col">Amdahl</th>
                </tr>
              </thead>
              <tbody>
                {s.map((p, i) => (
                  <tr key={p.threads}>
                    <td>{p.threads}</td>
                    <td>{fmtMs(points[i].wall_ms)}</td>
                    <td>{p.speedup.toFixed(2)}×</td>
                    <td>{f === undefined ? '—' : `${amdahl(f, parallelism(p.threads, cores)).toFixed(2)}×`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              {f === undefined
                ? 'Needs at least two thread counts to estimate the serial fraction.'
                : `Estimated serial fraction: ${(f * 100).toFixed(1)} %, so no number of threads can exceed ${f > 0 ? `${(1 / f).toFixed(1)}×` : 'any bound'} here.`}
            </p>
          </div>
        </div>
      )}
    </section>
  );
}
