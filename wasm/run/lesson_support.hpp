#pragma once
// Small pieces every lesson demo needs, written once: reading a parameter
// with its default, scaling simulated delays, timing a run, the common
// result fields, a trace lane that costs nothing when the run is untraced.
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cancel_token.hpp"
#include "core/clock.hpp"
#include "core/trace.hpp"
#include "run/lesson.hpp"

namespace playground {

// A parameter's value. The request was resolved against the lesson's
// scenario before the run (make_run_request: every parameter present, in its
// range), so lessons never repeat a default or a range. A parameter missing
// or of the wrong JSON type is a RunError naming it, not a crash.
[[nodiscard]] double param_number(const RunRequest& request, std::string_view name);
[[nodiscard]] std::int64_t param_int(const RunRequest& request, std::string_view name);

// The run's `time_scale` parameter: simulated delays are
// multiplied by it so that tests can run a lesson ten times faster.
[[nodiscard]] double time_scale(const RunRequest& request);

// Milliseconds of simulated delay, scaled, as microseconds.
[[nodiscard]] micros scaled_delay_us(const RunRequest& request, double delay_ms);

// Throws RunError for a mode the lesson does not have, listing the ones it has.
void require_mode(std::string_view demo, const RunRequest& request, const std::vector<std::string>& modes);

// Throws RunError when a thread mode runs in a build without threads (the
// single-threaded WebAssembly flavour) instead of starting threads there.
void require_threads(const RunRequest& request);

// When to stop warming a mode up before its measured run (Lesson::run; in
// WebAssembly also a processes run's pool, web/src/engine/worker.js): once a
// warm-up is no faster than the one before and, the first time a module
// warms this lesson's mode, once they took 30 ms in all, which gives a JIT
// time to swap in its optimised code (natively there is no JIT to wait for).
class WarmUps {
 public:
  WarmUps(std::string_view lesson, std::string_view mode);
  // After a warm-up that took `ms`: whether to make another.
  [[nodiscard]] bool again(double ms);

 private:
  double least_ms_;
  double previous_ms_;
  double total_ms_ = 0;
  int made_ = 0;
};

// The fields every result has: mode, threads, gil, wall_ms.
[[nodiscard]] nlohmann::json base_result(const RunRequest& request, int threads, double wall_ms);

// A stopwatch on the lesson's own steady clock: wall time is always real time,
// whether or not the run is traced.
class Stopwatch {
 public:
  [[nodiscard]] micros elapsed_us() const { return clock_.now_us(); }
  [[nodiscard]] double elapsed_ms() const { return static_cast<double>(clock_.now_us()) / 1000.0; }

 private:
  SteadyClock clock_;
};

// When each item of a run (a request, a job) started and finished, measured
// on the run's stopwatch, and the order in which they finished. Thread-safe:
// in thread modes every worker reports here.
class CompletionLog {
 public:
  // Each finished item also counts one step of `progress`, if given.
  CompletionLog(const Stopwatch& stopwatch, std::size_t items, Progress* progress = nullptr)
      : stopwatch_(stopwatch), times_(items), progress_(progress) {}

  [[nodiscard]] micros now() const { return stopwatch_.elapsed_us(); }

  // Item `id` (0 <= id < items) started at `start_us` and finishes now.
  void finished(int id, micros start_us);

  [[nodiscard]] std::vector<int> order() const;
  [[nodiscard]] std::pair<micros, micros> times(int id) const;

 private:
  const Stopwatch& stopwatch_;
  mutable std::mutex mutex_;
  std::vector<std::pair<micros, micros>> times_;
  std::vector<int> order_;
  Progress* progress_;
};

// A lane in the run's trace, or nothing when the run is untraced.
[[nodiscard]] LaneId add_lane(const RunContext& context, std::string name, LaneKind kind);

// Counts one finished step of the run's progress (no-op without progress).
void add_progress_total(const RunContext& context, std::int64_t steps);
void count_progress(const RunContext& context, std::int64_t steps = 1);

}  // namespace playground
