// Coroutine event loop microbenchmarks.
//
//  - BM_CoroutineSwitch: tasks that keep yielding through the ready queue;
//    every yield is one suspend + one resume. Target: >= 20 million resumes/s
//    natively (issue 2, item 8). Reported as items_per_second and as the
//    counter resumes_per_s.
//  - BM_LoopActions: the event-loop lesson's 500 000 loop actions (the course
//    quotes asyncio 16.2 s, uvloop 11.3 s): 500 000 callbacks, each one a
//    task doing a zero-length sleep, timed on our loop. Counter actions_per_s.
//  - BM_TimerWakeups: tasks sleeping on distinct deadlines (heap push/pop),
//    driven by the virtual-clock driver.
#include <benchmark/benchmark.h>

#include <vector>

#include "core/event_loop.hpp"
#include "core/loop_drivers.hpp"
#include "core/sleep.hpp"

namespace playground {
namespace {

Task<void> yielder(EventLoop& loop, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) co_await yield(loop);
}

void BM_CoroutineSwitch(benchmark::State& state) {
  const auto tasks = state.range(0);
  constexpr std::int64_t kYields = 100'000;
  std::uint64_t resumes = 0;
  for (auto _ : state) {
    VirtualClock clock;
    EventLoop loop({.clock = &clock});
    for (std::int64_t t = 0; t < tasks; ++t) (void)loop.spawn(yielder(loop, kYields / tasks));
    while (!loop.step().finished) {
    }
    resumes += loop.stats().resumes;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(resumes));
  state.counters["resumes_per_s"] = benchmark::Counter(static_cast<double>(resumes), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CoroutineSwitch)->Arg(1)->Arg(16)->Arg(1000)->Unit(benchmark::kMillisecond);

Task<void> action(EventLoop& loop, std::uint64_t& done) {
  co_await sleep(loop, 0);
  ++done;
}

void BM_LoopActions(benchmark::State& state) {
  constexpr std::int64_t kActions = 500'000;
  for (auto _ : state) {
    SteadyClock clock;
    EventLoop loop({.clock = &clock});
    std::uint64_t done = 0;
    for (std::int64_t i = 0; i < kActions; ++i) (void)loop.spawn(action(loop, done));
    run_blocking(loop);
    if (done != static_cast<std::uint64_t>(kActions)) state.SkipWithError("not every action ran");
  }
  state.SetItemsProcessed(state.iterations() * kActions);
  state.counters["actions_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kActions), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LoopActions)->Unit(benchmark::kMillisecond);

Task<void> timed_sleeper(EventLoop& loop, micros delay, int rounds) {
  for (int r = 0; r < rounds; ++r) co_await sleep(loop, delay);
}

void BM_TimerWakeups(benchmark::State& state) {
  const auto tasks = state.range(0);
  constexpr int kRounds = 100;
  for (auto _ : state) {
    VirtualClock clock;
    EventLoop loop({.clock = &clock});
    for (std::int64_t t = 0; t < tasks; ++t) (void)loop.spawn(timed_sleeper(loop, 1 + t, kRounds));
    run_virtual(loop, clock);
  }
  state.SetItemsProcessed(state.iterations() * tasks * kRounds);
}
BENCHMARK(BM_TimerWakeups)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace playground
