#include "run/lesson_support.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <set>
#include <string>

#if defined(__EMSCRIPTEN__) && !PLAYGROUND_HAS_THREADS
#include "core/clock.hpp"
#include "core/host_sleep.hpp"
#include "core/trace.hpp"
#endif

namespace playground {

namespace {

const nlohmann::json* find_param(const RunRequest& request, std::string_view name) {
  if (!request.params.is_object()) return nullptr;
  const auto it = request.params.find(std::string(name));
  if (it == request.params.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

// Only a request that skipped resolution lacks a parameter: say so plainly.
const nlohmann::json& required_param(const RunRequest& request, std::string_view name) {
  const nlohmann::json* value = find_param(request, name);
  if (value == nullptr) {
    throw RunError("parameter " + std::string(name) + " is missing from the request (resolve it against its scenario)");
  }
  return *value;
}

double param_number(const RunRequest& request, std::string_view name) {
  const nlohmann::json& value = required_param(request, name);
  if (!value.is_number()) throw RunError("parameter " + std::string(name) + " must be a number");
  return value.get<double>();
}

std::int64_t param_int(const RunRequest& request, std::string_view name) {
  const nlohmann::json& value = required_param(request, name);
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number() && std::floor(value.get<double>()) == value.get<double>()) {
    return static_cast<std::int64_t>(value.get<double>());
  }
  throw RunError("parameter " + std::string(name) + " must be a whole number");
}

double time_scale(const RunRequest& request) { return param_number(request, "time_scale"); }

micros scaled_delay_us(const RunRequest& request, double delay_ms) {
  return static_cast<micros>(std::llround(delay_ms * 1000.0 * time_scale(request)));
}

namespace {

// Allocates `bytes`, writes every page and frees them, so that the heap has
// grown to hold them. Only in WebAssembly: there memory once grown is kept
// (natively the allocator hands a large block back to the system at once).
void grow_heap(std::size_t bytes) {
#ifdef __EMSCRIPTEN__
  static std::atomic<std::size_t> grown{0};             // the most grown so far: that much is there already
  constexpr std::size_t most = std::size_t{512} << 20;  // beyond that a run fails for want of memory anyway
  bytes = std::min(bytes, most);
  if (bytes <= grown.load(std::memory_order_relaxed)) return;
  void* block = std::malloc(bytes);
  if (block == nullptr) return;  // the run will say what it could not allocate
  std::memset(block, 0, bytes);
  asm volatile("" : : "r"(block) : "memory");  // the writes are kept: they are what grows the heap
  std::free(block);
  grown.store(bytes, std::memory_order_relaxed);
#else
  (void)bytes;
#endif
}

// How long a mode's warm-ups last: only WebAssembly has a JIT to wait for,
// and only once per lesson and mode in a module (its optimised code stays).
#ifdef __EMSCRIPTEN__
constexpr double kLeastWarmUpMs = 30;
#else
constexpr double kLeastWarmUpMs = 0;
#endif
constexpr double kMostWarmUpMs = 200;
constexpr int kMostWarmUps = 50;

// Whether this lesson's mode has had its long warm-up in this module; marks it so.
bool first_warm_up(std::string_view lesson, std::string_view mode) {
  static std::mutex mutex;
  static std::set<std::string, std::less<>> warmed;
  const std::string key = std::string(lesson) + "/" + std::string(mode);
  const std::lock_guard lock(mutex);
  return warmed.insert(key).second;
}

}  // namespace

WarmUps::WarmUps(std::string_view lesson, std::string_view mode)
    : least_ms_(first_warm_up(lesson, mode) ? kLeastWarmUpMs : 0),
      previous_ms_(std::numeric_limits<double>::infinity()) {}

bool WarmUps::again(double ms) {
  total_ms_ += ms;
  ++made_;
  const bool steady = ms > previous_ms_ * 0.9;  // no faster than the last one
  previous_ms_ = ms;
  return !(steady && total_ms_ >= least_ms_) && total_ms_ < kMostWarmUpMs && made_ < kMostWarmUps;
}

void Lesson::grow_heap_for(const RunRequest& request) const { grow_heap(peak_memory_bytes(request)); }

RunOutcome Lesson::run(const RunRequest& request, RunContext& context) const {
  require_mode(id(), request, modes());
  grow_heap_for(request);
  // A processes run's warm-up is not made here: natively each run's children
  // are new processes, with nothing of theirs to warm; in WebAssembly the
  // pool's workers, kept between runs, make it (web/src/engine/worker.js).
  const bool starts_processes = request.mode == "processes" && processes_mode() != nullptr;
  if (const std::optional<RunRequest> warm_up = starts_processes ? std::nullopt : warm_up_request(request)) {
    // Made again while WarmUps says so: a JIT compiles its optimised code
    // in the background and swaps it in at a later call. A short warm-up
    // (the distance matrix's 200 locations take 2 ms) was no faster the
    // second time because that code was not in yet, and the measured run
    // began without it: 1.15-1.3x the later runs in a fresh Chromium page
    // (the CPU-bound lesson's fib loop, with one warm-up, 14x). Each warm-up
    // is recorded and counted like the measured run, into a trace and a
    // progress nobody reads: recording spans is part of the code to warm
    // (without a trace the distance matrix's coroutines took 1.6-2.4x
    // longer on their first measured run).
    WarmUps warm_ups(id(), request.mode);
    double ms = 0;
    do {
      const SteadyClock clock;
      TraceRecorder scratch(clock, {.record_edges = context.trace == nullptr || context.trace->records_edges()});
      Progress progress;
      RunContext unobserved{
          .trace = context.trace ? &scratch : nullptr, .cancel = context.cancel, .progress = &progress};
      const Stopwatch stopwatch;
      (void)run_mode(*warm_up, unobserved);
      ms = stopwatch.elapsed_ms();
    } while (warm_ups.again(ms));
  }
  return run_mode(request, context);
}

void require_mode(std::string_view demo, const RunRequest& request, const std::vector<std::string>& modes) {
  for (const auto& mode : modes) {
    if (mode == request.mode) return;
  }
  std::string list;
  for (const auto& mode : modes) list += (list.empty() ? "" : ", ") + mode;
  throw RunError("unknown mode \"" + request.mode + "\" for " + std::string(demo) + " (modes: " + list + ")");
}

void require_threads(const RunRequest& request) {
#if !PLAYGROUND_HAS_THREADS
  throw RunError("mode " + request.mode + " needs threads, which this build lacks");
#else
  (void)request;
#endif
}

nlohmann::json base_result(const RunRequest& request, int threads, double wall_ms) {
  return {{"mode", request.mode}, {"threads", threads}, {"gil", request.gil}, {"wall_ms", wall_ms}};
}

void CompletionLog::finished(int id, micros start_us) {
  // The end is read under the lock, so the order of finishing and the end
  // times always agree (read before it, a thread paused in between was
  // listed after one that ended later).
  std::lock_guard lock(mutex_);
  const micros end_us = now();
  times_.at(static_cast<std::size_t>(id)) = {start_us, end_us};
  order_.push_back(id);
  if (progress_ != nullptr) progress_->done.fetch_add(1, std::memory_order_relaxed);
}

std::vector<int> CompletionLog::order() const {
  std::lock_guard lock(mutex_);
  return order_;
}

std::pair<micros, micros> CompletionLog::times(int id) const {
  std::lock_guard lock(mutex_);
  return times_.at(static_cast<std::size_t>(id));
}

LaneId add_lane(const RunContext& context, std::string name, LaneKind kind) {
  return context.trace ? context.trace->add_lane(std::move(name), kind) : 0;
}

void add_progress_total(const RunContext& context, std::int64_t steps) {
  if (context.progress) context.progress->total.fetch_add(steps, std::memory_order_relaxed);
}

void count_progress(const RunContext& context, std::int64_t steps) {
  if (context.progress) context.progress->done.fetch_add(steps, std::memory_order_relaxed);
#if defined(__EMSCRIPTEN__) && !PLAYGROUND_HAS_THREADS
  // The single build's worker reads progress from memory between slices of
  // the run; a run that never waits gives it those slices here.
  host_yield_if_due();
#endif
}

}  // namespace playground
