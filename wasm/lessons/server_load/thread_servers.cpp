// The server models that serve each request on one thread from start to end.
#include <string>

#include "core/thread_lane.hpp"
#include "lessons/server_load/servers.hpp"
#include "run/lesson_support.hpp"
#include "run/runners.hpp"
#if PLAYGROUND_HAS_THREADS
#include "core/thread_per_task.hpp"
#endif

namespace playground::lessons::server_load {

void serve_on_thread(AcceptQueue& queue, const RequestShape& shape, int id, CancelToken* cancel) {
  queue.started(id, ThreadLane::current() != nullptr ? ThreadLane::current()->id() : -1);
  micros cpu = run_cpu_part(shape, id, CpuPart::parse, cancel);
  wait_for_database_on_thread(shape, id, cancel);
  cpu += run_cpu_part(shape, id, CpuPart::render, cancel);
  queue.done(id, cpu);
}

// [excerpt server-load.sync]
// One request at a time: while a request waits on the database the server
// waits with it, and new arrivals queue up in the backlog (or are rejected).
void serve_one_at_a_time(AcceptQueue& queue, const RequestShape& shape, CancelToken* cancel) {
  while (const auto id = queue.take(cancel)) serve_on_thread(queue, shape, *id, cancel);
}
// [/excerpt]

void run_sync(AcceptQueue& queue, const RequestShape& shape, RunContext& context) {
  ThreadLane lane(context.trace, add_lane(context, "server", LaneKind::thread));
  serve_one_at_a_time(queue, shape, context.cancel);
}

#if PLAYGROUND_HAS_THREADS
// [excerpt server-load.threads]
// A pool of workers, each a sync server of its own on the shared backlog:
// up to `threads` requests are served at once. With the GIL, their CPU parts
// take turns; their database waits overlap.
void serve_with_workers(AcceptQueue& queue, const RequestShape& shape, ThreadPool& pool, CancelToken* cancel) {
  for (int worker = 0; worker < pool.size(); ++worker) {
    pool.post([&queue, &shape, cancel] { serve_one_at_a_time(queue, shape, cancel); });
  }
  pool.wait_all();
}
// [/excerpt]

// [excerpt server-load.thread-per-request]
// The acceptor starts a new thread for each request it takes. Threads are
// capped: at the cap it waits for one to end, and arrivals queue meanwhile.
void serve_thread_per_request(AcceptQueue& queue, const RequestShape& shape, ThreadPerTaskExecutor& threads,
                              CancelToken* cancel) {
  while (const auto id = queue.take(cancel)) {
    threads.post([&queue, &shape, cancel, id = *id] { serve_on_thread(queue, shape, id, cancel); });
  }
  threads.wait_all();
}
// [/excerpt]
#endif

ThreadServerInfo run_thread_pool(AcceptQueue& queue, const RequestShape& shape, const RunRequest& request,
                                 RunContext& context) {
  ThreadServerInfo info;
  info.servers = run_on_thread_pool(
      request, context, [&](auto& pool, auto*) { serve_with_workers(queue, shape, pool, context.cancel); }, "worker");
  return info;
}

ThreadServerInfo run_thread_per_request(AcceptQueue& queue, const RequestShape& shape, const RunRequest& request,
                                        RunContext& context) {
  require_threads(request);
  ThreadServerInfo info;
#if PLAYGROUND_HAS_THREADS
  Gil gil({.cancel = context.cancel});
  ThreadPerTaskExecutor threads({.max_live_threads = request.threads,
                                 .name = "request thread",
                                 .trace = context.trace,
                                 .cancel = context.cancel,
                                 .gil = request.gil ? &gil : nullptr});
  {
    ThreadLane lane(context.trace, add_lane(context, "acceptor", LaneKind::thread));
    serve_thread_per_request(queue, shape, threads, context.cancel);
  }
  const ThreadPerTaskStats stats = threads.stats();
  info.servers = request.threads;
  info.peak_live = stats.peak_live;
  info.cap_waits = stats.cap_waits;
  info.cap_note = threads.cap_note();
#endif
  return info;
}

}  // namespace playground::lessons::server_load
