// The engine's Emscripten module as JavaScript sees it: the Embind classes and
// functions of wasm/bindings/bindings.cpp (EMSCRIPTEN_BINDINGS), the plain
// exports called through ccall, and what pre.js / post.js add. Types only.
// The engine answers in JSON text or as UTF-8 bytes of JSON (a Uint8Array view
// of its memory, valid until the handle's next call): session.js reads both,
// and the answers' shapes are below.
import type { Edge, Lane, RunResult, Span } from './types';

/** Every Embind object owns C++ memory: delete() frees it. */
interface EmbindObject {
  delete(): void;
}

/** One run (SessionHandle). */
export interface EngineSession extends EmbindObject {
  /** Starts the run; "{}" or {"error": …} JSON. The request is read on the run's side. */
  start(requestJson: string): string;
  /** Progress, lanes and at most `maxSpans` new spans, as bytes of JSON. */
  poll(maxSpans: number): Uint8Array;
  cancel(): void;
  /** Where the handle lives, for ccall('playground_execute', …) in the single build. */
  address(): number;
  finished(): boolean;
  /** The result (or {"error": …}) and the output CSV's size, as bytes of JSON. */
  outcome(): Uint8Array;
  chromeTrace(): string;
  /** At most `size` bytes of the output CSV from `offset`; empty only at its end. */
  outputCsv(offset: number, size: number): Uint8Array;
}

/** The parent of a processes-mode run (ProcessesHandle), driven by worker.js. */
export interface EngineProcessesRun extends EmbindObject {
  address(): number;
  /** The last stage's answer (playground_processes_start / _start_warm_up / _finish), JSON. */
  answer(): string;
  spawned(child: number): void;
  ready(child: number): void;
  sent(child: number, bytes: number): void;
  /** What child `child` wrote, as the bytes it wrote. */
  output(child: number, bytes: Uint8Array): void;
  closed(child: number, status: number): void;
  /** Progress, lanes, new spans and new edges, JSON. */
  poll(): string;
}

/** When to stop warming a mode up (WarmUps, run/lesson_support.hpp): a processes run's pool asks it. */
export interface EngineWarmUps extends EmbindObject {
  /** After a warm-up that took `ms`: whether to make another. */
  again(ms: number): boolean;
}

/** The plain exports that may suspend (single build), called with ccall(…, {async: true}). */
export type AsyncExport = 'playground_execute' | 'playground_processes_start' | 'playground_processes_start_warm_up' | 'playground_processes_finish';

export interface EngineModule {
  Session: new () => EngineSession;
  ProcessesRun: new () => EngineProcessesRun;
  /** For a lesson (its scenario id) and mode. */
  WarmUps: new (
    lesson: string,
    mode: string,
  ) => EngineWarmUps;
  /** {"flavour": "threads" | "single", "hardware_concurrency": n}, JSON. */
  buildInfo(): string;
  /** The most threads a run may ask for. */
  setThreadLimit(threads: number): void;
  /** Hands one child "process" of the processes mode its request, for ccall('playground_run_process_child'). */
  prepareProcessChild(protocol: string, request: string): void;
  /** This instance's CPU rate, steps per ms (calibrates on first use, on the calling thread). */
  cpuStepsPerMs(): number;
  /** Sizes this instance's CPU jobs with another instance's rate from now on (a rate that is not one is ignored). */
  adoptCpuStepsPerMs(rate: number): void;
  /** Chrome Trace Event JSON of {"title", "mode"?, "lanes", "spans", "edges"} JSON (or {"error": …}); with a mode, the mode
   *  and each of its processes are processes of the trace. */
  chromeTrace(traceJson: string): string;
  /** The native CLI's report for runs made through the JS API: {"text"} or {"error"}, JSON. */
  cliReport(requestJson: string): string;
  /** A comparison's rounds summarised (rounds.ts): {"modes": [...]} or {"error"}, JSON. */
  roundsSummary(requestJson: string): string;
  /** {"scenario_json", "modes", "threads"}: the machine's ceiling's run as a request, or null when no parallel speed-up is claimed, JSON. */
  ceilingRequest(requestJson: string): string;
  ccall(name: AsyncExport, returnType: null, argTypes: ('number' | 'string')[], args: unknown[], options: { async: true }): Promise<void>;
  /** Runs the child prepared by prepareProcessChild; its exit status. */
  ccall(name: 'playground_run_process_child', returnType: 'number', argTypes: [], args: [], options: { async: true }): Promise<number>;
  /** post.js: ends every pthread worker (threads build). */
  terminateAllThreads?(): void;
  /** post.js: pthreads running now (not idle in the pool). */
  runningThreadCount?(): number;
  /** post.js: the first fault (an abort on any of the module's threads, a pthread worker that died), '' while none. */
  engineFault?: string;
  /** Set by the owner: told of the module's first fault, after which the module is unusable. */
  onEngineFault?: (message: string) => void;
  /** Set by worker.js: a single-build run's news, JSON (bindings.cpp: playground_run_news). */
  onRunNews?: (newsJson: string) => void;
  /** Set by worker.js: a child process's output as it is written (playground_process_output). */
  onProcessOutput?: (bytes: Uint8Array) => void;
}

/** What the engine's script defines (MODULARIZE, EXPORT_NAME=createPlaygroundEngine). */
export type EngineModuleFactory = (settings: Record<string, unknown>) => Promise<EngineModule>;

/** A run's poll (Session.poll) or news (single build: Module.onRunNews). */
export interface PollAnswer {
  /** 0…1 */
  fraction: number;
  /** Spans recorded since the previous poll. */
  spans: Span[];
  /** Causal edges recorded since the previous poll (as many at most as spans). */
  edges?: Edge[];
  /** Every lane, when lanes were added since the previous poll. */
  lanes?: Lane[];
  /** The run ended and every span was read. */
  finished: boolean;
  /** Spans are waiting beyond this poll's limit. */
  more: boolean;
}

/** A finished run's outcome (Session.outcome). */
export interface OutcomeAnswer {
  result: RunResult;
  /** Size of the output CSV, read with Session.outputCsv. */
  output_csv_bytes?: number;
}

/** A processes parent's poll (ProcessesRun.poll). */
export interface ProcessesPollAnswer {
  fraction: number;
  spans: Span[];
  /** The messages to and from the children since the previous poll. */
  edges: Edge[];
  lanes: Lane[];
}

/** The processes parent's plan (playground_processes_start): one request per child. */
export interface ProcessesPlan {
  protocol: string;
  children: { request: string }[];
}

/** The processes parent's result (playground_processes_finish). */
export interface ProcessesOutcome {
  result: RunResult;
  output_csv?: string;
}

/** Module.cliReport's answer. */
export interface CliReportAnswer {
  text: string;
}
