// Which build can run here. `typeof SharedArrayBuffer` alone is not enough:
// a browser may define it and still refuse to share memory with a worker
// (no cross-origin isolation), and pthreads start their workers from inside
// workers (nested workers), which some contexts lack. So, as production apps
// do: check crossOriginIsolated, then actually post a shared
// WebAssembly.Memory to a worker and see it arrive, then check that this
// worker can itself start one.

export interface ThreadSupport {
  threads: boolean;
  /** Why not, in one plain sentence ('' when threads are available). */
  reason: string;
}

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

/** How long the probe worker (and the one it starts) may take to answer before threads are judged unusable. */
const PROBE_LIMIT_MS = 10_000;

// A tiny worker that answers whether it received shared memory and whether
// it can start a worker of its own.
const probeSource = `
self.onmessage = (event) => {
  const shared = event.data instanceof WebAssembly.Memory && event.data.buffer instanceof SharedArrayBuffer;
  let nested = false;
  try {
    const inner = new Worker(URL.createObjectURL(new Blob([''], { type: 'text/javascript' })));
    inner.terminate();
    nested = true;
  } catch (error) {}
  self.postMessage({ shared, nested });
};`;

let cached: Promise<ThreadSupport> | undefined;

export function detectThreadSupport(): Promise<ThreadSupport> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<ThreadSupport> {
  // Node has shared memory and worker_threads (which nest) unconditionally.
  if (isNode) return { threads: true, reason: '' };
  if (!globalThis.crossOriginIsolated) {
    return {
      threads: false,
      reason:
        'This page is not cross-origin isolated (it needs the Cross-Origin-Opener-Policy and ' +
        'Cross-Origin-Embedder-Policy headers), so the browser does not let threads share memory.',
    };
  }
  if (typeof Worker === 'undefined' || typeof WebAssembly?.Memory !== 'function') {
    return { threads: false, reason: 'This browser has no Web Workers or no WebAssembly.' };
  }
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  } catch {
    return { threads: false, reason: 'This browser cannot create shared WebAssembly memory.' };
  }
  // Asked twice before threads are judged unusable: in the Firefox e2e, on a busy 2-core machine, the
  // probe now and then went unanswered on a page load that followed another page's run in the same tab.
  const answer = (await askProbeWorker(memory)) ?? (await askProbeWorker(memory));
  if (answer === null) return { threads: false, reason: 'A test worker did not answer, so threads cannot be relied on.' };
  if (!answer.shared) return { threads: false, reason: 'This browser cannot send shared memory to a worker.' };
  if (!answer.nested) return { threads: false, reason: 'Workers here cannot start workers of their own, which threads need.' };
  return { threads: true, reason: '' };
}

/** One probe worker's answer to `memory`, or null when it errs or does not answer within PROBE_LIMIT_MS. */
async function askProbeWorker(memory: WebAssembly.Memory): Promise<{ shared: boolean; nested: boolean } | null> {
  const url = URL.createObjectURL(new Blob([probeSource], { type: 'text/javascript' }));
  const worker = new Worker(url);
  try {
    return await new Promise<{ shared: boolean; nested: boolean } | null>((resolve) => {
      // Generous: on a busy 2-core machine Firefox took over 3 s to start this worker and its nested
      // one now and then, and the page fell back to the single build with its thread modes off.
      const timer = setTimeout(() => resolve(null), PROBE_LIMIT_MS);
      worker.onmessage = (event) => {
        clearTimeout(timer);
        resolve(event.data);
      };
      worker.onerror = () => {
        clearTimeout(timer);
        resolve(null);
      };
      try {
        worker.postMessage(memory);
      } catch {
        clearTimeout(timer);
        resolve({ shared: false, nested: false });
      }
    });
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
}
