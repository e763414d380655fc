#include "core/blocking_wait.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/thread_lane.hpp"
#include "core/thread_test_support.hpp"

namespace playground {
namespace {

using namespace std::chrono_literals;

TEST(ThreadSleep, sleeps_at_least_the_duration_asked_for) {
  const auto start = std::chrono::steady_clock::now();
  thread_sleep(20'000);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 20ms);
}

TEST(ThreadSleep, a_duration_of_zero_or_less_returns_at_once) {
  thread_sleep(0);
  thread_sleep(-100);
  SUCCEED();
}

TEST(ThreadSleep, cancelling_wakes_a_sleeping_thread_long_before_its_deadline) {
  CancelToken token;
  std::thread canceller([&] {
    std::this_thread::sleep_for(20ms);
    token.cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(thread_sleep(60'000'000, &token), Cancelled);  // a minute
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
}

TEST(ThreadSleep, sleeping_on_a_cancelled_token_throws_at_once) {
  CancelToken token;
  token.cancel();
  EXPECT_THROW(thread_sleep(60'000'000, &token), Cancelled);
}

TEST(ThreadSleep, shows_as_waiting_on_io_with_its_label_on_the_lane) {
  SteadyClock clock;
  TraceRecorder recorder(clock);
  const LaneId lane_id = recorder.add_lane("main", LaneKind::thread);
  {
    ThreadLane lane(&recorder, lane_id);
    lane.set(SpanState::running);
    thread_sleep(3'000, nullptr, "request 2", "io.request");
  }
  const auto waits = testing::spans_of(recorder.snapshot(), lane_id, SpanState::waiting_on_io);
  ASSERT_EQ(waits.size(), 1u);
  EXPECT_EQ(waits[0].label, "request 2");
  EXPECT_EQ(waits[0].site, "io.request");
  EXPECT_GE(waits[0].end_us - waits[0].start_us, 3'000);
}

}  // namespace
}  // namespace playground
