#include "core/thread_lane.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "core/thread_test_support.hpp"

namespace playground {
namespace {

using testing::spans_of;

TEST(ThreadLane, each_change_of_state_closes_one_span_and_opens_the_next) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  const LaneId id = recorder.add_lane("worker", LaneKind::thread);
  {
    ThreadLane lane(&recorder, id);
    clock.advance_to(10);
    lane.set(SpanState::running, "row 1", "site.a");
    clock.advance_to(30);
    lane.set(SpanState::idle);
    clock.advance_to(50);
  }
  const Trace trace = recorder.snapshot();
  ASSERT_EQ(trace.spans.size(), 2u);
  EXPECT_EQ(trace.spans[0].state, SpanState::running);
  EXPECT_EQ(trace.spans[0].label, "row 1");
  EXPECT_EQ(trace.spans[0].site, "site.a");
  EXPECT_EQ(trace.spans[0].start_us, 10);
  EXPECT_EQ(trace.spans[0].end_us, 30);
  EXPECT_EQ(trace.spans[1].state, SpanState::idle);
  EXPECT_EQ(trace.spans[1].start_us, 30);
  EXPECT_EQ(trace.spans[1].end_us, 50);
}

TEST(ThreadLane, lane_state_returns_the_lane_to_its_previous_state_after_the_scope) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  const LaneId id = recorder.add_lane("worker", LaneKind::thread);
  {
    ThreadLane lane(&recorder, id);
    lane.set(SpanState::running, "job");
    clock.advance_to(10);
    {
      LaneState blocked(SpanState::blocked_on_queue, "get", "queue.get");
      clock.advance_to(25);
    }
    clock.advance_to(40);
    EXPECT_EQ(lane.state().state, SpanState::running);
    EXPECT_EQ(lane.state().label, "job");
  }
  const Trace trace = recorder.snapshot();
  ASSERT_EQ(trace.spans.size(), 3u);
  EXPECT_EQ(trace.spans[0].state, SpanState::running);
  EXPECT_EQ(trace.spans[0].end_us, 10);
  EXPECT_EQ(trace.spans[1].state, SpanState::blocked_on_queue);
  EXPECT_EQ(trace.spans[1].site, "queue.get");
  EXPECT_EQ(trace.spans[1].end_us, 25);
  EXPECT_EQ(trace.spans[2].state, SpanState::running);
  EXPECT_EQ(trace.spans[2].label, "job");
  EXPECT_EQ(trace.spans[2].start_us, 25);
  EXPECT_EQ(trace.spans[2].end_us, 40);
}

TEST(ThreadLane, spans_of_zero_length_and_repeated_states_are_not_recorded) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  const LaneId id = recorder.add_lane("worker", LaneKind::thread);
  {
    ThreadLane lane(&recorder, id);
    lane.set(SpanState::idle);
    lane.set(SpanState::running);  // no time passed: the idle span is dropped
    clock.advance_to(5);
    lane.set(SpanState::running);  // same state: the span goes on
    clock.advance_to(9);
  }
  const Trace trace = recorder.snapshot();
  ASSERT_EQ(trace.spans.size(), 1u);
  EXPECT_EQ(trace.spans[0].state, SpanState::running);
  EXPECT_EQ(trace.spans[0].start_us, 0);
  EXPECT_EQ(trace.spans[0].end_us, 9);
}

TEST(ThreadLane, an_untraced_thread_has_no_lane_and_lane_state_does_nothing) {
  EXPECT_EQ(ThreadLane::current(), nullptr);
  {
    ThreadLane untraced(nullptr, 0);
    EXPECT_EQ(ThreadLane::current(), nullptr);
    LaneState state(SpanState::running);
  }
  EXPECT_EQ(ThreadLane::current(), nullptr);
}

TEST(ThreadLane, the_current_lane_belongs_to_one_thread_and_nests) {
  VirtualClock clock;
  TraceRecorder recorder(clock);
  const LaneId outer_id = recorder.add_lane("outer", LaneKind::thread);
  const LaneId inner_id = recorder.add_lane("inner", LaneKind::thread);
  ThreadLane outer(&recorder, outer_id);
  EXPECT_EQ(ThreadLane::current(), &outer);
  {
    ThreadLane inner(&recorder, inner_id);
    EXPECT_EQ(ThreadLane::current()->id(), inner_id);
  }
  EXPECT_EQ(ThreadLane::current(), &outer);
  const ThreadLane* seen_elsewhere = &outer;
  std::thread([&] { seen_elsewhere = ThreadLane::current(); }).join();
  EXPECT_EQ(seen_elsewhere, nullptr);
}

TEST(ThreadLane, spans_of_one_lane_never_overlap) {
  SteadyClock clock;
  TraceRecorder recorder(clock);
  const LaneId id = recorder.add_lane("worker", LaneKind::thread);
  {
    ThreadLane lane(&recorder, id);
    for (int i = 0; i < 200; ++i) {
      lane.set(i % 2 == 0 ? SpanState::running : SpanState::idle, "step " + std::to_string(i));
      LaneState inner(SpanState::waiting_on_io);
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
  }
  const Trace trace = recorder.snapshot();
  ASSERT_GT(trace.spans.size(), 100u);
  for (std::size_t i = 1; i < trace.spans.size(); ++i) {
    EXPECT_LE(trace.spans[i - 1].end_us, trace.spans[i].start_us) << "span " << i;
  }
}

}  // namespace
}  // namespace playground
