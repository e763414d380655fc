// Runs inside the module factory before anything else (emcc --pre-js).
// The pthread pool's size (threads build): the loader passes
// Module.pthreadPoolSize; otherwise enough for 4 threads per core (at most
// 16, as the UI allows), the run's own thread and a little slack.
var playgroundPoolSize = Module['pthreadPoolSize'] || (function () {
  var cores = (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) ||
    (typeof require === 'function' && require('os').cpus().length) || 4;
  return Math.min(16, 4 * cores) + 4;
})();
