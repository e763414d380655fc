// Simulated GIL microbenchmarks.
//
//  - BM_GilCheckpoint: the eval breaker on a thread holding an uncontended
//    GIL: what "interpreted" code pays per check. Counter ns_per_check.
//  - BM_GilHandoff: two CPU-bound threads with a 50 µs switch interval
//    handing the GIL back and forth for 200 ms. Counters handoffs_per_s and
//    us_per_handoff (the whole cycle: the waiter's timed wait, the request,
//    the drop, the wake-up).
//  - BM_GilEffect: the course's measurement. 4 CPU-bound threads with the GIL
//    (default 5 ms interval) and without it, against the same work run
//    serially. Counters gil_vs_serial (target >= 0.85: no speed-up) and
//    nogil_speedup (about the number of free cores). Both compare wall
//    times, so they need a quiet machine; gil_cores_used and
//    nogil_cores_used (process CPU time / wall time during the run) do not:
//    with the GIL it stays at about 1 however loaded the machine is.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>
#include <vector>

#include "core/gil.hpp"

namespace playground {
namespace {

using Clock = std::chrono::steady_clock;

std::uint64_t burn(std::uint64_t iterations) {
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  for (std::uint64_t i = 0; i < iterations; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    if ((i & 63) == 0) gil_checkpoint();
  }
  return x;
}

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

void BM_GilCheckpoint(benchmark::State& state) {
  Gil gil;
  GilHold hold(&gil);
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) gil_checkpoint();
  }
  const auto checks = 1000.0 * static_cast<double>(state.iterations());
  state.counters["ns_per_check"] =
      benchmark::Counter(checks * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_GilCheckpoint);

void BM_GilHandoff(benchmark::State& state) {
  std::uint64_t handoffs = 0;
  double total_s = 0;
  for (auto _ : state) {
    Gil gil({.switch_interval_us = 50});
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([&] {
        GilHold hold(&gil);
        while (Clock::now() - start < std::chrono::milliseconds(200)) gil_checkpoint();
      });
    }
    for (auto& t : threads) t.join();
    total_s += seconds(start);
    handoffs += gil.stats().forced_switches;
  }
  state.counters["handoffs_per_s"] = static_cast<double>(handoffs) / total_s;
  state.counters["us_per_handoff"] = handoffs == 0 ? 0.0 : total_s * 1e6 / static_cast<double>(handoffs);
}
BENCHMARK(BM_GilHandoff)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Wall seconds of the run; adds the CPU seconds it used to *cpu.
double run_threads(int threads, std::uint64_t iterations_each, Gil* gil, double* cpu = nullptr) {
  const double cpu_start = process_cpu_seconds();
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([=] {
      GilHold hold(gil);
      benchmark::DoNotOptimize(burn(iterations_each));
    });
  }
  for (auto& w : workers) w.join();
  if (cpu != nullptr) *cpu += process_cpu_seconds() - cpu_start;
  return seconds(start);
}

void BM_GilEffect(benchmark::State& state) {
  constexpr int kThreads = 4;
  constexpr std::uint64_t kEach = 20'000'000;
  double serial = 1e9;
  double with_gil = 1e9;
  double without_gil = 1e9;
  double gil_cpu = 0, gil_wall = 0, nogil_cpu = 0, nogil_wall = 0;
  for (auto _ : state) {
    Gil gil;
    serial = std::min(serial, run_threads(1, kEach * kThreads, nullptr));
    const double g = run_threads(kThreads, kEach, &gil, &gil_cpu);
    const double n = run_threads(kThreads, kEach, nullptr, &nogil_cpu);
    gil_wall += g;
    nogil_wall += n;
    with_gil = std::min(with_gil, g);
    without_gil = std::min(without_gil, n);
  }
  state.counters["gil_cores_used"] = gil_cpu / gil_wall;
  state.counters["nogil_cores_used"] = nogil_cpu / nogil_wall;
  state.counters["serial_ms"] = serial * 1e3;
  state.counters["gil_ms"] = with_gil * 1e3;
  state.counters["nogil_ms"] = without_gil * 1e3;
  state.counters["gil_vs_serial"] = with_gil / serial;
  state.counters["nogil_speedup"] = serial / without_gil;
}
BENCHMARK(BM_GilEffect)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace playground
