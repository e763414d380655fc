#include "lessons/thread_safety/lesson_lock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <latch>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/thread_lane.hpp"
#include "core/trace.hpp"

namespace playground::lessons::thread_safety {
namespace {

TEST(LessonLock, a_free_lock_is_taken_without_waiting_and_a_held_one_is_not_tried) {
  LockTable table({});
  const int lock = table.add_lock("account A");
  const int one = table.add_thread("thread 1");
  const int two = table.add_thread("thread 2");
  table.lock(one, lock);
  EXPECT_FALSE(table.try_lock(two, lock));
  table.unlock(one, lock);
  EXPECT_TRUE(table.try_lock(two, lock));
  table.unlock(two, lock);
  const LockStats stats = table.stats();
  EXPECT_EQ(stats.acquisitions, 2u);
  EXPECT_EQ(stats.waits, 0u);
  EXPECT_FALSE(table.deadlock());
}

TEST(LessonLock, unlocking_a_lock_held_by_another_thread_is_an_error_naming_the_lock) {
  LockTable table({});
  const int lock = table.add_lock("account A");
  const int one = table.add_thread("thread 1");
  const int two = table.add_thread("thread 2");
  table.lock(one, lock);
  try {
    table.unlock(two, lock);
    FAIL() << "no error";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("account A"), std::string::npos) << e.what();
  }
  table.unlock(one, lock);
}

TEST(LessonLock, a_waiter_takes_the_lock_when_it_is_released_and_its_wait_is_counted_and_drawn) {
  const SteadyClock clock;
  TraceRecorder trace(clock);
  LockTable table({});
  const int lock = table.add_lock("account B");
  const int one = table.add_thread("thread 1");
  const int two = table.add_thread("thread 2");
  table.lock(one, lock);
  std::latch waiting(1);
  std::thread waiter([&] {
    ThreadLane lane(&trace, trace.add_lane("thread 2", LaneKind::thread));
    waiting.count_down();
    table.lock(two, lock);
    table.unlock(two, lock);
  });
  waiting.wait();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  table.unlock(one, lock);
  waiter.join();

  const LockStats stats = table.stats();
  EXPECT_EQ(stats.waits, 1u);
  EXPECT_GE(stats.wait_us, 20'000);  // it waited (most of) the 30 ms the lock was held
  const Trace recorded = trace.snapshot();
  ASSERT_EQ(recorded.spans.size(), 1u);
  EXPECT_EQ(recorded.spans[0].state, SpanState::waiting_for_lock);
  EXPECT_EQ(recorded.spans[0].label, "wait for account B");
}

TEST(LessonLock, two_threads_waiting_for_each_other_are_released_with_the_cycle_named) {
  const SteadyClock clock;
  TraceRecorder trace(clock);
  LockTable table({.check_every_us = 10'000});
  const int a = table.add_lock("account A");
  const int b = table.add_lock("account B");
  std::latch both_hold(2);
  std::string errors[2];
  const LaneId lanes[2] = {trace.add_lane("thread 1", LaneKind::thread), trace.add_lane("thread 2", LaneKind::thread)};
  const auto body = [&](int me, int first, int second) {
    ThreadLane lane(&trace, lanes[me]);
    const int self = me;
    table.lock(self, first);
    both_hold.arrive_and_wait();
    try {
      table.lock(self, second);
      table.unlock(self, second);
    } catch (const DeadlockError& e) {
      errors[me] = e.what();
    }
    table.unlock(self, first);
  };
  (void)table.add_thread("thread 1");
  (void)table.add_thread("thread 2");
  std::thread one(body, 0, a, b);
  std::thread two(body, 1, b, a);
  one.join();
  two.join();

  const std::string cycle =
      "thread 1 holds account A and waits for account B; thread 2 holds account B and waits for account A";
  EXPECT_EQ(errors[0], "deadlock: " + cycle);
  EXPECT_EQ(errors[1], "deadlock: " + cycle);
  const auto report = table.deadlock();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->cycle, cycle);
  // Seen at a waiter's first or second check after the cycle formed.
  EXPECT_LE(report->detected_us - report->formed_us, 25'000);

  // Each lane's wait is marked where the cycle closed, naming who holds what it waits for.
  int marked = 0;
  for (const Span& span : trace.snapshot().spans) {
    if (span.state != SpanState::waiting_for_lock) continue;
    const std::string expected = span.lane == lanes[0] ? "deadlock: waits for account B held by thread 2"
                                                       : "deadlock: waits for account A held by thread 1";
    EXPECT_EQ(span.label, expected);
    ++marked;
  }
  EXPECT_EQ(marked, 2);
  // Every lock was released on the way out: the table is usable again.
  EXPECT_TRUE(table.try_lock(0, a));
  EXPECT_TRUE(table.try_lock(0, b));
}

TEST(LessonLock, cancelling_wakes_a_waiter_at_once) {
  CancelToken cancel;
  LockTable table({.check_every_us = 10'000'000, .cancel = &cancel});
  const int lock = table.add_lock("account A");
  const int one = table.add_thread("thread 1");
  const int two = table.add_thread("thread 2");
  table.lock(one, lock);
  bool cancelled = false;
  std::thread waiter([&] {
    try {
      table.lock(two, lock);
    } catch (const Cancelled&) {
      cancelled = true;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto start = std::chrono::steady_clock::now();
  cancel.cancel();
  waiter.join();
  EXPECT_TRUE(cancelled);
  const double late_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(late_ms, 200.0);
  table.unlock(one, lock);
}

}  // namespace
}  // namespace playground::lessons::thread_safety
