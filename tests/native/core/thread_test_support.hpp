#pragma once
// Helpers shared by the thread-side tests (pool, queue, GIL, ...).
#include <chrono>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

#include "core/gil.hpp"
#include "core/trace.hpp"

namespace playground::testing {

// Polls `condition` until it holds or `limit` passes; true if it held. For
// waiting until another thread has reached a state (for example, is blocked
// in a queue), so a test never relies on a sleep being long enough.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

// "Interpreted" CPU work: `iterations` rounds of integer mixing, passing the
// GIL's eval breaker every 64 rounds. Returns a value so nothing is optimised out.
inline std::uint64_t burn(std::uint64_t iterations) {
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  for (std::uint64_t i = 0; i < iterations; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    if ((i & 63) == 0) gil_checkpoint();
  }
  return x;
}

// How many burn() iterations take about `target` on this machine, now.
inline std::uint64_t iterations_for(std::chrono::milliseconds target) {
  std::uint64_t n = 1 << 16;
  for (;;) {
    const auto start = std::chrono::steady_clock::now();
    volatile std::uint64_t sink = burn(n);
    (void)sink;
    const auto took = std::chrono::steady_clock::now() - start;
    if (took >= std::chrono::milliseconds(5)) {
      return static_cast<std::uint64_t>(static_cast<double>(n) * static_cast<double>(target.count()) /
                                        std::chrono::duration<double, std::milli>(took).count());
    }
    n *= 2;
  }
}

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The spans of one lane in `state`, in time order.
inline std::vector<Span> spans_of(const Trace& trace, LaneId lane, SpanState state) {
  std::vector<Span> result;
  for (const Span& span : trace.spans) {
    if (span.lane == lane && span.state == state) result.push_back(span);
  }
  return result;
}

}  // namespace playground::testing
