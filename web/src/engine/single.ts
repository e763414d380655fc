// The single build (no pthreads), for pages that cannot share memory: every
// run happens inside a worker holding its own engine instance, so the page's
// thread never blocks. The worker computes or sleeps (on its event loop, not
// spinning) for the whole run and streams its spans; cancelling terminates
// it (nothing survives it, even a run in the middle of CPU work) and a new
// one is started for the next run. A second instance on the caller's thread serves the quick synchronous
// calls (trace export).
import type { EngineModule } from './embind';
import type { BuildFlavour, Edge, Engine, RunOptions, RunOutput, RunProgress, RunRequest, Scenario, Span } from './types';
import { EngineError, abortError, engineRequest } from './session.js';
import { startWorker, type EngineWorker } from './worker-host.js';
import { exportChromeTrace } from './trace-export';
import { roundsSummary, type RoundRun, type RoundsSummary } from './rounds';
import { ProcessPool, type ProcessesOptions } from './processes';

export class SingleEngine implements Engine {
  readonly flavour: BuildFlavour = 'single';
  private worker: Promise<EngineWorker> | undefined;
  private disposed = false;
  /** The CPU rate the first run worker measured; later workers adopt it, so every run sizes jobs alike. */
  private cpuRate: number | undefined;
  private readonly processes: ProcessPool;
  private readonly stopLoading = new WeakMap<Promise<EngineWorker>, AbortController>();

  constructor(
    readonly module: EngineModule,
    readonly cores: number,
    private readonly base: string,
    processes: ProcessesOptions,
  ) {
    this.processes = new ProcessPool(processes, async () => {
      await this.worker?.catch(() => {});
      return this.cpuRate;
    });
    this.warmUp();
  }

  // The next run's worker starts loading now, so that a run does not wait for it.
  private warmUp(): Promise<EngineWorker> {
    // Ending a worker that still loads (an abort, dispose) must not wait for it to load: `loading`.
    const loading = new AbortController();
    const starting = startWorker(this.base, loading.signal, undefined, { cpuRate: this.cpuRate ?? 'measure' });
    this.stopLoading.set(starting, loading);
    starting.then(
      (worker) => void (this.cpuRate ??= worker.stepsPerMs),
      () => {}, // reported by the run that uses it
    );
    this.worker = starting;
    return starting;
  }

  /** Starts the processes mode's workers now, for the runs to come (processes.ts). */
  prepareProcesses(workers: number): Promise<void> {
    return this.processes.prepare(workers);
  }

  async run(request: RunRequest, options: RunOptions = {}): Promise<RunOutput> {
    if (this.disposed) throw new Error('the engine was disposed');
    if (request.mode === 'processes') return this.processes.run(request, options);
    const { signal, onProgress } = options;
    if (signal?.aborted) throw abortError();
    const pending = this.worker ?? this.warmUp();
    // Whatever happens to this run, the next one gets a worker of its own
    // only if this one is lost; an idle worker is kept.
    let abort: () => void = () => {};
    const aborted = new Promise<never>((_, reject) => {
      abort = () => {
        // Terminating is the only way to stop a worker in the middle of a
        // synchronous run; the page does not wait for it to load first.
        if (this.worker === pending) this.worker = undefined;
        this.stopLoading.get(pending)?.abort();
        void pending.then(
          (worker) => worker.terminate(),
          () => {},
        );
        reject(abortError());
      };
    });
    signal?.addEventListener('abort', abort, { once: true });
    // The worker sends the spans as news while the run goes on, a bounded
    // number per message, and none in its final output.
    const spans: Span[] = [];
    const edges: Edge[] = [];
    const onNews = (news: RunProgress) => {
      for (const span of news.newSpans) spans.push(span);
      for (const edge of news.newEdges ?? []) edges.push(edge);
      if (!signal?.aborted) onProgress?.(news);
    };
    try {
      const output: RunOutput = await Promise.race([
        pending.then((worker) => worker.request<RunOutput, RunProgress>({ type: 'run', request: engineRequest(request) }, onNews)),
        aborted,
      ]);
      return { ...output, spans, edges: [...edges, ...(output.edges ?? [])] };
    } catch (error) {
      if (signal?.aborted) throw abortError();
      // A worker that died or whose engine failed (not one that reported bad input) is replaced.
      if (!(error instanceof EngineError && error.kind === 'run_error') && this.worker === pending) this.worker = undefined;
      throw error;
    } finally {
      signal?.removeEventListener('abort', abort);
      if (!this.disposed && this.worker === undefined) this.warmUp();
    }
  }

  exportTrace(output: RunOutput): string {
    return exportChromeTrace(this.module, output);
  }

  roundsSummary(scenario: Scenario, runs: RoundRun[], ceilings: number[]): RoundsSummary {
    return roundsSummary(this.module, scenario, runs, ceilings);
  }

  /** No threads in this build: no ceiling to measure. */
  ceilingRequest(): undefined {
    return undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.processes.dispose();
    if (this.worker) this.stopLoading.get(this.worker)?.abort();
    void this.worker?.then(
      (worker) => worker.terminate(),
      () => {},
    );
    this.worker = undefined;
  }
}
