#include "lessons/cpu_bound/cpu_bound.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/event_loop.hpp"
#include "core/gather.hpp"
#include "core/loop_drivers.hpp"
#include "core/task.hpp"
#include "core/thread_lane.hpp"
#include "lessons/cpu_bound/cpu_jobs.hpp"
#include "lessons/cpu_bound/cpu_processes.hpp"
#include "processes/parent.hpp"
#include "run/lesson_support.hpp"
#include "run/runners.hpp"
#if PLAYGROUND_HAS_THREADS
#include "core/gil.hpp"
#include "core/thread_pool.hpp"
#endif

namespace playground::lessons::cpu_bound {

namespace {

const std::vector<std::string> kModes = {"serial",           "threads",
                                         "coroutines",       "processes",
                                         "recursive-serial", "recursive-coroutines",
                                         "iterative-serial", "iterative-coroutines"};

// [excerpt cpu-bound.serial]
// One thread computes every job, one after the other.
void compute_serial(const std::vector<CpuJob>& jobs, CpuJobResults& results, CancelToken* cancel) {
  for (const CpuJob& job : jobs) {
    const micros start = results.now();
    results.finished(job, start, interpreted_work(job.steps, job.seed, cancel, job.label(), "cpu.serial.compute"));
  }
}
// [/excerpt]

#if PLAYGROUND_HAS_THREADS
// [excerpt cpu-bound.threads]
// [see also core.gil.handoff]
// Every job submitted to the pool. Without the GIL the pool's threads
// compute on all the cores at once. With it, each thread must hold the GIL
// to compute, and interpreted_work hands it over every switch interval: the
// threads take turns on one core's worth of time.
void compute_threads(const std::vector<CpuJob>& jobs, CpuJobResults& results, ThreadPool& pool, CancelToken* cancel,
                     bool gil) {
  const std::string_view site = gil ? "cpu.gil.compute" : "cpu.threads.compute";
  for (const CpuJob& job : jobs) {
    pool.post([&job, &results, cancel, site] {
      const micros start = results.now();
      results.finished(job, start, interpreted_work(job.steps, job.seed, cancel, job.label(), site));
    });
  }
  pool.wait_all();
}
// [/excerpt]
#endif

// [excerpt cpu-bound.coroutines]
// One task per job on one thread. A task computes a slice, then yields so
// the others get a turn: the jobs interleave, but only one computes at any
// moment, so the total is the serial time.
Task<void> compute_task(EventLoop& loop, const CpuJob& job, CpuJobResults& results) {
  const micros start = results.now();
  const std::uint64_t slice = cpu_steps_for_ms(5.0);
  std::uint64_t state = job.seed;
  for (std::uint64_t done = 0; done < job.steps; done += slice) {
    state = cpu_steps(std::min(slice, job.steps - done), state);
    co_await yield(loop);  // asyncio.sleep(0): let the other tasks run
  }
  results.finished(job, start, state);
}

Task<void> compute_all(EventLoop& loop, const std::vector<CpuJob>& jobs, CpuJobResults& results) {
  std::vector<Task<void>> tasks;
  for (const CpuJob& job : jobs) tasks.push_back(compute_task(loop, job, results));
  co_await gather(loop, std::move(tasks));
}
// [/excerpt]

// [excerpt cpu-bound.recursive-serial]
// fib(n) as the sum over its call tree, with plain function calls: what the
// recursive coroutines are measured against (same calls, same answer).
std::uint64_t fib_plain(int n, std::uint64_t& calls, const CancelToken* cancel) {  // @site cpu.fib.recursive
  if ((++calls & 0xFFF) == 0 && cancel != nullptr) cancel->throw_if_cancelled();
  if (n < 2) return static_cast<std::uint64_t>(n);
  return fib_plain(n - 1, calls, cancel) + fib_plain(n - 2, calls, cancel);
}
// [/excerpt]

// [excerpt cpu-bound.recursive-coroutines]
// fib(n) as the sum over its call tree, where every call is a coroutine that
// co_awaits its two children: each call costs a task switch there and back.
Task<std::uint64_t> fib_recursive(int n, std::uint64_t& calls, const CancelToken* cancel) {
  ++calls;
  if (cancel != nullptr) cancel->throw_if_cancelled();
  if (n < 2) co_return static_cast<std::uint64_t>(n);
  const std::uint64_t left = co_await fib_recursive(n - 1, calls, cancel);
  const std::uint64_t right = co_await fib_recursive(n - 2, calls, cancel);
  co_return left + right;
}
// [/excerpt]

// [excerpt cpu-bound.iterative-serial]
// The same call tree, walked with a loop and a stack of the calls still to
// make: the same calls and answer as the recursion, without a call per node.
std::uint64_t fib_walk(int n, std::uint64_t& calls, const CancelToken* cancel) {  // @site cpu.fib.walk
  std::uint64_t sum = 0;
  std::vector<int> to_visit{n};
  while (!to_visit.empty()) {
    const int k = to_visit.back();
    to_visit.pop_back();
    if ((++calls & 0xFFF) == 0 && cancel != nullptr) cancel->throw_if_cancelled();
    if (k < 2) {
      sum += static_cast<std::uint64_t>(k);
    } else {
      to_visit.push_back(k - 2);
      to_visit.push_back(k - 1);
    }
  }
  return sum;
}
// [/excerpt]

// [excerpt cpu-bound.iterative-coroutines]
// The loop of fib_walk (the iterative-serial mode) inside one coroutine: no
// task switches, so it costs what the plain loop costs.
Task<std::uint64_t> fib_iterative(int n, std::uint64_t& calls, const CancelToken* cancel) {
  co_return fib_walk(n, calls, cancel);
}
// [/excerpt]

class CpuBoundLesson final : public Lesson {
 public:
  CpuBoundLesson() : Lesson("cpu-bound", kModes) {}
  [[nodiscard]] const processes::ProcessesMode* processes_mode() const override { return &in_processes(); }

  // Job modes (processes too): a job per thread of about 5 ms; fib modes: at
  // most fib(22), 57 313 calls (fib(16)'s 3 193 ended before V8 had compiled
  // the walk's loop: it then ran in the measured run, 14× slower).
  [[nodiscard]] std::optional<RunRequest> warm_up_request(const RunRequest& request) const override {
    RunRequest small = request;
    if (request.mode.find("recursive") == 0 || request.mode.find("iterative") == 0) {
      small.params["fib_n"] = std::min<std::int64_t>(param_int(request, "fib_n"), 22);
      return small;
    }
    small.params["jobs"] = std::min<std::int64_t>(param_int(request, "jobs"), std::max(1, request.threads));
    small.params["time_scale"] = std::min(
        time_scale(request), 5.0 / static_cast<double>(std::max<std::int64_t>(1, param_int(request, "work_ms"))));
    return small;
  }

 private:
  [[nodiscard]] RunOutcome run_mode(const RunRequest& request, RunContext& context) const override {
    if (request.mode == "processes") return processes::run_in_child_processes(*this, request, context);
    if (request.mode == "recursive-coroutines" || request.mode == "iterative-coroutines") {
      return run_fib(request, context);
    }
    if (request.mode == "recursive-serial" || request.mode == "iterative-serial")
      return run_fib_plain(request, context);
    if (request.mode == "threads") require_threads(request);
    const std::vector<CpuJob> jobs = cpu_jobs_of(request);
    add_progress_total(context, static_cast<std::int64_t>(jobs.size()));

    const Stopwatch stopwatch;
    CpuJobResults results(stopwatch, jobs.size(), context.progress);
    RunOutcome outcome;
    int threads = 1;
    nlohmann::json extra = nlohmann::json::object();
    if (request.mode == "serial") {
      ThreadLane lane(context.trace, add_lane(context, "main", LaneKind::thread));
      compute_serial(jobs, results, context.cancel);
      extra["achieved_ms_per_job"] = results.median_job_ms();
    } else if (request.mode == "threads") {
      threads = run_threads(request, context, jobs, results, extra);
    } else {
      run_coroutines(context, jobs, results);
    }
    const double wall_ms = stopwatch.elapsed_ms();

    outcome.result = cpu_jobs_result(request, threads, wall_ms, jobs, results);
    outcome.result.update(extra);
    return outcome;
  }

 private:
  // Returns the number of threads; with the GIL on, adds how often it changed hands to `extra`.
  static int run_threads(const RunRequest& request, RunContext& context, const std::vector<CpuJob>& jobs,
                         CpuJobResults& results, nlohmann::json& extra) {
    return run_on_thread_pool(request, context, [&](auto& pool, auto* gil) {
      compute_threads(jobs, results, pool, context.cancel, request.gil);
      if (gil) extra["gil_handoffs"] = gil->stats().handoffs;
    });
  }

  static void run_coroutines(RunContext& context, const std::vector<CpuJob>& jobs, CpuJobResults& results) {
    run_on_event_loop(context, [&](EventLoop& loop) { return compute_all(loop, jobs, results); });
  }

  static RunOutcome run_fib(const RunRequest& request, RunContext& context) {
    const auto n = static_cast<int>(param_int(request, "fib_n"));
    add_progress_total(context, 1);
    const SteadyClock own_clock;
    EventLoop loop({.clock = context.trace ? &context.trace->clock() : &own_clock,
                    .trace = context.trace,
                    .cancel = context.cancel});
    std::uint64_t calls = 0;
    const Stopwatch stopwatch;
    auto main = request.mode == "recursive-coroutines" ? loop.spawn(fib_recursive(n, calls, context.cancel), "fib")
                                                       : loop.spawn(fib_iterative(n, calls, context.cancel), "fib");
    run_blocking(loop);
    const std::uint64_t value = main.result();
    const double wall_ms = stopwatch.elapsed_ms();
    count_progress(context);

    return fib_outcome(request, n, value, calls, loop.stats().resumes, wall_ms);
  }

  // The same fib(fib_n) with plain calls or a plain loop on the calling thread: no loop, no resumes.
  static RunOutcome run_fib_plain(const RunRequest& request, RunContext& context) {
    const auto n = static_cast<int>(param_int(request, "fib_n"));
    add_progress_total(context, 1);
    const bool recursive = request.mode == "recursive-serial";
    ThreadLane lane(context.trace, add_lane(context, "main", LaneKind::thread));
    std::uint64_t calls = 0;
    const Stopwatch stopwatch;
    std::uint64_t value = 0;
    {
      const LaneState running(SpanState::running, "fib(" + std::to_string(n) + ")",
                              recursive ? "cpu.fib.recursive" : "cpu.fib.walk");
      value = recursive ? fib_plain(n, calls, context.cancel) : fib_walk(n, calls, context.cancel);
    }
    const double wall_ms = stopwatch.elapsed_ms();
    count_progress(context);
    return fib_outcome(request, n, value, calls, 0, wall_ms);
  }

  static RunOutcome fib_outcome(const RunRequest& request, int n, std::uint64_t value, std::uint64_t calls,
                                std::uint64_t resumes, double wall_ms) {
    RunOutcome outcome;
    outcome.result = base_result(request, 1, wall_ms);
    outcome.result["fib_n"] = n;
    outcome.result["value"] = value;
    outcome.result["calls"] = calls;
    outcome.result["resumes"] = resumes;
    outcome.result["resumes_per_call"] = static_cast<double>(resumes) / static_cast<double>(calls);
    outcome.result["ns_per_call"] = wall_ms * 1e6 / static_cast<double>(calls);
    return outcome;
  }
};

}  // namespace

const Lesson& lesson() {
  static const CpuBoundLesson lesson;
  return lesson;
}

std::vector<CpuJob> cpu_jobs_of(const RunRequest& request) {
  const auto count = static_cast<int>(param_int(request, "jobs"));
  const double work_ms = static_cast<double>(param_int(request, "work_ms")) * time_scale(request);
  return make_cpu_jobs(count, cpu_steps_for_ms(work_ms));
}

nlohmann::json cpu_jobs_result(const RunRequest& request, int threads, double wall_ms, const std::vector<CpuJob>& jobs,
                               const CpuJobResults& results) {
  nlohmann::json result = base_result(request, threads, wall_ms);
  result["jobs"] = jobs.size();
  result["work_ms"] = param_number(request, "work_ms") * time_scale(request);
  result["steps_per_job"] = jobs.empty() ? 0 : jobs.front().steps;
  result["checksum"] = std::to_string(results.checksum());
  result["per_job"] = results.to_json();
  return result;
}

}  // namespace playground::lessons::cpu_bound
