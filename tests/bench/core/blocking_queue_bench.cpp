// Blocking queue microbenchmarks.
//
//  - BM_QueueHandoff: one producer thread puts N ints, one consumer thread
//    gets them, through a queue of the given capacity. Capacity 1 makes
//    nearly every item a blocking hand-off between threads; a larger capacity
//    lets both sides run ahead. Counter ns_per_item.
//  - BM_QueueManyToMany: 2 producers and 2 consumers through capacity 64.
#include <benchmark/benchmark.h>

#include <thread>
#include <vector>

#include "core/blocking_queue.hpp"

namespace playground {
namespace {

constexpr std::int64_t kItems = 200'000;

void run(benchmark::State& state, int producers, int consumers, std::size_t capacity) {
  for (auto _ : state) {
    BlockingQueue<std::int64_t> queue({.capacity = capacity});
    std::vector<std::thread> threads;
    std::atomic<std::int64_t> sum{0};
    for (int c = 0; c < consumers; ++c) {
      threads.emplace_back([&] {
        std::int64_t local = 0;
        while (auto item = queue.get()) local += *item;
        sum.fetch_add(local);
      });
    }
    std::vector<std::thread> makers;
    for (int p = 0; p < producers; ++p) {
      makers.emplace_back([&] {
        for (std::int64_t i = 0; i < kItems / producers; ++i) queue.put(i);
      });
    }
    for (auto& t : makers) t.join();
    queue.close();
    for (auto& t : threads) t.join();
    benchmark::DoNotOptimize(sum.load());
  }
  const auto total = static_cast<double>(kItems) * static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(total));
  state.counters["ns_per_item"] =
      benchmark::Counter(total * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_QueueHandoff(benchmark::State& state) { run(state, 1, 1, static_cast<std::size_t>(state.range(0))); }
BENCHMARK(BM_QueueHandoff)->Arg(1)->Arg(64)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_QueueManyToMany(benchmark::State& state) { run(state, 2, 2, 64); }
BENCHMARK(BM_QueueManyToMany)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace playground
