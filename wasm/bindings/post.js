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
