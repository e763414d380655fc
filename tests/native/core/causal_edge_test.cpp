// Causal edges (issue 17): recorded where a waiter is let go, from the
// operation that let it go to the one that went on.
#include "core/causal_edge.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/async_queue.hpp"
#include "core/blocking_queue.hpp"
#include "core/blocking_wait.hpp"
#include "core/event_loop.hpp"
#include "core/gather.hpp"
#include "core/gil.hpp"
#include "core/loop_drivers.hpp"
#include "core/sleep.hpp"
#include "core/wait_first.hpp"

namespace playground {
namespace {

std::vector<Edge> edges_of(const Trace& trace, EdgeKind kind) {
  std::vector<Edge> found;
  for (const Edge& e : trace.edges) {
    if (e.kind == kind) found.push_back(e);
  }
  return found;
}

TEST(CausalEdge, edges_past_the_limit_are_counted_not_kept) {
  VirtualClock clock;
  TraceRecorder recorder(clock, TraceOptions{.max_edges = 2});
  const LaneId a = recorder.add_lane("a", LaneKind::thread);
  const LaneId b = recorder.add_lane("b", LaneKind::thread);
  for (int i = 0; i < 5; ++i) recorder.record_edge(Edge{EdgeKind::lock, {a, i}, {b, i + 1}, "lock"});
  const Trace trace = recorder.snapshot();
  EXPECT_EQ(trace.edges.size(), 2u);
  EXPECT_EQ(trace.dropped_edges, 3u);
}

TEST(CausalEdge, an_edge_never_ends_before_it_starts_and_untraced_ends_are_ignored) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  const LaneId a = recorder.add_lane("a", LaneKind::thread);
  recorder.record_edge(Edge{EdgeKind::gil, {a, 50}, {a, 20}, "GIL"});
  recorder.record_edge(Edge{EdgeKind::gil, {}, {a, 20}, "from nowhere"});
  recorder.record_edge(Edge{EdgeKind::gil, {a, 20}, {7, 30}, "to a lane that does not exist"});
  const Trace trace = recorder.snapshot();
  ASSERT_EQ(trace.edges.size(), 1u);
  EXPECT_EQ(trace.edges[0].from.at_us, 50);
  EXPECT_EQ(trace.edges[0].to.at_us, 50);
}

TEST(CausalEdge, a_reader_gets_each_edge_once_in_order_of_arrival) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  const LaneId a = recorder.add_lane("a", LaneKind::thread);
  const LaneId b = recorder.add_lane("b", LaneKind::thread);
  recorder.record_edge(Edge{EdgeKind::queue, {a, 1}, {b, 9}, "late"});
  recorder.record_edge(Edge{EdgeKind::queue, {b, 1}, {a, 5}, "early"});
  TraceCursor cursor;
  const std::vector<Edge> first = recorder.read_new_edges(cursor);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].label, "early");
  EXPECT_TRUE(recorder.read_new_edges(cursor).empty());
  recorder.record_edge(Edge{EdgeKind::queue, {a, 10}, {b, 11}, "third"});
  const std::vector<Edge> next = recorder.read_new_edges(cursor);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].label, "third");
}

// Producer and consumer threads on a blocking queue: each item taken is one
// queue edge from its producer's lane to its consumer's lane, named after it.
TEST(CausalEdge, blocking_queue_each_item_taken_is_an_edge_from_its_put) {
  SteadyClock clock;
  TraceRecorder recorder(clock);
  BlockingQueue<int> queue({.capacity = 2});
  constexpr int kPerProducer = 200;
  std::vector<LaneId> producer_lanes;
  std::vector<LaneId> consumer_lanes;
  for (int p = 0; p < 2; ++p) producer_lanes.push_back(recorder.add_lane("producer", LaneKind::thread));
  for (int c = 0; c < 3; ++c) consumer_lanes.push_back(recorder.add_lane("consumer", LaneKind::thread));
  std::map<int, LaneId> taken_by;  // item -> consumer lane
  std::mutex taken_mutex;
  std::vector<std::thread> threads;
  for (int p = 0; p < 2; ++p) {
    threads.emplace_back([&, p] {
      ThreadLane lane(&recorder, producer_lanes[static_cast<std::size_t>(p)]);
      for (int k = 0; k < kPerProducer; ++k) ASSERT_TRUE(queue.put(p * 1000 + k));
    });
  }
  for (int c = 0; c < 3; ++c) {
    threads.emplace_back([&, c] {
      const LaneId me = consumer_lanes[static_cast<std::size_t>(c)];
      ThreadLane lane(&recorder, me);
      while (std::optional<int> item = queue.get()) {
        std::lock_guard lock(taken_mutex);
        taken_by[*item] = me;
      }
    });
  }
  threads[0].join();
  threads[1].join();
  queue.close();
  for (std::size_t i = 2; i < threads.size(); ++i) threads[i].join();

  const std::vector<Edge> edges = edges_of(recorder.snapshot(), EdgeKind::queue);
  ASSERT_EQ(taken_by.size(), 2u * kPerProducer);
  ASSERT_EQ(edges.size(), taken_by.size());
  std::map<std::string, int> seen;
  for (const Edge& e : edges) ++seen[e.label];
  for (const auto& [item, consumer] : taken_by) {
    const std::string label = "item " + std::to_string(item);
    EXPECT_EQ(seen[label], 1) << label;
  }
  for (const Edge& e : edges) {
    const int item = std::stoi(e.label.substr(5));
    EXPECT_EQ(e.from.lane, producer_lanes[static_cast<std::size_t>(item / 1000)]) << e.label;
    EXPECT_EQ(e.to.lane, taken_by.at(item)) << e.label;
    EXPECT_LE(e.from.at_us, e.to.at_us);
  }
}

TEST(CausalEdge, an_untraced_queue_records_nothing_and_still_works) {
  BlockingQueue<int> queue({.capacity = 1});
  ASSERT_TRUE(queue.put(3));
  EXPECT_EQ(queue.get(), 3);
}

// Every GIL hand-off between traced threads is one gil edge, from the
// release to the acquire that followed it on another thread.
TEST(CausalEdge, gil_hand_offs_are_edges_one_for_one) {
  SteadyClock clock;
  TraceRecorder recorder(clock);
  Gil gil({.switch_interval_us = 1000});
  std::vector<std::thread> threads;
  std::vector<LaneId> lanes;
  for (int t = 0; t < 3; ++t) lanes.push_back(recorder.add_lane("thread", LaneKind::thread));
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      ThreadLane lane(&recorder, lanes[static_cast<std::size_t>(t)]);
      GilHold hold(&gil);
      for (int round = 0; round < 5; ++round) {
        const auto start = std::chrono::steady_clock::now();
        while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(3)) gil_checkpoint();
        thread_sleep(500);  // a blocking call: releases the GIL too
      }
    });
  }
  for (auto& t : threads) t.join();
  const std::vector<Edge> edges = edges_of(recorder.snapshot(), EdgeKind::gil);
  EXPECT_GT(gil.stats().handoffs, 3u);
  EXPECT_EQ(edges.size(), gil.stats().handoffs);
  for (const Edge& e : edges) {
    EXPECT_NE(e.from.lane, e.to.lane);
    EXPECT_LE(e.from.at_us, e.to.at_us);
  }
}

// On an event loop: a queue item, a timer, a finished task and a
// cancellation each leave the edge of what they woke.
TEST(CausalEdge, event_loop_wake_ups_are_edges) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  EventLoop loop({.clock = &clock, .trace = &recorder});
  AsyncQueue<int> queue(loop, {.capacity = 1});
  auto producer = [&]() -> Task<void> {
    co_await sleep(loop, 1000);
    co_await queue.put(41);
    co_await queue.put(42);
  };
  auto consumer = [&]() -> Task<int> {
    int sum = 0;
    for (int i = 0; i < 2; ++i) sum += *co_await queue.get();
    co_return sum;
  };
  auto slow = [&]() -> Task<int> {
    co_await sleep(loop, 50'000);
    co_return 0;
  };
  auto fast = [&]() -> Task<int> {
    co_await sleep(loop, 2000);
    co_return 1;
  };
  auto main = [&]() -> Task<void> {
    auto got = loop.spawn(consumer(), "consumer");
    loop.spawn(producer(), "producer");
    EXPECT_EQ(co_await got, 83);
    std::vector<Task<int>> race;
    race.push_back(slow());
    race.push_back(fast());
    const auto first = co_await wait_first(loop, std::move(race));
    EXPECT_EQ(first.index, 1u);
  };
  loop.spawn(main(), "main");
  run_virtual(loop, clock);

  const Trace trace = recorder.snapshot();
  std::map<LaneId, std::string> name;
  for (const Lane& lane : trace.lanes) name[lane.id] = lane.name;
  const std::vector<Edge> queue_edges = edges_of(trace, EdgeKind::queue);
  ASSERT_EQ(queue_edges.size(), 2u);
  EXPECT_EQ(queue_edges[0].label, "item 41");
  EXPECT_EQ(queue_edges[1].label, "item 42");
  for (const Edge& e : queue_edges) {
    EXPECT_EQ(name[e.from.lane], "producer");
    EXPECT_EQ(name[e.to.lane], "consumer");
  }
  const std::vector<Edge> timers = edges_of(trace, EdgeKind::timer);
  ASSERT_GE(timers.size(), 2u);
  EXPECT_EQ(name[timers[0].to.lane], "producer");
  EXPECT_EQ(timers[0].from.at_us, 1000);
  const std::vector<Edge> joins = edges_of(trace, EdgeKind::join);
  ASSERT_FALSE(joins.empty());
  EXPECT_EQ(name[joins[0].from.lane], "consumer");
  EXPECT_EQ(name[joins[0].to.lane], "main");
  const std::vector<Edge> cancels = edges_of(trace, EdgeKind::cancel);
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(name[cancels[0].from.lane], "main");
  EXPECT_EQ(name[cancels[0].to.lane], "main.first[0]");
  for (const Edge& e : trace.edges) EXPECT_LE(e.from.at_us, e.to.at_us) << to_string(e.kind);
}

// The Chrome export: each edge a pair of flow events ("s", then "f" bound to
// its enclosing slice), each at a time inside a slice on its thread.
TEST(CausalEdge, chrome_export_flows_bind_to_slices) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  const LaneId a = recorder.add_lane("producer", LaneKind::thread);
  const LaneId b = recorder.add_lane("consumer", LaneKind::thread);
  recorder.record(a, SpanState::waiting_on_io, 0, 100, "make");
  recorder.record(b, SpanState::blocked_on_queue, 10, 120, "get");
  recorder.record(b, SpanState::running, 130, 200, "process");
  recorder.record_edge(Edge{EdgeKind::queue, {a, 100}, {b, 120}, "item 1"});  // both at a span's end
  recorder.record_edge(Edge{EdgeKind::queue, {a, 105}, {b, 125}, "item 2"});  // both in gaps
  const auto doc = nlohmann::json::parse(to_chrome_trace_json(recorder.snapshot()));
  std::vector<nlohmann::json> slices, flows;
  for (const auto& e : doc.at("traceEvents")) {
    if (e.at("ph") == "X") slices.push_back(e);
    if (e.at("ph") == "s" || e.at("ph") == "f") flows.push_back(e);
  }
  ASSERT_EQ(flows.size(), 4u);
  std::map<int, int> per_id;
  for (const auto& flow : flows) {
    ++per_id[flow.at("id").get<int>()];
    if (flow.at("ph") == "f") EXPECT_EQ(flow.at("bp"), "e");
    bool inside = false;
    for (const auto& slice : slices) {
      const auto ts = flow.at("ts").get<micros>();
      const auto start = slice.at("ts").get<micros>();
      inside = inside || (slice.at("tid") == flow.at("tid") && slice.at("pid") == flow.at("pid") && start <= ts &&
                          ts < start + slice.at("dur").get<micros>());
    }
    EXPECT_TRUE(inside) << flow.dump();
  }
  EXPECT_EQ(per_id.size(), 2u);
  for (const auto& [id, count] : per_id) EXPECT_EQ(count, 2) << id;
}

TEST(CausalEdge, chrome_export_makes_each_lane_group_a_named_process) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  Trace trace = recorder.snapshot();
  trace.lanes = {Lane{.id = 0, .name = "serial: main", .group = "serial"},
                 Lane{.id = 1, .name = "threads: worker 1", .group = "threads"},
                 Lane{.id = 2, .name = "threads: worker 2", .group = "threads"}};
  const auto doc = nlohmann::json::parse(to_chrome_trace_json(trace));
  std::map<std::string, int> process;
  std::map<int, int> pid_of_tid;
  for (const auto& e : doc.at("traceEvents")) {
    if (e.at("name") == "process_name") process[e.at("args").at("name")] = e.at("pid");
    if (e.at("name") == "thread_name") pid_of_tid[e.at("tid")] = e.at("pid");
  }
  ASSERT_EQ(process.size(), 2u);
  EXPECT_EQ(pid_of_tid[0], process["serial"]);
  EXPECT_EQ(pid_of_tid[1], process["threads"]);
  EXPECT_EQ(pid_of_tid[2], process["threads"]);
}

}  // namespace
}  // namespace playground
