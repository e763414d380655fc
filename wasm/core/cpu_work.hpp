#pragma once
// The CPU work the CPU-bound lessons run: a stand-in for "Python code that
// computes", whose cost grows linearly with the number of steps asked for.
//
// Each step depends on the one before (a multiply-xorshift chain), so the
// compiler can neither vectorise nor skip it, and the result (a checksum) is
// the same on every machine and in every build: native and wasm runs agree.
#include <cstdint>
#include <string_view>

#include "core/cancel_token.hpp"

namespace playground {

// Runs `steps` dependent steps starting from `seed`; returns the checksum.
[[nodiscard]] std::uint64_t cpu_steps(std::uint64_t steps, std::uint64_t seed);

// Like cpu_steps, in slices of `slice_steps`, calling `between_slices()`
// after each slice: the point where a thread checks for cancellation and,
// with the simulated GIL, offers the lock to a waiting thread. The checksum
// equals cpu_steps(steps, seed) whatever the slicing.
template <class BetweenSlices>
[[nodiscard]] std::uint64_t cpu_steps_sliced(std::uint64_t steps, std::uint64_t seed, std::uint64_t slice_steps,
                                             BetweenSlices&& between_slices) {
  if (slice_steps == 0) slice_steps = steps == 0 ? 1 : steps;
  std::uint64_t state = seed;
  for (std::uint64_t done = 0; done < steps;) {
    const std::uint64_t n = steps - done < slice_steps ? steps - done : slice_steps;
    state = cpu_steps(n, state);
    done += n;
    between_slices();
  }
  return state;
}

// How many steps this machine runs per millisecond of CPU time on one core,
// measured once and remembered: after a 30 ms warm-up (so a JIT's optimised
// code is what gets measured), the fastest of 15 runs of 2 ms, timed on the
// thread's CPU clock where there is one, so a busy machine does not skew it.
// Lets lessons take a job's size in milliseconds ("work_ms") whatever the
// machine or build.
[[nodiscard]] double cpu_steps_per_ms();

// From now on, cpu_steps_per_ms() is `rate` (steps per ms, > 0 and finite;
// else std::invalid_argument), measured by another instance of the engine:
// a processes parent in a worker of its own sizes its children's jobs with
// the rate the page's engine sized the serial jobs with, so both compute the
// same steps (and the same checksum) from one calibration.
void adopt_cpu_steps_per_ms(double rate);

// Steps that take about `ms` milliseconds here (at least 1).
[[nodiscard]] std::uint64_t cpu_steps_for_ms(double ms);

// A slice of about 0.1 ms: short enough that cancellation and GIL hand-offs
// (every 5 ms by default) happen on time, long enough that the check between
// slices costs nothing measurable.
[[nodiscard]] std::uint64_t cpu_slice_steps();

// CPU work as "interpreted Python" does it, on the calling thread: in
// slices, and between slices it checks for cancellation (throws Cancelled)
// and passes the eval breaker (gil_checkpoint: if this thread holds the
// simulated GIL and another thread has waited a switch interval for it, it
// hands the GIL over). Shown as `running` with `label` on the thread's lane.
// Returns cpu_steps(steps, seed).
[[nodiscard]] std::uint64_t interpreted_work(std::uint64_t steps, std::uint64_t seed, const CancelToken* cancel,
                                             std::string_view label, std::string_view site);

}  // namespace playground
