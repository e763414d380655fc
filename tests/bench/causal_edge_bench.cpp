// What recording causal edges costs (issue 17: at most 10 % on the event-loop
// benchmark, 5 % on the distance matrix). Each row runs traced, with edges
// off (/0) and on (/1); compare the two times of a row.
//
//  - BM_TracedLoopTimers: tasks sleeping on timers, every wake-up a timer edge
//    (the event loop's worst case: an edge per resume).
//  - BM_TracedLoopActions: the event-loop lesson's 500 000 actions, traced.
//  - BM_TracedDistanceMatrix: the distance-matrix lesson on the course's 250
//    locations without I/O delays, coroutine pipeline (queue edges, one per
//    row and stage) and thread pool.
#include <benchmark/benchmark.h>

#include <string>

#include <nlohmann/json.hpp>

#include "core/event_loop.hpp"
#include "core/loop_drivers.hpp"
#include "core/sleep.hpp"
#include "lessons/distance_matrix/distance_matrix.hpp"
#include "run/scenario.hpp"
#include "run/text_file.hpp"

namespace playground {
namespace {

TraceOptions with_edges(const benchmark::State& state) { return TraceOptions{.record_edges = state.range(0) != 0}; }

Task<void> sleeper(EventLoop& loop, micros delay, int rounds) {
  for (int r = 0; r < rounds; ++r) co_await sleep(loop, delay);
}

void BM_TracedLoopTimers(benchmark::State& state) {
  constexpr int kTasks = 1000;
  constexpr int kRounds = 100;
  for (auto _ : state) {
    VirtualClock clock;
    TraceRecorder trace(clock, with_edges(state));
    EventLoop loop({.clock = &clock, .trace = &trace});
    for (int t = 0; t < kTasks; ++t) (void)loop.spawn(sleeper(loop, 1 + t, kRounds));
    run_virtual(loop, clock);
  }
  state.SetItemsProcessed(state.iterations() * kTasks * kRounds);
}
BENCHMARK(BM_TracedLoopTimers)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

Task<void> action(EventLoop& loop) { co_await sleep(loop, 0); }

void BM_TracedLoopActions(benchmark::State& state) {
  constexpr int kActions = 500'000;
  for (auto _ : state) {
    SteadyClock clock;
    TraceRecorder trace(clock, with_edges(state));
    EventLoop loop({.clock = &clock, .trace = &trace});
    for (int i = 0; i < kActions; ++i) (void)loop.spawn(action(loop));
    run_blocking(loop);
  }
  state.SetItemsProcessed(state.iterations() * kActions);
}
BENCHMARK(BM_TracedLoopActions)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void traced_distance_matrix(benchmark::State& state, const std::string& mode) {
  const std::string root = PLAYGROUND_SOURCE_DIR;
  const Lesson& lesson = lessons::distance_matrix::lesson();
  RunRequest request;
  request.mode = mode;
  request.threads = 2;
  request.input_csv = read_text_file(root + "/scenarios/data/many_locations.csv");
  request.params = resolve_parameters(load_scenario_file(root + "/scenarios/distance-matrix.json"),
                                      nlohmann::json{{"read_delay_ms", 0}, {"write_delay_ms", 0}});
  for (auto _ : state) {
    SteadyClock clock;
    TraceRecorder trace(clock, with_edges(state));
    RunContext context{.trace = &trace};
    benchmark::DoNotOptimize(lesson.run(request, context));
  }
}
void BM_TracedDistanceMatrixPipeline(benchmark::State& state) { traced_distance_matrix(state, "coroutines"); }
BENCHMARK(BM_TracedDistanceMatrixPipeline)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
void BM_TracedDistanceMatrixPool(benchmark::State& state) { traced_distance_matrix(state, "pool"); }
BENCHMARK(BM_TracedDistanceMatrixPool)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace playground
