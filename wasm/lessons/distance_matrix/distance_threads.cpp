// The distance matrix on threads: a new thread per row, or a fixed pool.
// Both share the rows out and let each thread write its own slots of the
// result, so no two threads ever touch the same double (no locks needed).
#include <optional>
#include <string_view>

#include "core/gil.hpp"
#include "core/thread_lane.hpp"
#include "core/thread_per_task.hpp"
#include "core/thread_pool.hpp"
#include "lessons/distance_matrix/distance_run.hpp"
#include "run/lane_usage.hpp"

namespace playground::lessons::distance_matrix {

namespace {

// One job: row j, on whatever thread runs it. Returns its CPU time.
micros compute_row_job(DistanceRun& run, std::size_t j, std::string_view site) {
  run.check_cancelled();
  micros busy = 0;
  {
    LaneState computing(SpanState::running, row_label(j), site);
    busy = compute_row(run, j);
  }
  run.computed(static_cast<std::int64_t>(j));
  return busy;
}

// Starts the simulated GIL in `gil` when the request asks for "Python
// threads", and returns it for the executor's options (null: no GIL).
Gil* gil_if_requested(std::optional<Gil>& gil, const DistanceRun& run) {
  if (!run.request.gil) return nullptr;
  gil.emplace(GilOptions{.cancel = run.context.cancel});
  return &*gil;
}

nlohmann::json gil_json(const std::optional<Gil>& gil) {
  if (!gil) return nullptr;
  const GilStats stats = gil->stats();
  return {{"acquisitions", stats.acquisitions},
          {"handoffs", stats.handoffs},
          {"forced_switches", stats.forced_switches},
          {"switch_interval_ms", static_cast<double>(gil->switch_interval_us()) / 1000.0}};
}

// The result's account of the executor: how often the cap bit, the GIL's hand-offs.
void report(DistanceRun& run, const ThreadPerTaskExecutor& threads, const std::optional<Gil>& gil) {
  const ThreadPerTaskStats stats = threads.stats();
  run.threads_used = threads.max_live_threads();
  run.details["thread_per_task"] = {{"max_live_threads", threads.max_live_threads()},
                                    {"threads_started", stats.threads_started},
                                    {"peak_live", stats.peak_live},
                                    {"cap_waits", stats.cap_waits},
                                    {"note", threads.cap_note()}};
  run.details["gil_stats"] = gil_json(gil);
}

void report(DistanceRun& run, const ThreadPool& pool, const std::optional<Gil>& gil) {
  run.threads_used = pool.size();
  run.details["gil_stats"] = gil_json(gil);
}

}  // namespace

// [excerpt distance-matrix.threads]
// A new thread for every row, like threading.Thread(target=...).start() in a
// loop. Starting a thread costs more than computing a row, so this is slower
// than the pool. Live threads are capped at `threads`; at the cap, starting
// the next thread waits for one to finish.
void run_thread_per_task(DistanceRun& run) {
  read_rows(run, "distance.threads.read");
  std::optional<Gil> gil;
  ThreadPerTaskExecutor threads({.max_live_threads = run.request.threads,
                                 .name = "row thread",
                                 .trace = run.context.trace,
                                 .cancel = run.context.cancel,
                                 .gil = gil_if_requested(gil, run)});
  for (std::size_t j = 1; j < run.rows(); ++j) {
    threads.post([&run, j, cap = run.request.threads] {
      run.usage.add("row threads", compute_row_job(run, j, "distance.threads.compute"), cap);
    });
  }
  threads.wait_all();
  write_rows(run, "distance.threads.write");
  report(run, threads, gil);
}
// [/excerpt]

// [excerpt distance-matrix.pool]
// A fixed pool of N threads, started once (ThreadPoolExecutor(max_workers=N)):
// one job per row goes into the pool's queue, and the workers take them in
// turn. The threads are paid for once, not per row.
void run_pool(DistanceRun& run) {
  read_rows(run, "distance.pool.read");
  std::optional<Gil> gil;
  ThreadPool pool({.threads = run.request.threads,
                   .trace = run.context.trace,
                   .cancel = run.context.cancel,
                   .gil = gil_if_requested(gil, run)});
  for (std::size_t j = 1; j < run.rows(); ++j) {
    pool.post(
        [&run, j] { run.usage.add_for_this_thread("pool worker", compute_row_job(run, j, "distance.pool.compute")); });
  }
  pool.wait_all();
  write_rows(run, "distance.pool.write");
  report(run, pool, gil);
}
// [/excerpt]

}  // namespace playground::lessons::distance_matrix
