#include "lessons/producer_consumer/producer_consumer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "core/cancel_token.hpp"
#include "core/clock.hpp"
#include "core/trace.hpp"
#include "lessons/lesson_test_support.hpp"

namespace playground::lessons::producer_consumer {
namespace {

RunRequest request_for(const std::string& mode, nlohmann::json params) {
  RunRequest request;
  request.mode = mode;
  request.params = std::move(params);
  return testing::resolved(lesson(), std::move(request));
}

nlohmann::json run_mode(const RunRequest& request) {
  RunContext context;
  return lesson().run(request, context).result;
}

// Quick production: every item is consumed, whatever the mode and shape.
nlohmann::json quick(int producers, int consumers, int items, int queue_size) {
  return {{"producers", producers}, {"consumers", consumers}, {"items", items},  {"queue_size", queue_size},
          {"min_delay_ms", 0},      {"max_delay_ms", 2},      {"process_ms", 1}, {"seed", 7}};
}

// The heaviest shape the scenario allows, as real threads (natively there is no
// pool to run out of): 32 threads, every item consumed exactly once.
TEST(ProducerConsumerThreads, sixteen_producers_and_sixteen_consumers_consume_every_item_once) {
  const nlohmann::json result = run_mode(request_for("threads", quick(16, 16, 10, 1)));
  ASSERT_EQ(result.at("items_consumed").get<int>(), 160);
  std::map<std::int64_t, int> times_consumed;
  for (const auto& item : result.at("per_item")) ++times_consumed[item.at("id").get<std::int64_t>()];
  ASSERT_EQ(times_consumed.size(), 160u);
  for (const auto& [id, times] : times_consumed) EXPECT_EQ(times, 1) << "item " << id;
  EXPECT_EQ(result.at("threads").get<int>(), 32);
}

class EveryPcMode : public ::testing::TestWithParam<const char*> {};

TEST_P(EveryPcMode, every_item_is_consumed_exactly_once) {
  for (const auto& [producers, consumers] : std::vector<std::pair<int, int>>{{1, 1}, {2, 1}, {1, 3}, {3, 4}}) {
    const nlohmann::json result = run_mode(request_for(GetParam(), quick(producers, consumers, 25, 2)));
    const int total = producers * 25;
    ASSERT_EQ(result.at("items_consumed").get<int>(), total);
    std::map<std::int64_t, int> times_consumed;
    std::map<int, int> per_producer;
    for (const auto& item : result.at("per_item")) {
      ++times_consumed[item.at("id").get<std::int64_t>()];
      ++per_producer[item.at("producer").get<int>()];
      EXPECT_GE(item.at("consumed_at_ms").get<double>(), item.at("produced_at_ms").get<double>());
      EXPECT_GE(item.at("consumer").get<int>(), 1);
      EXPECT_LE(item.at("consumer").get<int>(), GetParam() == std::string("sequential") ? 1 : consumers);
    }
    ASSERT_EQ(times_consumed.size(), static_cast<std::size_t>(total)) << producers << "×" << consumers;
    for (const auto& [id, times] : times_consumed) {
      EXPECT_EQ(times, 1) << "item " << id;
      EXPECT_GE(id, 0);
      EXPECT_LT(id, total);
    }
    for (int p = 1; p <= producers; ++p) EXPECT_EQ(per_producer[p], 25);
  }
}

TEST_P(EveryPcMode, the_queue_never_holds_more_than_its_size) {
  // Slow consumer, fast producers: the queue fills up and producers wait.
  nlohmann::json params = quick(2, 1, 20, 3);
  params["process_ms"] = 2;
  params["max_delay_ms"] = 0;
  const nlohmann::json result = run_mode(request_for(GetParam(), params));
  if (GetParam() == std::string("sequential")) {
    EXPECT_EQ(result.at("peak_queue_depth").get<int>(), 40);  // everything waits in one list
  } else {
    EXPECT_EQ(result.at("peak_queue_depth").get<int>(), 3);
  }
}

TEST_P(EveryPcMode, the_same_seed_makes_the_same_values) {
  const nlohmann::json a = run_mode(request_for(GetParam(), quick(2, 2, 10, 4)));
  const nlohmann::json b = run_mode(request_for("sequential", quick(2, 2, 10, 4)));
  std::map<std::int64_t, int> values_a, values_b;
  for (const auto& item : a.at("per_item")) values_a[item.at("id")] = item.at("value");
  for (const auto& item : b.at("per_item")) values_b[item.at("id")] = item.at("value");
  EXPECT_EQ(values_a, values_b);
}

TEST_P(EveryPcMode, cancelling_a_long_run_stops_it_promptly) {
  nlohmann::json params = quick(2, 2, 1000, 5);
  params["min_delay_ms"] = 1000;
  params["max_delay_ms"] = 2000;
  CancelToken token;
  RunContext context;
  context.cancel = &token;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    token.cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW((void)lesson().run(request_for(GetParam(), params), context), Cancelled);
  const auto took = std::chrono::steady_clock::now() - start;
  canceller.join();
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST_P(EveryPcMode, result_has_the_fields_the_cli_prints) {
  const nlohmann::json result = run_mode(request_for(GetParam(), quick(1, 1, 5, 2)));
  for (const char* field : {"mode", "threads", "gil", "wall_ms", "items_consumed", "throughput_per_s", "latency_ms",
                            "peak_queue_depth", "per_item"}) {
    EXPECT_TRUE(result.contains(field)) << field;
  }
  for (const char* field : {"p50", "p95", "max"}) EXPECT_TRUE(result.at("latency_ms").contains(field)) << field;
  const std::string text = result.at("per_item").at(0).at("text");
  EXPECT_EQ(text.rfind("processed value ", 0), 0u) << text;
  EXPECT_NE(text.find(" after "), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(ProducerConsumer, EveryPcMode, ::testing::Values("sequential", "threads", "coroutines"));

// The lesson: making everything first makes the median item wait for most of
// the production run; a queue keeps each item's wait near one processing time.
TEST(ProducerConsumer, sequential_latencies_are_far_longer_than_with_a_queue) {
  if (PLAYGROUND_SANITIZED) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  // 2 producers × 10 items, 20..40 ms apart (scaled from 200..400), 5 ms processing.
  const nlohmann::json params = {{"producers", 2},   {"consumers", 2},      {"items", 10},
                                 {"queue_size", 5},  {"min_delay_ms", 200}, {"max_delay_ms", 400},
                                 {"process_ms", 50}, {"seed", 42},          {"time_scale", 0.1}};
  const nlohmann::json sequential = run_mode(request_for("sequential", params));
  const nlohmann::json threads = run_mode(request_for("threads", params));
  const nlohmann::json coroutines = run_mode(request_for("coroutines", params));
  const double seq_p50 = sequential.at("latency_ms").at("p50");
  for (const nlohmann::json* queued : {&threads, &coroutines}) {
    const double p50 = queued->at("latency_ms").at("p50");
    const double max = queued->at("latency_ms").at("max");
    EXPECT_GT(seq_p50, 10 * p50) << queued->at("mode");
    // Production is slower than consumption: an item waits about one
    // processing time (5 ms), never less; even the slowest item waits far
    // less than the typical item of the sequential run.
    EXPECT_GE(p50, 5.0 * 0.9);
    EXPECT_LT(max, 0.25 * seq_p50) << queued->at("mode");
  }
  // Two producers in parallel finish in about half the sequential production time.
  EXPECT_LT(threads.at("wall_ms").get<double>(), 0.75 * sequential.at("wall_ms").get<double>());
  EXPECT_LT(coroutines.at("wall_ms").get<double>(), 0.75 * sequential.at("wall_ms").get<double>());
}

TEST(ProducerConsumer, threads_and_coroutines_trace_producer_and_consumer_lanes) {
  for (const char* mode : {"threads", "coroutines"}) {
    SteadyClock clock;
    TraceRecorder trace(clock);
    RunContext context;
    context.trace = &trace;
    nlohmann::json params = quick(2, 2, 5, 1);
    params["min_delay_ms"] = 1;
    params["process_ms"] = 3;
    (void)lesson().run(request_for(mode, params), context);
    const Trace snapshot = trace.snapshot();
    std::map<std::string, int> lanes;
    for (const Lane& lane : snapshot.lanes) ++lanes[lane.name];
    EXPECT_EQ(lanes["producer 1"] + lanes["producer 2"] + lanes["consumer 1"] + lanes["consumer 2"], 4) << mode;
    int io = 0, queue_waits = 0;
    for (const Span& span : snapshot.spans) {
      io += span.state == SpanState::waiting_on_io ? 1 : 0;
      queue_waits += span.state == SpanState::blocked_on_queue ? 1 : 0;
    }
    EXPECT_GT(io, 0) << mode;
    EXPECT_GT(queue_waits, 0) << mode;  // consumers wait for slow producers
  }
}

// Processing an item is a simulated wait in every mode, and the timeline
// says so: each item's "process value V" span is waiting, never running.
TEST_P(EveryPcMode, processing_an_item_is_drawn_as_the_wait_it_is) {
  SteadyClock clock;
  TraceRecorder trace(clock);
  RunContext context;
  context.trace = &trace;
  nlohmann::json params = quick(2, 2, 4, 2);
  params["process_ms"] = 2;
  (void)lesson().run(request_for(GetParam(), params), context);
  int processing = 0;
  for (const Span& span : trace.snapshot().spans) {
    if (span.label.rfind("process value ", 0) != 0) continue;
    ++processing;
    EXPECT_EQ(span.state, SpanState::waiting_on_io) << GetParam() << ": " << span.label;
  }
  EXPECT_EQ(processing, 8) << GetParam();
}

TEST(ProducerConsumer, min_delay_above_max_delay_is_a_run_error_naming_both) {
  nlohmann::json params = quick(1, 1, 1, 1);
  params["min_delay_ms"] = 500;
  params["max_delay_ms"] = 100;
  try {
    (void)run_mode(request_for("threads", params));
    FAIL() << "expected RunError";
  } catch (const RunError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("min_delay_ms"), std::string::npos) << message;
    EXPECT_NE(message.find("max_delay_ms"), std::string::npos) << message;
  }
}

TEST(ProducerConsumer, out_of_range_parameter_is_a_run_error_naming_it) {
  nlohmann::json params = quick(1, 1, 1, 1);
  params["consumers"] = 0;
  try {
    (void)run_mode(request_for("coroutines", params));
    FAIL() << "expected RunError";
  } catch (const RunError& error) {
    EXPECT_NE(std::string(error.what()).find("consumers"), std::string::npos) << error.what();
  }
}

TEST(ProducerConsumer, progress_counts_every_consumed_item) {
  RunContext context;
  Progress progress;
  context.progress = &progress;
  (void)lesson().run(request_for("threads", quick(2, 2, 10, 3)), context);
  EXPECT_EQ(progress.total.load(), 20);
  EXPECT_EQ(progress.done.load(), 20);
}

}  // namespace
}  // namespace playground::lessons::producer_consumer
