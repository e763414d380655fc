#include "core/gather.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "core/loop_drivers.hpp"
#include "core/sleep.hpp"

namespace playground {
namespace {

constexpr micros ms = 1000;

Task<int> sleep_then_return(EventLoop& loop, micros delay, int value) {
  co_await sleep(loop, delay);
  co_return value;
}

TEST(Gather, sleeps_of_800_and_900_ms_gathered_take_exactly_900_ms_and_in_sequence_1700) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  micros gathered_at = -1, sequential_at = -1;
  auto main_task = [&]() -> Task<void> {
    std::vector<Task<int>> tasks;
    tasks.push_back(sleep_then_return(loop, 800 * ms, 1));
    tasks.push_back(sleep_then_return(loop, 900 * ms, 2));
    const std::vector<int> results = co_await gather(loop, std::move(tasks));
    EXPECT_EQ(results, (std::vector<int>{1, 2}));
    gathered_at = clock.now_us();
    (void)co_await sleep_then_return(loop, 800 * ms, 1);
    (void)co_await sleep_then_return(loop, 900 * ms, 2);
    sequential_at = clock.now_us() - gathered_at;
  };
  auto h = loop.spawn(main_task(), "main");
  run_virtual(loop, clock);
  h.result();
  EXPECT_EQ(gathered_at, 900 * ms);
  EXPECT_EQ(sequential_at, 1700 * ms);
}

TEST(Gather, results_come_back_in_argument_order_not_finishing_order) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  std::vector<int> results;
  auto main_task = [&]() -> Task<void> {
    std::vector<Task<int>> tasks;
    for (int i = 0; i < 5; ++i) tasks.push_back(sleep_then_return(loop, (5 - i) * 100 * ms, i));
    results = co_await gather(loop, std::move(tasks));
  };
  (void)loop.spawn(main_task(), "main");
  run_virtual(loop, clock);
  EXPECT_EQ(results, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(clock.now_us(), 500 * ms);
}

Task<void> sleep_only(EventLoop& loop, micros delay) { co_await sleep(loop, delay); }

TEST(Gather, the_variadic_form_mixes_types_and_gives_void_as_monostate) {
  VirtualClock clock;
  TraceRecorder trace(clock);
  EventLoop loop({.clock = &clock, .trace = &trace});
  auto main_task = [&]() -> Task<void> {
    auto [a, b, c] = co_await gather(loop, sleep_then_return(loop, 30 * ms, 7), sleep_only(loop, 50 * ms),
                                     sleep_then_return(loop, 10 * ms, 9));
    EXPECT_EQ(a, 7);
    EXPECT_EQ(b, std::monostate{});
    EXPECT_EQ(c, 9);
  };
  auto h = loop.spawn(main_task(), "main");
  run_virtual(loop, clock);
  h.result();
  EXPECT_EQ(clock.now_us(), 50 * ms);
  // Each gathered task ran on a lane of its own, named after its parent.
  const auto lanes = trace.lanes();
  ASSERT_EQ(lanes.size(), 4u);
  EXPECT_EQ(lanes[1].name, "main.gather[0]");
  EXPECT_EQ(lanes[3].name, "main.gather[2]");
}

TEST(Gather, a_failure_propagates_to_the_awaiter_after_the_others_are_cancelled_and_cleaned_up) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  int cleaned_up = 0;
  bool completed = false;
  struct Cleanup {
    int* count;
    ~Cleanup() { ++*count; }
  };
  auto slow = [&]() -> Task<void> {
    Cleanup c{&cleaned_up};
    co_await sleep(loop, 1000 * ms);
    completed = true;
  };
  auto failing = [&]() -> Task<void> {
    co_await sleep(loop, 100 * ms);
    throw std::runtime_error("request 2 failed");
  };
  std::string caught;
  micros caught_at = -1;
  int cleanups_when_caught = -1;
  auto main_task = [&]() -> Task<void> {
    std::vector<Task<void>> tasks;
    tasks.push_back(slow());
    tasks.push_back(failing());
    tasks.push_back(slow());
    try {
      co_await gather(loop, std::move(tasks));
    } catch (const std::runtime_error& e) {
      caught = e.what();
      caught_at = clock.now_us();
      cleanups_when_caught = cleaned_up;
    }
  };
  (void)loop.spawn(main_task(), "main");
  run_virtual(loop, clock);
  EXPECT_EQ(caught, "request 2 failed");
  EXPECT_EQ(caught_at, 100 * ms);      // at once, not after the slow ones
  EXPECT_EQ(cleanups_when_caught, 2);  // both slow tasks had finished unwinding
  EXPECT_FALSE(completed);
}

TEST(Gather, cancelling_the_gathering_task_cancels_every_gathered_task) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  int cancelled = 0;
  auto child = [&]() -> Task<void> {
    try {
      co_await sleep(loop, 1000 * ms);
    } catch (const Cancelled&) {
      ++cancelled;
      throw;
    }
  };
  auto main_task = [&]() -> Task<void> {
    std::vector<Task<void>> tasks;
    for (int i = 0; i < 3; ++i) tasks.push_back(child());
    co_await gather(loop, std::move(tasks));
  };
  auto h = loop.spawn(main_task(), "main");
  auto canceller = [&]() -> Task<void> {
    co_await sleep(loop, 10 * ms);
    h.cancel();
  };
  (void)loop.spawn(canceller());
  run_virtual(loop, clock);
  EXPECT_EQ(cancelled, 3);
  EXPECT_TRUE(h.cancelled());
  EXPECT_EQ(clock.now_us(), 10 * ms);
}

TEST(Gather, an_empty_gather_returns_at_once) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  std::size_t n = 99;
  auto main_task = [&]() -> Task<void> { n = (co_await gather(loop, std::vector<Task<int>>{})).size(); };
  (void)loop.spawn(main_task());
  run_virtual(loop, clock);
  EXPECT_EQ(n, 0u);
}

}  // namespace
}  // namespace playground
