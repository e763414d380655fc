// Processes mode ("multiprocessing"), in either build: the run's parent is a
// worker with its own single-build instance, and each of its K "processes"
// is a worker of its own (Node: worker_threads) that shares no memory with
// it: its work and its results are copied by message. Starting them and
// copying the data is what this mode costs, and the result and the trace
// show it ('starting' spans on the process lanes). Nothing here blocks the
// caller's thread; aborting terminates the parent, and its children with it.
import type { RunOptions, RunOutput, RunProgress, RunRequest } from './types';
import { EngineError, abortError, engineRequest } from './session.js';
import { startWorker } from './worker-host.js';

export interface ProcessesOptions {
  /** Directory URL of the engine files, for the workers. */
  base: string;
  /** Most processes a run may start. */
  maxWorkers: number;
}

export async function runProcesses(request: RunRequest, options: RunOptions, processes: ProcessesOptions): Promise<RunOutput> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw abortError();
  if (request.threads > processes.maxWorkers) {
    throw new EngineError(`threads is ${request.threads}: processes mode starts at most ${processes.maxWorkers} workers here`, 'run_error');
  }
  // The parent worker: aborting ends it at once, loaded or not, and its
  // children go with it.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let parent: Awaited<ReturnType<typeof startWorker>> | undefined;
  try {
    parent = await startWorker(processes.base, stop.signal);
    const running = parent.request<RunOutput, RunProgress>({ type: 'processes', request: engineRequest(request) }, (news) => {
      if (!signal?.aborted) onProgress?.(news);
    });
    stop.signal.addEventListener('abort', () => parent?.terminate(), { once: true });
    if (stop.signal.aborted) parent.terminate();
    return await running;
  } catch (error) {
    if (signal?.aborted) throw abortError();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    parent?.terminate();
  }
}
