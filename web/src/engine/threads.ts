// The threads build, on the caller's own thread (the page's main thread or
// Node's): each run starts on a pthread of its own inside the module, and
// this side only polls it, so the caller never blocks. Processes mode goes
// to worker instances of the single build (processes.ts).
import type { EngineModule } from './embind';
import type { BuildFlavour, Engine, RunOptions, RunOutput, RunRequest, Scenario } from './types';
import { RunHandle, SPANS_PER_POLL, abortError, engineRequest, faultError } from './session.js';
import { exportChromeTrace } from './trace-export';
import { ceilingRequest, roundsSummary, type RoundRun, type RoundsSummary } from './rounds';
import { ProcessPool, type ProcessesOptions } from './processes';

/** How often a running run is polled: about once per animation frame. */
export const POLL_INTERVAL_MS = 16;
/** The most time one tick spends reading spans before it yields. */
export const TICK_BUDGET_MS = 8;

export class ThreadsEngine implements Engine {
  readonly flavour: BuildFlavour = 'threads';
  private disposed = false;
  /** Runs going on, each with the way to fail it if the module faults. */
  private readonly active = new Map<RunHandle, (error: Error) => void>();
  /** While a fresh module loads after a fault: the next run waits for it. */
  private reloading: Promise<void> | undefined;

  private readonly processes: ProcessPool;
  /** The CPU rate this module sizes jobs with, measured on a run's thread (cpuRate). */
  private rate: Promise<number | undefined> | undefined;

  /** `reload` loads a fresh module (index.ts), used when this one faults. */
  constructor(
    public module: EngineModule,
    readonly cores: number,
    processes: ProcessesOptions,
    private readonly reload?: () => Promise<EngineModule>,
  ) {
    this.processes = new ProcessPool(processes, () => this.cpuRate());
    this.watch(module);
  }

  /** Starts the processes mode's workers now, for the runs to come (processes.ts). */
  prepareProcesses(workers: number): Promise<void> {
    return this.processes.prepare(workers);
  }

  async run(request: RunRequest, options: RunOptions = {}): Promise<RunOutput> {
    if (this.disposed) throw new Error('the engine was disposed');
    if (request.mode === 'processes') return this.processes.run(request, options);
    await this.reloading;
    if (this.module.engineFault) throw faultError(this.module.engineFault);
    return pollRun(this.module, request, options, this.active);
  }

  /** The steps per ms this module sizes CPU jobs with, for the processes parent to size its children's
   *  jobs alike (same steps, same checksum as serial); undefined if it cannot be had. */
  private cpuRate(): Promise<number | undefined> {
    this.rate ??= (async () => {
      await this.reloading;
      const module = this.module;
      await pollRun(module, CALIBRATION_REQUEST, {}, this.active);
      return module.cpuStepsPerMs();
    })().catch(() => {
      this.rate = undefined;
      return undefined;
    });
    return this.rate;
  }

  /** pthreads running now (the pool's busy workers): 0 when no run is going. */
  threadsInUse(): number {
    return this.module.runningThreadCount?.() ?? 0;
  }

  exportTrace(output: RunOutput): string {
    return exportChromeTrace(this.module, output);
  }

  roundsSummary(scenario: Scenario, runs: RoundRun[], ceilings: number[]): RoundsSummary {
    return roundsSummary(this.module, scenario, runs, ceilings);
  }

  ceilingRequest(scenario: Scenario, modes: string[], threads: number): RunRequest | undefined {
    return ceilingRequest(this.module, scenario, modes, threads);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.processes.dispose();
    for (const handle of this.active.keys()) handle.cancel();
    // Ends every pthread worker (they would keep Node alive and hold memory).
    this.module.terminateAllThreads?.();
  }

  // A fault (post.js: an abort on any thread, a worker that died) leaves the
  // module unusable, its runs unfinished and perhaps its locks held: every
  // run going on fails with what happened, the module's threads are ended,
  // and a fresh module is loaded for the next run.
  private watch(module: EngineModule): void {
    module.onEngineFault = (what) => {
      if (module !== this.module) return;
      const error = faultError(what);
      for (const fail of this.active.values()) fail(error);
      this.active.clear();
      module.terminateAllThreads?.();
      if (this.disposed || !this.reload) return;
      const reload = this.reload;
      this.reloading = reload().then(
        (fresh) => {
          if (this.disposed) return void fresh.terminateAllThreads?.();
          this.module = fresh;
          this.rate = undefined; // the fresh module calibrates anew
          this.watch(fresh);
        },
        () => {}, // the next run reports the old module's fault
      );
    };
  }
}

/** A run whose one tiny CPU job makes the module calibrate its CPU work on the run's thread (not the page's). */
const CALIBRATION_REQUEST: RunRequest = { scenario: 'cpu-bound', mode: 'serial', threads: 1, gil: false, params: { jobs: 1, work_ms: 1 } };

/** The run made while the engine loads (warmUp): one pair of locations, no delays. */
const WARM_UP_REQUEST: RunRequest = {
  scenario: 'distance-matrix',
  mode: 'threads',
  threads: 1,
  gil: false,
  params: { read_delay_ms: 0, write_delay_ms: 0 },
  inputCsv: 'A,0,0\nB,1,1\n',
};

/**
 * Makes one small run, to the end, before the engine is handed out. V8
 * compiles a wasm function on its first call, on the thread that calls it:
 * without this, the reader's first run would compile what the page's thread
 * calls (the run's start and its thread's, poll, the result, the output)
 * in the middle of that run, a task of 40 ms or more on the page
 * just as the run begins.
 */
export async function warmUp(module: EngineModule): Promise<void> {
  await pollRun(module, WARM_UP_REQUEST, {}, new Map());
}

// Starts one run and polls it until it finishes; an abort cancels it and
// the promise rejects with an AbortError once the run has stopped, so that
// nothing of it is left when the caller starts the next one.
// A fault of the module fails the run at once through `active` (its session
// is not touched again: the module is gone).
function pollRun(module: EngineModule, request: RunRequest, options: RunOptions, active: Map<RunHandle, (error: Error) => void>): Promise<RunOutput> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  let handle: RunHandle;
  try {
    handle = new RunHandle(module, engineRequest(request));
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise<RunOutput>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    active.set(handle, (error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    const finish = async () => {
      signal?.removeEventListener('abort', onAbort);
      try {
        if (signal?.aborted) throw abortError();
        resolve(await handle.outputInChunks());
      } catch (error) {
        reject(error);
      } finally {
        active.delete(handle);
        handle.dispose();
      }
    };
    // One tick reads spans in bounded polls until none are waiting or its
    // time budget is spent, then yields to the event loop: a run recording
    // spans faster than one poll carries is read over several ticks, and no
    // tick makes a long task (issue 6: none over 50 ms while a demo runs).
    const tick = () => {
      try {
        poll();
      } catch (error) {
        // The module failed under this call (an abort on this thread): the
        // fault handler has failed the run; anything else fails it here.
        active.get(handle)?.(error instanceof Error ? error : new Error(String(error)));
        active.delete(handle);
      }
    };
    const poll = () => {
      if (!onProgress && !handle.finished()) {
        // Nobody is listening: the spans are read after the run (in bounded
        // ticks, below), so that the caller's thread does not compete with
        // the run's threads for the cores while it lasts.
        timer = setTimeout(tick, signal?.aborted ? 1 : POLL_INTERVAL_MS);
        return;
      }
      const started = performance.now();
      let progress = handle.poll();
      let newSpans = progress.newSpans;
      let newEdges = progress.newEdges;
      // Bounded by time and by count: the caller indexes what one tick hands it (spans and, since they
      // stream, edges) in the same task, so a tick never carries more than two polls' worth.
      while (progress.more && !progress.finished && performance.now() - started < TICK_BUDGET_MS && newSpans.length < 2 * SPANS_PER_POLL) {
        progress = handle.poll();
        newSpans = newSpans.concat(progress.newSpans);
        newEdges = newEdges.concat(progress.newEdges);
      }
      if (onProgress && !signal?.aborted && (newSpans.length > 0 || newEdges.length > 0 || !progress.finished)) {
        onProgress({ fraction: progress.fraction, newSpans, newEdges, lanes: progress.lanes });
      }
      if (progress.finished) return void finish();
      timer = setTimeout(tick, signal?.aborted || progress.more ? 0 : POLL_INTERVAL_MS);
    };
    const onAbort = () => {
      handle.cancel();
      // Look again soon: the run stops as soon as it sees the token.
      clearTimeout(timer);
      timer = setTimeout(tick, 1);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(tick, 0);
  });
}
