export interface EngineWorker {
  /** Sends one message; resolves with the worker's `output` ('done') or rejects ('failed', or the worker died).
   * `onNews` receives what the worker reports meanwhile ('news' messages). */
  request(message: unknown, onNews?: (news: any) => void): Promise<any>;
  /** Ends the worker at once, whatever it is doing; a pending request rejects with an AbortError. */
  terminate(): void;
}
/** Starts a worker and waits until its engine has loaded; aborting `signal` ends it at once. */
export function startWorker(base: string, signal?: AbortSignal): Promise<EngineWorker>;
/** Workers started from this thread and not yet ended. */
export function liveWorkerCount(): number;
