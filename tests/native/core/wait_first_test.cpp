#include "core/wait_first.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "core/loop_drivers.hpp"
#include "core/sleep.hpp"

namespace playground {
namespace {

constexpr micros ms = 1000;

TEST(WaitFirst, returns_the_800_ms_task_at_exactly_800_ms_and_cancels_the_900_ms_one) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  bool loser_cleaned_up = false;
  bool loser_completed = false;
  bool winner_cleaned_up = false;
  struct Cleanup {
    bool* flag;
    ~Cleanup() { *flag = true; }
  };
  auto waiter = [&](micros delay, int value) -> Task<int> {
    Cleanup c{delay == 900 * ms ? &loser_cleaned_up : &winner_cleaned_up};
    co_await sleep(loop, delay);
    if (delay == 900 * ms) loser_completed = true;
    co_return value;
  };
  FirstCompleted<int> first{};
  micros returned_at = -1;
  bool cleanup_ran_before_return = false;
  auto main_task = [&]() -> Task<void> {
    std::vector<Task<int>> tasks;
    tasks.push_back(waiter(900 * ms, 9));
    tasks.push_back(waiter(800 * ms, 8));
    first = co_await wait_first(loop, std::move(tasks));
    returned_at = clock.now_us();
    cleanup_ran_before_return = loser_cleaned_up;
  };
  (void)loop.spawn(main_task(), "main");
  run_virtual(loop, clock);
  EXPECT_EQ(first.index, 1u);
  EXPECT_EQ(first.value, 8);
  EXPECT_EQ(returned_at, 800 * ms);
  EXPECT_TRUE(cleanup_ran_before_return);
  EXPECT_FALSE(loser_completed);
  EXPECT_TRUE(winner_cleaned_up);
  EXPECT_EQ(clock.now_us(), 800 * ms);  // nothing left that would move time to 900 ms
}

TEST(WaitFirst, the_winners_exception_is_rethrown) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  auto fails = [&]() -> Task<void> {
    co_await sleep(loop, 5 * ms);
    throw std::logic_error("first and failed");
  };
  auto slow = [&]() -> Task<void> { co_await sleep(loop, 50 * ms); };
  bool caught = false;
  auto main_task = [&]() -> Task<void> {
    std::vector<Task<void>> tasks;
    tasks.push_back(slow());
    tasks.push_back(fails());
    try {
      (void)co_await wait_first(loop, std::move(tasks));
    } catch (const std::logic_error&) {
      caught = true;
    }
  };
  (void)loop.spawn(main_task());
  run_virtual(loop, clock);
  EXPECT_TRUE(caught);
  EXPECT_EQ(clock.now_us(), 5 * ms);
}

TEST(WaitFirst, an_empty_list_is_rejected) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  auto main_task = [&]() -> Task<void> { (void)co_await wait_first(loop, std::vector<Task<void>>{}); };
  auto h = loop.spawn(main_task());
  run_virtual(loop, clock);
  EXPECT_THROW(h.result(), std::invalid_argument);
}

}  // namespace
}  // namespace playground
