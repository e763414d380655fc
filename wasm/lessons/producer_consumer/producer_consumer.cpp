#include "lessons/producer_consumer/producer_consumer.hpp"

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <utility>

#include "core/blocking_wait.hpp"
#include "core/thread_lane.hpp"
#include "lessons/producer_consumer/producer_consumer_run.hpp"
#include "run/latency_stats.hpp"
#include "run/lesson_support.hpp"

namespace playground::lessons::producer_consumer {

// ---- the run's plan and bookkeeping --------------------------------------------

namespace {

int int_param(const RunRequest& request, const char* name) { return static_cast<int>(param_int(request, name)); }

// Producer p's delays and values. mt19937_64's output is fixed by the C++
// standard (unlike the std distributions), so the plan is the same in every
// build, native or WebAssembly.
std::vector<ProductionStep> plan_producer(const RunRequest& request, std::uint64_t seed, int p, int items,
                                          double min_ms, double max_ms) {
  std::mt19937_64 random(seed * 1'000'003u + static_cast<std::uint64_t>(p) + 1);
  std::vector<ProductionStep> steps(static_cast<std::size_t>(items));
  for (ProductionStep& step : steps) {
    const double unit = static_cast<double>(random() >> 11) * 0x1.0p-53;  // [0, 1)
    step.delay_us = scaled_delay_us(request, min_ms + (max_ms - min_ms) * unit);
    step.value = static_cast<int>(random() % 1000);
  }
  return steps;
}

}  // namespace

PcRun::PcRun(const RunRequest& run_request, RunContext& run_context)
    : request(run_request), context(run_context), clock_(run_context.trace ? &run_context.trace->clock() : &steady_) {
  producers = int_param(request, "producers");
  consumers = int_param(request, "consumers");
  items_per_producer = int_param(request, "items");
  queue_size = int_param(request, "queue_size");
  const int min_ms = int_param(request, "min_delay_ms");
  const int max_ms = int_param(request, "max_delay_ms");
  process_us = scaled_delay_us(request, int_param(request, "process_ms"));
  const auto seed = static_cast<std::uint64_t>(param_int(request, "seed"));
  for (int p = 0; p < producers; ++p)
    plan.push_back(plan_producer(request, seed, p, items_per_producer, min_ms, max_ms));
  consumed_.reserve(static_cast<std::size_t>(total_items()));
}

Item PcRun::make_item(int p, int k) const {
  return Item{.id = static_cast<std::int64_t>(p) * items_per_producer + k,
              .producer = p + 1,
              .value = plan[static_cast<std::size_t>(p)][static_cast<std::size_t>(k)].value,
              .produced_at = now()};
}

void PcRun::consumed(const Item& item, int consumer) {
  const micros at = now();
  {
    std::lock_guard lock(mutex_);
    consumed_.push_back({.item = item, .consumer = consumer + 1, .consumed_at = at});
  }
  count_progress(context);
}

std::vector<ConsumedItem> PcRun::take_consumed() {
  std::lock_guard lock(mutex_);
  return std::move(consumed_);
}

std::string item_label(const char* verb, const Item& item) {
  return std::string(verb) + " value " + std::to_string(item.value);
}

std::string queue_item_label(const Item& item) { return "value " + std::to_string(item.value); }

// ---- sequential ------------------------------------------------------------------

// [excerpt producer-consumer.sequential]
// First make every item, then process them all. Simple, but an item made
// early waits for every later one to be made before anyone looks at it.
void run_sequential(PcRun& run) {
  std::vector<Item> made;
  for (int p = 0; p < run.producers; ++p) {
    for (int k = 0; k < run.items_per_producer; ++k) {
      thread_sleep(run.plan[p][k].delay_us, run.cancel(), "make an item", "pc.sequential.make");
      made.push_back(run.make_item(p, k));
    }
  }
  for (const Item& item : made) {
    thread_sleep(run.process_us, run.cancel(), item_label("process", item), "pc.sequential.process");
    run.consumed(item, 0);
  }
  // [/excerpt]
  run.peak_queue_depth = made.size();  // everything waited in one list
}

// ---- the lesson ----------------------------------------------------------------------

namespace {

// Items listed one by one in the result; beyond this only the statistics.
constexpr std::size_t kMaxListedItems = 2000;

std::string seconds_text(micros us) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", static_cast<double>(us) / 1e6);
  return text;
}

double ms(micros us) { return static_cast<double>(us) / 1000.0; }

nlohmann::json item_json(const ConsumedItem& c) {
  const micros latency = c.consumed_at - c.item.produced_at;
  return {{"id", c.item.id},
          {"value", c.item.value},
          {"producer", c.item.producer},
          {"consumer", c.consumer},
          {"produced_at_ms", ms(c.item.produced_at)},
          {"consumed_at_ms", ms(c.consumed_at)},
          {"latency_ms", ms(latency)},
          {"text", "processed value " + std::to_string(c.item.value) + " after " + seconds_text(latency)}};
}

class ProducerConsumerLesson final : public Lesson {
 public:
  ProducerConsumerLesson() : Lesson("producer-consumer", {"sequential", "threads", "coroutines"}) {}

  // threads mode starts a thread per producer and per consumer (run_threads).
  [[nodiscard]] ThreadDemand threads_needed(const RunRequest& request, bool mode_needs_threads) const override {
    if (!mode_needs_threads) return {};
    return {{{"producers", int_param(request, "producers")}, {"consumers", int_param(request, "consumers")}}};
  }

 private:
  [[nodiscard]] RunOutcome run_mode(const RunRequest& request, RunContext& context) const override {
    if (request.mode == "threads") require_threads(request);
    PcRun run(request, context);
    add_progress_total(context, run.total_items());
    int threads = 1;
    {
      ThreadLane main_lane(context.trace, add_lane(context, "main", LaneKind::thread));
      if (request.mode == "sequential") {
        run_sequential(run);
      } else if (request.mode == "threads") {
        run_threads(run);
        threads = run.producers + run.consumers;
      } else {
        run_coroutines(run);
      }
    }
    return {.result = result(request, run, threads), .output_csv = {}};
  }

 private:
  static nlohmann::json result(const RunRequest& request, PcRun& run, int threads) {
    const micros wall_us = run.now();
    std::vector<ConsumedItem> consumed = run.take_consumed();
    if (static_cast<std::int64_t>(consumed.size()) != run.total_items()) {
      throw RunError("consumed " + std::to_string(consumed.size()) + " items of " + std::to_string(run.total_items()));
    }
    std::vector<double> latencies;
    nlohmann::json listed = nlohmann::json::array();
    for (const ConsumedItem& c : consumed) {
      latencies.push_back(ms(c.consumed_at - c.item.produced_at));
      if (listed.size() < kMaxListedItems) listed.push_back(item_json(c));
    }
    nlohmann::json out = base_result(request, threads, ms(wall_us));
    out["items_consumed"] = consumed.size();
    out["producers"] = run.producers;
    out["consumers"] = run.consumers;
    out["queue_size"] = run.queue_size;
    out["throughput_per_s"] =
        wall_us > 0 ? static_cast<double>(consumed.size()) * 1e6 / static_cast<double>(wall_us) : 0.0;
    out["latency_ms"] = to_json(latency_stats(std::move(latencies)));
    out["peak_queue_depth"] = run.peak_queue_depth;
    out["per_item"] = std::move(listed);
    out["per_item_listed"] = std::min(consumed.size(), kMaxListedItems);
    return out;
  }
};

}  // namespace

const Lesson& lesson() {
  static const ProducerConsumerLesson lesson;
  return lesson;
}

}  // namespace playground::lessons::producer_consumer
