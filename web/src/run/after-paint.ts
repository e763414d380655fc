// Starting a run right after changing what the page shows makes the run's
// first milliseconds share the page's thread with drawing the change. In the
// threads build that is where a run's threads are made, and Emscripten makes
// a thread by asking the page's thread for a worker: a pool's threads started
// 10–50 ms late, and its measured speed-up fell accordingly.

/** Resolves once the page has drawn its latest changes, or after `fallbackMs`
 *  where no frames are drawn (a hidden tab draws none). */
export function afterNextPaint(fallbackMs = 100): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, fallbackMs);
    if (typeof requestAnimationFrame !== 'function') return;
    // A frame callback runs just before the frame is drawn; a task queued
    // from it runs after.
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}
