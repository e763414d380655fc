// Runs the chosen modes of a scenario one after another on the engine, streaming
// each run's spans into its own store so the timeline can draw them as they come.
import type { Engine, RunOutput, RunRequest } from '../engine/types';
import { SpanStore } from '../timeline/store';
import type { Experiment } from '../state/url';
import { afterNextPaint } from './after-paint';

export interface ModeRun {
  mode: string;
  store: SpanStore;
  status: 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';
  output?: RunOutput;
  error?: string;
  /** performance.now() when the run started, while it runs. */
  startedAt?: number;
}

/** µs since a running run started; undefined once it ended. */
export const elapsedUs = (run: ModeRun): number | undefined =>
  run.status === 'running' && run.startedAt !== undefined ? (performance.now() - run.startedAt) * 1000 : undefined;

export interface Comparison {
  id: number;
  experiment: Experiment;
  /** Name of the input CSV used (shipped or uploaded), for the distance matrix. */
  dataName?: string;
  runs: ModeRun[];
}

export const isAbort = (e: unknown): boolean => (e instanceof DOMException && e.name === 'AbortError') || (e instanceof Error && e.name === 'AbortError');

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

let nextId = 1;

export function newComparison(experiment: Experiment, modes: string[], dataName?: string): Comparison {
  return { id: nextId++, experiment, dataName, runs: modes.map((mode) => ({ mode, store: new SpanStore(), status: 'waiting' })) };
}

export function request(e: Experiment, mode: string, threads = e.threads, inputCsv?: string): RunRequest {
  return { scenario: e.scenario, mode, threads, gil: e.gil, params: { ...e.params }, inputCsv };
}

/** Runs every mode of `c` in turn. `onChange` is called when a run starts or ends;
 *  `onFraction` with overall progress 0…1. Stops at the first abort. */
export async function runComparison(
  engine: Engine,
  c: Comparison,
  inputCsv: string | undefined,
  signal: AbortSignal,
  onChange: () => void,
  onFraction: (f: number) => void,
): Promise<void> {
  const n = c.runs.length;
  for (let i = 0; i < n; i++) {
    const run = c.runs[i];
    if (signal.aborted) {
      run.status = 'cancelled';
      continue;
    }
    run.status = 'running';
    run.startedAt = performance.now();
    onChange();
    await afterNextPaint();
    try {
      const output = await engine.run(request(c.experiment, run.mode, c.experiment.threads, inputCsv), {
        signal,
        onProgress: (p) => {
          run.store.setLanes(p.lanes);
          run.store.add(p.newSpans);
          onFraction((i + Math.min(Math.max(p.fraction, 0), 1)) / n);
        },
      });
      // The finished trace is complete; progress reports may have missed the last spans.
      if (run.store.count !== output.spans.length) run.store.reset(output.lanes, output.spans);
      else run.store.setLanes(output.lanes);
      run.store.setEdges(output.edges ?? []);
      run.output = output;
      run.status = 'done';
    } catch (e) {
      run.status = isAbort(e) || signal.aborted ? 'cancelled' : 'failed';
      if (run.status === 'failed') run.error = errorText(e);
    }
    onFraction((i + 1) / n);
    onChange();
  }
}
