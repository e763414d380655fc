import type { RoundRun, RoundsSummary } from './rounds';

// The engine's data, as it crosses into JavaScript. Field names match the
// C++ side (wasm/core/trace.hpp, wasm/run/lesson.hpp) and the CLI's --json.

export type SpanState =
  | 'running'
  | 'waiting_for_gil'
  | 'waiting_on_io'
  | 'blocked_on_queue'
  | 'idle'
  | 'starting'
  | 'waiting_for_lock'
  | 'arrived'
  | 'rejected';

export type LaneKind = 'thread' | 'task' | 'process';

export interface Lane {
  id: number;
  name: string;
  kind: LaneKind;
}

export interface Span {
  lane: number;
  state: SpanState;
  start_us: number;
  end_us: number;
  label: string;
  /** The code site that produced the span (an excerpt line id), or ''. */
  site: string;
}

/** What let a lane go on (wasm/core/trace.hpp: EdgeKind). */
export type EdgeKind = 'queue' | 'gil' | 'lock' | 'timer' | 'join' | 'cancel' | 'message';

/** A causal edge (issue 17): what happened at (from_lane, from_us) let to_lane go on at to_us. */
export interface Edge {
  kind: EdgeKind;
  from_lane: number;
  from_us: number;
  to_lane: number;
  to_us: number;
  /** Short, in words: "value 225", "GIL", "account A". Shown as text, never as HTML. */
  label: string;
}

export interface ParameterSpec {
  type: 'integer' | 'number' | 'boolean';
  default: number | boolean;
  min?: number;
  max?: number;
  unit?: string;
  label: string;
  description?: string;
}

/** One mode of a scenario, as its file lists it (scenarios/scenario.schema.json). */
export interface ModeSpec {
  id: string;
  /** The mode runs real threads, so it needs the pthreads build (default false). */
  needs_threads?: boolean;
  /** Its threads hold the simulated GIL when the reader turns it on (default false); others run without. */
  honours_gil?: boolean;
  /** The mode its speed-up is measured against (default: the scenario's baseline). */
  compared_with?: string;
  /** It computes something else than the others, so it has no speed-up: why. */
  not_compared?: string;
  /** A baseline that measures its own speed-up: the result field holding it and what it is against. */
  own_speedup?: { field: string; against: string };
  /** The mode runs natively only (npm run cli), not in WebAssembly: why. */
  native_only?: string;
}

export interface Scenario {
  id: string;
  title: string;
  lesson: string;
  demo: string;
  /** In the order a comparison runs them. */
  modes: ModeSpec[];
  /** The mode speed-ups are measured against, unless a mode names its own (compared_with). */
  baseline: string;
  /** Worker count for thread modes: default and allowed range. */
  threads?: { default: number; min: number; max: number };
  /** Default of the simulated-GIL switch (for the modes that honour it). */
  gil?: boolean;
  parameters: Record<string, ParameterSpec>;
  notice: string[];
  /** Data files shipped with the scenario (distance matrix), first is the default. */
  data?: string[];
  /** Figures quoted from elsewhere (the course's), shown beside the measured rows as references. */
  references?: ScenarioReference[];
  /** Why no mode has a speed-up, for every mode not compared with another (a mode's own not_compared wins). */
  not_compared?: string;
  /** Whether the page offers the thread-count sweep fitted to Amdahl's law (work that divides over threads). */
  amdahl_sweep?: boolean;
  /** Whether the page offers the load sweep: response time against rate_per_s, beside a queueing model. */
  load_sweep?: boolean;
}

/** A quoted figure: what it took, with which parameters, and where it comes from. */
export interface ScenarioReference {
  label: string;
  wall_ms: number;
  params: Record<string, number | boolean>;
  source: string;
}

/** One finished run of one mode: at least these fields, plus the demo's own. */
export interface RunResult {
  mode: string;
  threads: number;
  gil: boolean;
  wall_ms: number;
  [field: string]: unknown;
}

export interface RunProgress {
  /** 0…1 */
  fraction: number;
  /** Spans recorded since the previous progress report. */
  newSpans: Span[];
  lanes: Lane[];
  /** Causal edges recorded since the previous report (absent from engines that record none). */
  newEdges?: Edge[];
}

export interface RunRequest {
  scenario: string;
  mode: string;
  threads: number;
  gil: boolean;
  params: Record<string, number | boolean>;
  inputCsv?: string;
  /** Tests only: 'abort' makes the run's thread abort, to test recovery from an engine fault
   *  (wasm/bindings/run_session.cpp). The page never sets it. */
  testFault?: 'abort';
}

export interface RunOutput {
  result: RunResult;
  lanes: Lane[];
  spans: Span[];
  /** The run's causal edges (absent from engines that record none). */
  edges?: Edge[];
  outputCsv?: string;
}

export interface RunOptions {
  onProgress?: (progress: RunProgress) => void;
  signal?: AbortSignal;
}

export type BuildFlavour = 'threads' | 'single';

export interface Engine {
  readonly flavour: BuildFlavour;
  readonly cores: number;
  run(request: RunRequest, options?: RunOptions): Promise<RunOutput>;
  /** Chrome Trace Event JSON for a finished run's lanes and spans. */
  exportTrace(output: RunOutput): string;
  /** Starts processes mode's workers ahead of its runs (kept between runs), so a run's time excludes
   *  their start-up; a run with more workers starts the rest before its timing begins. */
  prepareProcesses?(workers: number): Promise<void>;
  /** The engine's numbers for a comparison's rounds (engine/rounds.ts). */
  roundsSummary(scenario: Scenario, runs: RoundRun[], ceilings: number[]): RoundsSummary;
  /** The run that measures the machine's ceiling on `threads` threads beside a comparison of
   *  `modes`; undefined when they claim no parallel speed-up or this build runs no threads. */
  ceilingRequest(scenario: Scenario, modes: string[], threads: number): RunRequest | undefined;
  dispose(): void;
}
