#include "lessons/amdahl/amdahl.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/cpu_work.hpp"
#include "core/machine.hpp"
#include "core/thread_lane.hpp"
#include "run/lesson_support.hpp"
#if PLAYGROUND_HAS_THREADS
#include "core/gil.hpp"
#include "core/thread_pool.hpp"
#endif

namespace playground::lessons::amdahl {

double amdahl_speedup(double serial_fraction, int threads) {
  return 1.0 / (serial_fraction + (1.0 - serial_fraction) / static_cast<double>(threads));
}

int parallelism(int threads) {
  const int cores = machine_cores();
  return std::min(threads, cores);
}

namespace {

const std::vector<std::string> kModes = {"pool"};

// The work, in cpu_steps: one serial part, and the parallel part already
// cut into one equal chunk per thread.
struct AmdahlWork {
  std::uint64_t serial_steps = 0;
  std::vector<std::uint64_t> chunk_steps;
};

AmdahlWork split_work(std::uint64_t total_steps, double serial_fraction, int threads) {
  AmdahlWork work;
  work.serial_steps = static_cast<std::uint64_t>(static_cast<double>(total_steps) * serial_fraction);
  const std::uint64_t parallel = total_steps - work.serial_steps;
  const auto n = static_cast<std::uint64_t>(threads);
  for (std::uint64_t i = 0; i < n; ++i) work.chunk_steps.push_back(parallel / n + (i < parallel % n ? 1 : 0));
  return work;
}

struct PartTimes {
  micros serial_us = 0;
  micros parallel_us = 0;
};

#if PLAYGROUND_HAS_THREADS
// [excerpt amdahl.pool]
// First the serial part, on one thread, while the pool has nothing to do;
// then the parallel part, one chunk per pool thread, all at once. However
// many threads there are, the serial part takes just as long.
PartTimes run_work(const AmdahlWork& work, ThreadPool& pool, const Stopwatch& stopwatch, CancelToken* cancel) {
  const micros start = stopwatch.elapsed_us();
  (void)interpreted_work(work.serial_steps, 1, cancel, "serial part", "amdahl.pool.serial");
  const micros serial_done = stopwatch.elapsed_us();
  for (std::size_t i = 0; i < work.chunk_steps.size(); ++i) {
    pool.post([&work, i, cancel] {
      (void)interpreted_work(work.chunk_steps[i], i + 2, cancel, "parallel part", "amdahl.pool.parallel");
    });
  }
  pool.wait_all();
  return {serial_done - start, stopwatch.elapsed_us() - serial_done};
}
// [/excerpt]
#endif

class AmdahlLesson final : public Lesson {
 public:
  AmdahlLesson() : Lesson("amdahl", kModes) {}

  // The same split over the same pool, about 10 ms of work in all.
  [[nodiscard]] std::optional<RunRequest> warm_up_request(const RunRequest& request) const override {
    RunRequest small = request;
    small.params["time_scale"] = std::min(
        time_scale(request), 10.0 / static_cast<double>(std::max<std::int64_t>(1, param_int(request, "work_ms"))));
    return small;
  }

 private:
  [[nodiscard]] RunOutcome run_mode(const RunRequest& request, RunContext& context) const override {
    require_threads(request);
    const double serial_fraction = param_number(request, "serial_fraction");
    const double work_ms = static_cast<double>(param_int(request, "work_ms")) * time_scale(request);
    const std::uint64_t total_steps = cpu_steps_for_ms(work_ms);
    add_progress_total(context, request.threads > 1 ? 2 : 1);

    double wall_ms = 0;
    PartTimes parts;
    int threads = run_measured(request, context, split_work(total_steps, serial_fraction, request.threads),
                               context.trace, wall_ms, parts);
    count_progress(context);
    double serial_ms = wall_ms;
    if (threads > 1) {
      // The baseline, on one thread, untraced so the trace shows only the run asked for.
      PartTimes ignored;
      (void)run_measured(request, context, split_work(total_steps, serial_fraction, 1), nullptr, serial_ms, ignored, 1);
      count_progress(context);
    }

    RunOutcome outcome;
    outcome.result = base_result(request, threads, wall_ms);
    outcome.result["serial_fraction"] = serial_fraction;
    outcome.result["work_ms"] = work_ms;
    outcome.result["serial_part_ms"] = static_cast<double>(parts.serial_us) / 1000.0;
    outcome.result["parallel_part_ms"] = static_cast<double>(parts.parallel_us) / 1000.0;
    // Threads beyond the cores take turns on them: the law's n is what can run at once.
    outcome.result["cores"] = machine_cores();
    outcome.result["parallelism"] = parallelism(threads);
    outcome.result["predicted_speedup"] = amdahl_speedup(serial_fraction, parallelism(threads));
    outcome.result["speedup_limit"] =
        serial_fraction > 0 ? 1.0 / serial_fraction : std::numeric_limits<double>::infinity();
    outcome.result["serial_ms"] = serial_ms;
    outcome.result["measured_speedup"] = wall_ms > 0 ? serial_ms / wall_ms : 0.0;
    return outcome;
  }

 private:
  // Runs the work on a pool of `threads` (default: the request's) threads;
  // sets wall_ms and parts, returns the pool's size.
  static int run_measured(const RunRequest& request, RunContext& context, const AmdahlWork& work, TraceRecorder* trace,
                          double& wall_ms, PartTimes& parts, int threads = 0) {
#if PLAYGROUND_HAS_THREADS
    Gil gil({.cancel = context.cancel});
    ThreadPool pool({.threads = threads > 0 ? threads : request.threads,
                     .name = "pool worker",
                     .trace = trace,
                     .cancel = context.cancel,
                     .gil = request.gil ? &gil : nullptr});
    ThreadLane lane(trace, trace ? trace->add_lane("main", LaneKind::thread) : 0);
    GilHold hold(request.gil ? &gil : nullptr, "amdahl.pool.serial");
    const Stopwatch stopwatch;
    parts = run_work(work, pool, stopwatch, context.cancel);
    wall_ms = stopwatch.elapsed_ms();
    return pool.size();
#else
    (void)context, (void)work, (void)trace, (void)wall_ms, (void)parts, (void)threads;
    require_threads(request);
    return 0;
#endif
  }
};

}  // namespace

const Lesson& lesson() {
  static const AmdahlLesson lesson;
  return lesson;
}

}  // namespace playground::lessons::amdahl
