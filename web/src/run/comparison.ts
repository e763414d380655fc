// Runs the chosen modes of a scenario one after another on the engine, streaming
// each run's spans into its own store so the timeline can draw them as they come.
import type { Engine, RunOutput, RunRequest, Scenario } from '../engine/types';
import type { RoundRun } from '../engine/rounds';
import { SpanStore } from '../timeline/store';
import type { Experiment } from '../state/url';
import { afterNextPaint } from './after-paint';
import { roundsOf, runRounds } from './rounds';

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
  /** How many rounds each mode runs (the scenario's `rounds` parameter; 1 without it). */
  rounds: number;
  /** The round running now, while the comparison runs. */
  round?: number;
  /** The modes whose rounds were too far apart to trust, in one sentence (the engine's); else undefined. */
  spreadNote?: string;
}

export const isAbort = (e: unknown): boolean => (e instanceof DOMException && e.name === 'AbortError') || (e instanceof Error && e.name === 'AbortError');

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

let nextId = 1;

export function newComparison(experiment: Experiment, modes: string[], dataName?: string): Comparison {
  return { id: nextId++, experiment, dataName, rounds: 1, runs: modes.map((mode) => ({ mode, store: new SpanStore(), status: 'waiting' })) };
}

export function request(e: Experiment, mode: string, threads = e.threads, inputCsv?: string): RunRequest {
  return { scenario: e.scenario, mode, threads, gil: e.gil, params: { ...e.params }, inputCsv };
}

/** Runs every mode of `c` in rounds (rounds.ts: interleaved, the machine's ceiling after each
 *  round where a parallel speed-up is claimed), streaming the running round into each mode's
 *  store; then keeps each mode's median round (its output and its trace) with the engine's
 *  numbers for all its rounds in its result. `onChange` is called when a run starts or ends;
 *  `onFraction` with overall progress 0…1. Stops at the first abort. */
export async function runComparison(
  engine: Engine,
  scenario: Scenario,
  c: Comparison,
  inputCsv: string | undefined,
  signal: AbortSignal,
  onChange: () => void,
  onFraction: (f: number) => void,
): Promise<void> {
  const n = c.runs.length;
  c.rounds = roundsOf(scenario, c.experiment.params);
  const measured: RoundRun[] = [];
  /** Each mode's outputs by round (from 1): the median one is kept at the end. */
  const outputs = new Map<ModeRun, Map<number, RunOutput>>();
  /** The round whose spans each mode's timeline store holds. */
  const held = new Map<ModeRun, number>();
  const ceiling = engine.ceilingRequest(
    scenario,
    c.runs.map((r) => r.mode),
    c.experiment.threads,
  );
  const ceilings = await runRounds(
    c.runs,
    c.rounds,
    async (run, round, i) => {
      if (run.status === 'failed' || signal.aborted) return;
      c.round = round;
      run.status = 'running';
      run.startedAt = performance.now();
      run.store.reset([], []);
      onChange();
      await afterNextPaint();
      const step = (round - 1) * n + i;
      try {
        const output = await engine.run(request(c.experiment, run.mode, c.experiment.threads, inputCsv), {
          signal,
          onProgress: (p) => {
            run.store.setLanes(p.lanes);
            run.store.add(p.newSpans);
            if (p.newEdges) run.store.addEdges(p.newEdges);
            onFraction((step + Math.min(Math.max(p.fraction, 0), 1)) / (n * c.rounds));
          },
        });
        // The finished trace is complete; progress reports may have missed the last spans and edges.
        if (run.store.count !== output.spans.length) run.store.reset(output.lanes, output.spans);
        else run.store.setLanes(output.lanes);
        if (run.store.edges.size !== (output.edges?.length ?? 0)) run.store.setEdges(output.edges ?? []);
        outputs.set(run, (outputs.get(run) ?? new Map()).set(round, output));
        held.set(run, round);
        measured.push({ mode: run.mode, round, wall_ms: output.result.wall_ms });
        run.status = round === c.rounds ? 'done' : 'waiting';
      } catch (e) {
        run.status = isAbort(e) || signal.aborted ? 'cancelled' : 'failed';
        if (run.status === 'failed') run.error = errorText(e);
      }
      onFraction((step + 1) / (n * c.rounds));
      onChange();
    },
    // A ceiling run that fails (not cancelled) leaves that round without one; the modes' numbers stand.
    ceiling &&
      (async () =>
        engine.run(ceiling, { signal }).then(
          (output) => output.result.measured_speedup as number,
          (e) => {
            if (isAbort(e) || signal.aborted) throw e;
            return Number.NaN;
          },
        )),
    () => signal.aborted,
  ).catch((e) => {
    if (!isAbort(e) && !signal.aborted) throw e;
    return [];
  });
  c.round = undefined;
  const summary = measured.length ? engine.roundsSummary(scenario, measured, ceilings.filter(Number.isFinite)) : { modes: [] };
  c.spreadNote = summary.spread_note;
  for (const run of c.runs) {
    const rounds = summary.modes.find((s) => s.mode === run.mode);
    const output = rounds && outputs.get(run)?.get(rounds.shown_round);
    if (output) {
      run.output = { ...output, result: { ...output.result, ...rounds.fields } };
      // The store holds the mode's last round already: indexing 100 000 spans again took
      // a 90 ms task on the page's thread. Each big step gets a task of its own.
      if (held.get(run) !== rounds.shown_round || run.store.count !== output.spans.length) {
        await afterNextPaint();
        run.store.reset(output.lanes, output.spans);
      }
      if (run.store.edges.size !== (output.edges?.length ?? 0)) {
        await afterNextPaint();
        run.store.setEdges(output.edges ?? []);
      }
      run.status = 'done';
    } else if (run.status !== 'failed') run.status = 'cancelled';
  }
  onChange();
}
