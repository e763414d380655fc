#include "core/trace.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>
#include <vector>

namespace playground {
namespace {

TEST(Trace, spans_of_all_lanes_come_back_sorted_by_start) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  const LaneId a = recorder.add_lane("worker 1", LaneKind::thread);
  const LaneId b = recorder.add_lane("task main", LaneKind::task);
  recorder.record(a, SpanState::running, 30, 40, "late");
  recorder.record(b, SpanState::waiting_on_io, 10, 20, "early");
  recorder.record(a, SpanState::idle, 20, 30);

  const Trace trace = recorder.snapshot();
  ASSERT_EQ(trace.lanes.size(), 2u);
  EXPECT_EQ(trace.lanes[1].name, "task main");
  EXPECT_EQ(trace.lanes[1].kind, LaneKind::task);
  ASSERT_EQ(trace.spans.size(), 3u);
  EXPECT_EQ(trace.spans[0].label, "early");
  EXPECT_EQ(trace.spans[1].state, SpanState::idle);
  EXPECT_EQ(trace.spans[2].label, "late");
}

TEST(Trace, span_scope_records_from_construction_to_destruction_on_the_clock) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  const LaneId lane = recorder.add_lane("main", LaneKind::thread);
  clock.advance_to(100);
  {
    SpanScope scope(&recorder, lane, SpanState::waiting_on_io, "sleep", "sleep.wait");
    clock.advance_to(900);
  }
  const Trace trace = recorder.snapshot();
  ASSERT_EQ(trace.spans.size(), 1u);
  EXPECT_EQ(trace.spans[0].start_us, 100);
  EXPECT_EQ(trace.spans[0].end_us, 900);
  EXPECT_EQ(trace.spans[0].site, "sleep.wait");
}

TEST(Trace, a_null_recorder_makes_span_scope_a_no_op) {
  SpanScope scope(nullptr, 0, SpanState::running, "nothing");
  SUCCEED();
}

TEST(Trace, read_new_returns_each_span_once_while_writers_keep_recording) {
  SteadyClock clock;
  TraceRecorder recorder(clock);
  constexpr int kThreads = 4;
  constexpr int kSpansEach = 5000;
  std::vector<LaneId> lanes;
  for (int t = 0; t < kThreads; ++t) lanes.push_back(recorder.add_lane("t" + std::to_string(t), LaneKind::thread));

  std::atomic<bool> done{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kSpansEach; ++i) recorder.record(lanes[t], SpanState::running, i, i + 1, "x");
    });
  }
  std::size_t seen = 0;
  TraceCursor cursor;
  std::thread reader([&] {
    while (!done.load()) seen += recorder.read_new(cursor).size();
  });
  for (auto& w : writers) w.join();
  done.store(true);
  reader.join();
  seen += recorder.read_new(cursor).size();
  EXPECT_EQ(seen, static_cast<std::size_t>(kThreads * kSpansEach));
  EXPECT_TRUE(recorder.read_new(cursor).empty());
}

TEST(Trace, read_new_with_a_limit_returns_at_most_that_many_and_the_rest_later_in_lane_order) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  const LaneId a = recorder.add_lane("a", LaneKind::thread);
  const LaneId b = recorder.add_lane("b", LaneKind::thread);
  for (int i = 0; i < 5; ++i) recorder.record(a, SpanState::running, i, i + 1, "a" + std::to_string(i));
  for (int i = 0; i < 4; ++i) recorder.record(b, SpanState::running, i, i + 1, "b" + std::to_string(i));
  TraceCursor cursor;
  std::vector<std::string> labels;
  for (std::size_t got = 4; got == 4;) {
    const auto chunk = recorder.read_new(cursor, 4);
    EXPECT_LE(chunk.size(), 4u);
    for (const Span& span : chunk) labels.push_back(span.label);
    got = chunk.size();
  }
  std::vector<std::string> a_labels, b_labels;
  for (const auto& label : labels) (label[0] == 'a' ? a_labels : b_labels).push_back(label);
  EXPECT_EQ(a_labels, (std::vector<std::string>{"a0", "a1", "a2", "a3", "a4"}));
  EXPECT_EQ(b_labels, (std::vector<std::string>{"b0", "b1", "b2", "b3"}));
  EXPECT_TRUE(recorder.read_new(cursor, 4).empty());
}

TEST(Trace, spans_past_the_limit_are_counted_as_dropped) {
  VirtualClock clock;
  TraceRecorder recorder(clock, TraceOptions{.max_lanes = 4, .max_spans = 3});
  const LaneId lane = recorder.add_lane("main", LaneKind::thread);
  for (int i = 0; i < 5; ++i) recorder.record(lane, SpanState::running, i, i + 1);
  const Trace trace = recorder.snapshot();
  EXPECT_EQ(trace.spans.size(), 3u);
  EXPECT_EQ(trace.dropped, 2u);
}

TEST(Trace, lanes_past_the_limit_share_the_last_lane) {
  VirtualClock clock;
  TraceRecorder recorder(clock, TraceOptions{.max_lanes = 2, .max_spans = 100});
  EXPECT_EQ(recorder.add_lane("a", LaneKind::task), 0);
  EXPECT_EQ(recorder.add_lane("b", LaneKind::task), 1);
  EXPECT_EQ(recorder.add_lane("c", LaneKind::task), 1);
  EXPECT_EQ(recorder.lanes()[1].name, "other lanes (lane limit reached)");
}

TEST(Trace, chrome_export_has_thread_names_and_complete_events) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  const LaneId lane = recorder.add_lane("pool worker 1", LaneKind::thread);
  recorder.record(lane, SpanState::waiting_for_gil, 5, 25, "row <3> \"quoted\"", "gil.wait");
  const auto doc = nlohmann::json::parse(to_chrome_trace_json(recorder.snapshot()));
  const auto& events = doc.at("traceEvents");
  bool saw_name = false;
  bool saw_span = false;
  for (const auto& e : events) {
    if (e.at("ph") == "M" && e.at("name") == "thread_name") {
      saw_name = e.at("args").at("name") == "pool worker 1";
    }
    if (e.at("ph") == "X") {
      saw_span = true;
      EXPECT_EQ(e.at("name"), "row <3> \"quoted\"");
      EXPECT_EQ(e.at("cat"), "waiting_for_gil");
      EXPECT_EQ(e.at("ts"), 5);
      EXPECT_EQ(e.at("dur"), 20);
      EXPECT_EQ(e.at("args").at("site"), "gil.wait");
    }
  }
  EXPECT_TRUE(saw_name);
  EXPECT_TRUE(saw_span);
}

}  // namespace
}  // namespace playground
