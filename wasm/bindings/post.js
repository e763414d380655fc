// Runs inside the module factory after the runtime is set up (emcc --post-js).
// Lets the loader end every pthread worker when it disposes of the module
// (otherwise they keep a Node process alive and hold memory in a page).
Module['terminateAllThreads'] = function () {
  if (typeof PThread !== 'undefined') PThread.terminateAllThreads();
};
// pthreads running now (not idle in the pool): tests check that a cancelled
// run leaves none behind.
Module['runningThreadCount'] = function () {
  return typeof PThread !== 'undefined' ? PThread.runningWorkers.length : 0;
};
// A fault anywhere in the engine (abort() on any of its threads, running out
// of memory, a pthread worker that died) leaves the module unusable: its
// owner hears of the first one through Module.onEngineFault(message) and
// loads a new module (web/src/engine/threads.ts). Emscripten would instead
// rethrow a worker's error on the caller's thread (an uncaught error in a
// page; in Node, the end of the process) and leave the run unfinished.
Module['engineFault'] = '';
function playgroundFault(message) {
  if (Module['engineFault']) return;
  Module['engineFault'] = message;
  if (Module['onEngineFault']) Module['onEngineFault'](message);
}
// abort() on the caller's thread, or on a pthread (which tells this thread).
Module['onAbort'] = function (what) {
  playgroundFault('Aborted(' + (what === undefined ? '' : what) + ')');
};
if (typeof PThread !== 'undefined' && !ENVIRONMENT_IS_PTHREAD) {
  var playgroundLoadToWorker = PThread.loadWasmModuleToWorker;
  PThread.loadWasmModuleToWorker = function (worker, onFinished) {
    playgroundLoadToWorker(worker, onFinished);
    worker.onerror = function (e) {
      playgroundFault((e && e.message) || 'a thread of the engine failed');
    };
  };
}
