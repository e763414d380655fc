// Processes mode ("multiprocessing"), in either build: the run's parent is a
// worker with its own single-build instance, and each of its K "processes"
// is a worker of its own (Node: worker_threads) that shares no memory with
// it: its work and its results are copied by message. Starting them and
// copying the data is what this mode costs, and the result and the trace
// show it ('starting' spans on the process lanes). The parent asks this
// thread to start its children (worker-host.js says why) and drives them over
// MessagePorts. Nothing here blocks the caller's thread; aborting terminates
// the parent and the children. A parent that stops answering (it sends news
// or a heartbeat every 50 ms while it lives) ends the run with an error.
import type { RunOptions, RunOutput, RunProgress, RunRequest } from './types';
import { EngineError, abortError, engineRequest } from './session.js';
import { type Port, spawnConnected, startWorker } from './worker-host.js';

export interface ProcessesOptions {
  /** Directory URL of the engine files, for the workers. */
  base: string;
  /** Most processes a run may start. */
  maxWorkers: number;
}

/** How long the processes parent may say nothing at all before the run fails. */
export const PARENT_SILENCE_LIMIT_MS = 15_000;

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
  const children: { terminate(): void }[] = [];
  let ended = false;
  // A child that dies (its script fails to load, say) fails the run: its parent cannot hear of it.
  let childFailed: (error: Error) => void = () => {};
  const failure = new Promise<never>((_, reject) => {
    childFailed = (error) => reject(new EngineError(`a worker process failed: ${error.message}`, 'internal'));
  });
  failure.catch(() => {});
  const spawnChildren = async (count: number): Promise<Port[]> => {
    if (count > processes.maxWorkers) throw new EngineError(`the run asked for ${count} worker processes, more than ${processes.maxWorkers}`, 'internal');
    const started = await Promise.all(Array.from({ length: count }, () => spawnConnected(childFailed)));
    children.push(...started);
    if (ended) for (const child of started) child.terminate(); // the run ended while they started
    if (ended || stop.signal.aborted) throw abortError();
    return started.map((child) => child.port);
  };
  try {
    parent = await startWorker(processes.base, stop.signal);
    const running = parent.request<RunOutput, RunProgress>(
      { type: 'processes', request: engineRequest(request) },
      (news) => {
        if (!signal?.aborted) onProgress?.(news);
      },
      {
        onSpawn: spawnChildren,
        silenceLimit: { ms: PARENT_SILENCE_LIMIT_MS, message: `the processes run stopped answering (nothing from it for ${PARENT_SILENCE_LIMIT_MS / 1000} s)` },
      },
    );
    stop.signal.addEventListener('abort', () => parent?.terminate(), { once: true });
    if (stop.signal.aborted) parent.terminate();
    return await Promise.race([running, failure]);
  } catch (error) {
    if (signal?.aborted) throw abortError();
    throw error;
  } finally {
    ended = true;
    signal?.removeEventListener('abort', onAbort);
    parent?.terminate();
    for (const child of children) child.terminate();
  }
}
