// The server models on an event loop: one thread, a task per request.
#include <vector>

#include "core/event_loop.hpp"
#include "core/sleep.hpp"
#include "core/task.hpp"
#include "lessons/server_load/servers.hpp"
#include "run/runners.hpp"
#if PLAYGROUND_HAS_THREADS
#include "core/run_in_executor.hpp"
#endif

namespace playground::lessons::server_load {

namespace {

// The handler's lane is shared (spawned with a lane pool): the loop adds the request's name.
Task<void> wait_for_database(EventLoop& loop, const RequestShape& shape) {
  co_await sleep(loop, shape.io_us, "database");  // @site server.io
}

// The acceptor: takes every request the backlog holds, spawning a task for
// each (on the "handler" lanes: one per request being handled at once, not
// one per request), then sleeps until the next arrival. While a CPU part
// holds the loop it does not run, so arrivals wait in the backlog (or are
// rejected).
template <class Serve>
Task<void> accept_all(EventLoop& loop, AcceptQueue& queue, Serve serve) {
  std::vector<TaskHandle<void>> handlers;
  for (;;) {
    while (const auto id = queue.try_take()) handlers.push_back(loop.spawn(serve(*id), request_label(*id), "handler"));
    const auto next = queue.next_arrival_us();
    if (!next) break;
    co_await sleep(loop, *next - queue.now(), "waiting for a request");  // @site server.accept
  }
  for (auto& handler : handlers) co_await handler;
}

}  // namespace

// [excerpt server-load.coroutines]
// One task per request on one loop. The database wait is awaited, so many
// requests wait at once; but the CPU parts run on the loop's only thread,
// and while one runs nothing else does.
Task<void> serve_on_loop(EventLoop& loop, AcceptQueue& queue, const RequestShape& shape, int id, CancelToken* cancel) {
  queue.started(id, loop.current()->lane);
  micros cpu = run_cpu_part(shape, id, CpuPart::parse, cancel);
  co_await wait_for_database(loop, shape);
  cpu += run_cpu_part(shape, id, CpuPart::render, cancel);
  queue.done(id, cpu);
}
// [/excerpt]

void run_coroutines(AcceptQueue& queue, const RequestShape& shape, RunContext& context) {
  run_on_event_loop(context, [&](EventLoop& loop) {
    return accept_all(loop, queue, [&](int id) { return serve_on_loop(loop, queue, shape, id, context.cancel); });
  });
}

#if PLAYGROUND_HAS_THREADS
// [excerpt server-load.coroutines-pool]
// As coroutines, but the CPU parts go to a thread pool (loop.run_in_executor):
// the loop only switches between tasks, so it keeps accepting and awaiting
// while the pool computes.
Task<void> serve_on_loop_with_pool(EventLoop& loop, ThreadPool& pool, AcceptQueue& queue, const RequestShape& shape,
                                   int id, CancelToken* cancel) {
  queue.started(id, loop.current()->lane);
  // By value, not [&]: a cancelled task's frame goes while its CPU part still runs on the pool.
  const RequestShape* request = &shape;
  micros cpu = co_await run_in_executor(
      loop, pool, [request, id, cancel] { return run_cpu_part(*request, id, CpuPart::parse, cancel); });
  co_await wait_for_database(loop, shape);
  cpu += co_await run_in_executor(
      loop, pool, [request, id, cancel] { return run_cpu_part(*request, id, CpuPart::render, cancel); });
  queue.done(id, cpu);
}
// [/excerpt]
#endif

int run_coroutines_with_pool(AcceptQueue& queue, const RequestShape& shape, const RunRequest& request,
                             RunContext& context) {
  return run_on_thread_pool(
      request, context,
      [&](auto& pool, auto*) {
        run_on_event_loop(context, [&](EventLoop& loop) {
          return accept_all(loop, queue, [&](int id) {
            return serve_on_loop_with_pool(loop, pool, queue, shape, id, context.cancel);
          });
        });
      },
      "executor thread");
}

}  // namespace playground::lessons::server_load
