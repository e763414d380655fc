#include "core/cpu_work.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/gil.hpp"
#include "core/thread_lane.hpp"

namespace playground {

std::uint64_t cpu_steps(std::uint64_t steps, std::uint64_t seed) {
  std::uint64_t state = seed;
  for (std::uint64_t i = 0; i < steps; ++i) {
    // One step: a 64-bit LCG step followed by an xorshift. Each step needs
    // the previous result, so the loop runs at the machine's latency, not
    // at what a vectorising compiler could make of it.
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    state ^= state >> 29;
  }
  return state;
}

namespace {

// The calling thread's CPU time in milliseconds, where the platform has a
// per-thread CPU clock; else real time. CPU time is what a job's size means
// ("work_ms": milliseconds of computing), and unlike real time it does not
// stretch when other programs share the cores.
double thread_time_ms() {
#if defined(CLOCK_THREAD_CPUTIME_ID) && !defined(__EMSCRIPTEN__)
  timespec now{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0) {
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
  }
#endif
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Steps per millisecond of the code as it will run. First an unmeasured
// warm-up: a JIT (WebAssembly in a browser) starts with a quickly compiled
// tier and swaps in its optimised code only after a while, so a rate
// measured at once would be the slow tier's, and every later job would be
// shorter than asked. Then several timed runs of a fixed number of steps,
// each between just two clock reads (a thread's CPU clock is a system call:
// read every batch, it cost about a tenth of the time it measured), of which
// the fastest counts. WebAssembly has no per-thread CPU clock, so there a
// run shares its wall time with whatever else the cores did meanwhile (a
// page starting its workers): other programs can only slow a run down, so
// the fastest is the code's own speed. Short runs, so that some of them fit
// between two of the scheduler's interruptions.
double measure_steps_per_ms() {
  constexpr std::uint64_t batch = 1 << 16;
  constexpr double warm_up_ms = 30.0;
  constexpr double trial_ms = 2.0;
  constexpr int trials = 15;
  std::uint64_t sink = 1;
  // Many calls of cpu_steps, not one long one: a JIT swaps in optimised code at a call.
  std::uint64_t warm_steps = 0;
  const double warm_start = thread_time_ms();
  double warm_elapsed = 0.0;
  while (warm_elapsed < warm_up_ms) {
    sink = cpu_steps(batch, sink);
    warm_steps += batch;
    warm_elapsed = thread_time_ms() - warm_start;
  }
  // The warm-up's rate (low by its clock reads) only sizes the timed runs.
  const auto trial_steps = static_cast<std::uint64_t>(static_cast<double>(warm_steps) / warm_elapsed * trial_ms) + 1;
  std::vector<double> rates;
  for (int trial = 0; trial < trials; ++trial) {
    const double start = thread_time_ms();
    sink = cpu_steps(trial_steps, sink);
    const double elapsed_ms = thread_time_ms() - start;
    if (elapsed_ms > 0) rates.push_back(static_cast<double>(trial_steps) / elapsed_ms);
  }
  if (rates.empty()) rates.push_back(static_cast<double>(warm_steps) / warm_elapsed);
  const double fastest = *std::max_element(rates.begin(), rates.end());
  // The checksum feeds a branch so the measured loop cannot be dropped.
  return sink == 0 ? fastest + 1.0 : fastest;
}

}  // namespace

namespace {
std::atomic<double>& adopted_rate() {
  static std::atomic<double> rate{0.0};  // 0: none adopted
  return rate;
}
}  // namespace

double cpu_steps_per_ms() {
  if (const double adopted = adopted_rate().load(std::memory_order_acquire); adopted > 0) return adopted;
  // Measured once, thread-safely (a function-local static), on first use.
  static const double rate = measure_steps_per_ms();
  return rate;
}

void adopt_cpu_steps_per_ms(double rate) {
  if (!(rate > 0) || !std::isfinite(rate)) {
    throw std::invalid_argument("a CPU rate must be a positive number of steps per ms, not " + std::to_string(rate));
  }
  adopted_rate().store(rate, std::memory_order_release);
}

std::uint64_t cpu_steps_for_ms(double ms) {
  const double steps = std::max(0.0, ms) * cpu_steps_per_ms();
  return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(steps)));
}

std::uint64_t cpu_slice_steps() { return cpu_steps_for_ms(0.1); }

std::uint64_t interpreted_work(std::uint64_t steps, std::uint64_t seed, const CancelToken* cancel,
                               std::string_view label, std::string_view site) {
  LaneState running(SpanState::running, label, site);
  return cpu_steps_sliced(steps, seed, cpu_slice_steps(), [&] {
    if (cancel != nullptr) cancel->throw_if_cancelled();
    gil_checkpoint(site);
  });
}

}  // namespace playground
