#pragma once
// The two ways a lesson runs its concurrent part, written once for every
// demo: on a thread pool (under the simulated GIL when the request asks), or
// as coroutines on a fresh event loop.
#include <string>
#include <utility>

#include "core/clock.hpp"
#include "core/event_loop.hpp"
#include "core/loop_drivers.hpp"
#include "run/lesson_support.hpp"
#if PLAYGROUND_HAS_THREADS
#include "core/gil.hpp"
#include "core/thread_pool.hpp"
#endif

namespace playground {

// Calls body(pool, gil) with a pool of request.threads threads named `name`.
// With request.gil the pool's threads hold the simulated GIL while they run
// (every wait for I/O lets it go) and `gil` points at it; otherwise it is
// null. Returns the pool's size. A build without threads throws RunError
// instead (require_threads), so `body` should be a generic lambda.
template <class Body>
int run_on_thread_pool(const RunRequest& request, RunContext& context, Body&& body, const char* name = "thread") {
#if PLAYGROUND_HAS_THREADS
  Gil gil({.cancel = context.cancel});
  Gil* held = request.gil ? &gil : nullptr;
  ThreadPool pool(
      {.threads = request.threads, .name = name, .trace = context.trace, .cancel = context.cancel, .gil = held});
  std::forward<Body>(body)(pool, held);
  return pool.size();
#else
  (void)context, (void)body, (void)name;
  require_threads(request);
  return 0;
#endif
}

// Spawns the coroutine make_main(loop) on a fresh event loop, drives the
// loop with the blocking driver until every task is done, and returns the
// coroutine's result (its exception, if it threw). The loop keeps the
// trace's clock, so its timers and the recorded spans agree.
template <class MakeMain>
auto run_on_event_loop(RunContext& context, MakeMain&& make_main, std::string name = "main") {
  const SteadyClock own_clock;
  EventLoop loop({.clock = context.trace ? &context.trace->clock() : &own_clock,
                  .trace = context.trace,
                  .cancel = context.cancel});
  auto main = loop.spawn(std::forward<MakeMain>(make_main)(loop), std::move(name));
  run_blocking(loop);
  return main.result();
}

}  // namespace playground
