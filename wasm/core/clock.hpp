#pragma once
// Time for the engine, in whole microseconds since a run started.
//
// Everything that records or waits asks a Clock, never the system directly,
// so that the same code runs against real time (demos) and against a
// virtual clock that tests fast-forward (exact, instant timings).
#include <atomic>
#include <chrono>
#include <cstdint>

namespace playground {

using micros = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since this clock's origin. Thread-safe.
  [[nodiscard]] virtual micros now_us() const = 0;
};

// Real monotonic time, with its origin where it was constructed (the run's start).
class SteadyClock final : public Clock {
 public:
  SteadyClock() : origin_(std::chrono::steady_clock::now()) {}
  [[nodiscard]] micros now_us() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - origin_).count();
  }

 private:
  std::chrono::steady_clock::time_point origin_;
};

// Time that moves only when told to. Reading it from several threads is safe;
// it is advanced by the one thread that drives the run.
class VirtualClock final : public Clock {
 public:
  [[nodiscard]] micros now_us() const override { return now_.load(std::memory_order_acquire); }
  // Moves time forward to `t`; never backwards (a smaller `t` is ignored).
  void advance_to(micros t) {
    micros current = now_.load(std::memory_order_relaxed);
    // release: whoever reads the new time also sees what happened before it.
    while (t > current && !now_.compare_exchange_weak(current, t, std::memory_order_release)) {
    }
  }

 private:
  std::atomic<micros> now_{0};
};

}  // namespace playground
