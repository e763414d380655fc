// Which modes need real threads (the pthreads build, so cross-origin isolation).
// Serial, coroutine and processes modes run in the single build too.
const THREAD_MODES = /thread|pool/;

export const needsThreads = (mode: string): boolean => THREAD_MODES.test(mode);
