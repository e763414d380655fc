// Processes mode ("multiprocessing"), in either build: the run's parent is a
// worker with its own single-build instance, and each of its K "processes"
// is a worker of its own (Node: worker_threads) that shares no memory with
// it: its work and its results are copied by message. The parent asks this
// thread to start its children (worker-host.js says why) and drives them over
// MessagePorts.
//
// Like a course's `with Pool(4) as pool:` written outside the timed function,
// the parent and its children are a pool started ahead of the run (the
// single build compiled once here and handed to each; prepare:
// when the page shows a lesson with a processes mode, or first thing in a
// run, before its timing begins) and kept loaded between runs, so a run's
// time is its work and the copying of its data. How long the pool took to
// start is reported beside the run's result (workers_started_before_ms when
// it was ready before the run was asked for, workers_started_for_run_ms when
// the run waited for it); start-up inside the run (startup_ms, the engine's)
// is then about 0. Aborting a run ends the whole pool (terminating is the
// only way to stop a worker that computes): the next run starts a fresh one,
// before its timing. A worker that dies takes the pool with it, and a fresh
// pool of the same size starts at once. Nothing here blocks the caller's thread. A
// parent that stops answering during a run (it sends news or a heartbeat
// every 50 ms while it lives) ends the run with an error.
import type { RunOptions, RunOutput, RunProgress, RunRequest } from './types';
import { EngineError, abortError, engineRequest } from './session.js';
import { type EngineWorker, type Port, START_LIMIT_MS, spawnConnected, startWorker } from './worker-host.js';
import { compileModule } from './module.js';

export interface ProcessesOptions {
  /** Directory URL of the engine files, for the workers. */
  base: string;
  /** Most processes a run may start. */
  maxWorkers: number;
}

/** How long the processes parent may say nothing at all during a run before the run fails. */
export const PARENT_SILENCE_LIMIT_MS = 15_000;

/** The workers of processes mode, started ahead of the runs and kept between them. */
export class ProcessPool {
  private parent: Promise<EngineWorker> | undefined;
  private children: { terminate(): void }[] = [];
  /** Children the parent holds, loaded. */
  private held = 0;
  /** How long the pool took to start the workers it holds (ms), once it has. */
  private startupMs = 0;
  /** One request at a time goes to the parent: prepares and runs wait their turn. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Fails what the pool is doing now when a child dies (its parent cannot hear of it). */
  private onChildDeath: ((error: Error) => void) | undefined;
  private disposed = false;
  /** Ends the pool's parent even while it loads. */
  private stop = new AbortController();
  /** The single build, compiled once on this thread and handed to every worker of the pool
   *  (undefined: it could not be, and each worker compiles its own). */
  private compiled: Promise<WebAssembly.Module | undefined> | undefined;

  /** `cpuRate` gives the steps per ms the engine's other modes size CPU jobs with (undefined: none yet). */
  constructor(
    private readonly options: ProcessesOptions,
    private readonly cpuRate: () => Promise<number | undefined>,
  ) {}

  /** Starts the parent and `workers` children now, if they are not running yet, for the runs to come. */
  prepare(workers: number): Promise<void> {
    const count = Math.max(1, Math.min(workers, this.options.maxWorkers));
    // The engine's CPU rate is measured meanwhile (the fastest of many short runs: cpu_work.cpp), not
    // first: the workers then start before a reader's first click, outside what is timed.
    void this.cpuRate();
    const prepared = this.enqueue(async () => void (await this.grow(count)));
    prepared.catch(() => {}); // a run that needs the pool reports why it could not start
    return prepared;
  }

  async run(request: RunRequest, options: RunOptions): Promise<RunOutput> {
    const { signal } = options;
    if (signal?.aborted) throw abortError();
    if (request.threads > this.options.maxWorkers) {
      throw new EngineError(`threads is ${request.threads}: processes mode starts at most ${this.options.maxWorkers} workers here`, 'run_error');
    }
    return this.enqueue(async () => {
      if (signal?.aborted) throw abortError();
      // Aborting ends the pool at once and the run rejects at once, whatever it was waiting for.
      let onAbort = () => {};
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => {
          this.discard(false);
          reject(abortError());
        };
      });
      aborted.catch(() => {});
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await Promise.race([this.runNow(request, options), aborted]);
      } catch (error) {
        this.discard(false);
        if (signal?.aborted) throw abortError();
        throw error;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    });
  }

  private async runNow(request: RunRequest, options: RunOptions): Promise<RunOutput> {
    const { signal, onProgress } = options;
    try {
      // Outside the timed part, as a course creates its pool before the timed function.
      const wasReady = !(await this.grow(request.threads));
      const parent = await this.parent!;
      const failure = this.failOnChildDeath('a worker process failed');
      const running = parent.request<RunOutput, RunProgress>(
        { type: 'processes', request: engineRequest(request), stepsPerMs: await this.cpuRate() },
        (news) => {
          if (!signal?.aborted) onProgress?.(news);
        },
        {
          onSpawn: (count) => this.spawnChildren(count),
          silenceLimit: {
            ms: PARENT_SILENCE_LIMIT_MS,
            message: `the processes run stopped answering (nothing from it for ${PARENT_SILENCE_LIMIT_MS / 1000} s)`,
          },
        },
      );
      const output = await Promise.race([running, failure]);
      this.held = Math.max(this.held, output.result.threads);
      output.result[wasReady ? 'workers_started_before_ms' : 'workers_started_for_run_ms'] = this.startupMs;
      return output;
    } finally {
      this.onChildDeath = undefined;
    }
  }

  /** Ends every worker of the pool; no more runs. */
  dispose(): void {
    this.disposed = true;
    this.discard(false);
  }

  /** Workers started from this pool and not yet ended (parent included). */
  get workers(): number {
    return this.children.length + (this.parent ? 1 : 0);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.disposed) throw new Error('the engine was disposed');
      return work();
    });
    this.queue = next.catch(() => {});
    return next;
  }

  /** Makes the parent hold at least `count` children; true when it had to start any worker. */
  private async grow(count: number): Promise<boolean> {
    if (this.parent && this.held >= count) return false;
    const started = performance.now();
    try {
      const wasmModule = await (this.compiled ??= compileModule('single', this.options.base).catch(() => undefined));
      const parent = await (this.parent ??= startWorker(this.options.base, this.stop.signal, undefined, { wasmModule }));
      const failure = this.failOnChildDeath('a worker process failed to start');
      const held = parent.request<{ workers: number }>({ type: 'pool', count }, undefined, {
        onSpawn: (n) => this.spawnChildren(n),
        // Each child has START_LIMIT_MS to load; the pool as a whole no more than that (and a little).
        silenceLimit: { ms: START_LIMIT_MS + 5_000, message: `the processes workers did not start within ${(START_LIMIT_MS + 5_000) / 1000} s` },
      });
      this.held = (await Promise.race([held, failure])).workers;
      this.startupMs = performance.now() - started;
      return true;
    } catch (error) {
      this.discard(false);
      throw error;
    } finally {
      this.onChildDeath = undefined;
    }
  }

  private async spawnChildren(count: number): Promise<Port[]> {
    if (this.children.length + count > this.options.maxWorkers) {
      throw new EngineError(
        `the processes parent asked for ${this.children.length + count} worker processes, more than ${this.options.maxWorkers}`,
        'internal',
      );
    }
    const parent = this.parent;
    const wasmModule = await this.compiled;
    const started = await Promise.all(Array.from({ length: count }, () => spawnConnected((error) => this.childDied(error), wasmModule)));
    if (this.disposed || parent !== this.parent) {
      for (const child of started) child.terminate(); // the pool was ended while they started
      throw abortError();
    }
    this.children.push(...started);
    return started.map((child) => child.port);
  }

  /** Rejects with `what` and the child's error when a child dies while the pool does what this is raced with. */
  private failOnChildDeath(what: string): Promise<never> {
    const failure = new Promise<never>((_, reject) => {
      this.onChildDeath = (error) => reject(new EngineError(`${what}: ${error.message}`, 'internal'));
    });
    failure.catch(() => {});
    return failure;
  }

  /** A child died: what the pool is doing fails, and a fresh pool of the same size starts. */
  private childDied(error: Error): void {
    const fail = this.onChildDeath;
    this.discard(true);
    fail?.(error);
  }

  /** Ends the parent and its children; with `restart`, starts a fresh pool of the same size. */
  private discard(restart: boolean): void {
    const size = this.held;
    const parent = this.parent;
    this.parent = undefined;
    this.held = 0;
    this.stop.abort();
    this.stop = new AbortController();
    void parent?.then(
      (worker) => worker.terminate(),
      () => {},
    );
    for (const child of this.children.splice(0)) child.terminate();
    if (restart && !this.disposed && size > 0) void this.prepare(size);
  }
}
