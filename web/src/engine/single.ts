// The single build (no pthreads), for pages that cannot share memory: every
// run happens inside a worker holding its own engine instance, so the page's
// thread never blocks. The worker is busy for the whole run; cancelling
// terminates it (nothing survives it) and the next run starts a new one.
// A second instance on the caller's thread serves the quick synchronous
// calls: trace export and the processes mode's split and merge.
import type { BuildFlavour, Engine, RunOptions, RunOutput, RunRequest } from './types';
import { abortError, engineRequest } from './session.js';
import { startWorker, type EngineWorker } from './worker-host.js';
import { exportChromeTrace } from './trace-export';
import { runProcesses, type ProcessesOptions } from './processes';

export class SingleEngine implements Engine {
  readonly flavour: BuildFlavour = 'single';
  private worker: Promise<EngineWorker> | undefined;
  private disposed = false;

  constructor(
    private readonly module: any,
    readonly cores: number,
    private readonly base: string,
    private readonly processes: ProcessesOptions,
  ) {}

  async run(request: RunRequest, options: RunOptions = {}): Promise<RunOutput> {
    if (this.disposed) throw new Error('the engine was disposed');
    if (request.mode === 'processes') return runProcesses(request, options, this.processes);
    const { signal, onProgress } = options;
    if (signal?.aborted) throw abortError();
    this.worker ??= startWorker(this.base);
    const pending = this.worker;
    const onAbort = () => {
      // Terminating is the only way to stop a worker in the middle of a
      // synchronous run; the next run gets a fresh one.
      if (this.worker === pending) this.worker = undefined;
      void pending.then((worker) => worker.terminate(), () => {});
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const worker = await pending;
      if (signal?.aborted) throw abortError();
      const output: RunOutput = await worker.request({ type: 'run', request: engineRequest(request) });
      onProgress?.({ fraction: 1, newSpans: output.spans, lanes: output.lanes });
      return output;
    } catch (error) {
      if (signal?.aborted) throw abortError();
      // A worker that died (not one that reported an error) is replaced.
      if (!(error instanceof Error && error.name === 'EngineError') && this.worker === pending) this.worker = undefined;
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  exportTrace(output: RunOutput): string {
    return exportChromeTrace(this.module, output);
  }

  dispose(): void {
    this.disposed = true;
    void this.worker?.then((worker) => worker.terminate(), () => {});
    this.worker = undefined;
  }
}
