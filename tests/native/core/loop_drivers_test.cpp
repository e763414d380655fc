#include "core/loop_drivers.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/async_queue.hpp"
#include "core/sleep.hpp"

namespace playground {
namespace {

constexpr micros ms = 1000;

TEST(LoopDrivers, run_blocking_sleeps_at_least_the_delay_and_not_much_longer) {
  SteadyClock clock;
  EventLoop loop({.clock = &clock});
  micros woke_at = -1;
  auto task = [&]() -> Task<void> {
    co_await sleep(loop, 50 * ms);
    woke_at = clock.now_us();
  };
  (void)loop.spawn(task());
  run_blocking(loop);
  EXPECT_GE(woke_at, 50 * ms);
  EXPECT_LT(woke_at, 250 * ms);  // generous: a loaded 2-core machine
}

TEST(LoopDrivers, run_blocking_does_not_busy_wait) {
  SteadyClock clock;
  EventLoop loop({.clock = &clock});
  auto task = [&]() -> Task<void> { co_await sleep(loop, 50 * ms); };
  (void)loop.spawn(task());
  run_blocking(loop);
  // Start, wake; a spurious or early wake-up may add a few. Polling would be thousands.
  EXPECT_LE(loop.stats().steps, 10u);
}

TEST(LoopDrivers, run_blocking_wakes_on_post_threadsafe) {
  SteadyClock clock;
  EventLoop loop({.clock = &clock});
  bool woken = false;
  auto task = [&]() -> Task<void> {
    // Held open by a timer far away; the post must wake the driver long before it.
    co_await sleep(loop, 10'000 * ms);
  };
  auto h = loop.spawn(task());
  std::thread poster([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    loop.post_threadsafe([&] {
      woken = true;
      h.cancel();
    });
  });
  run_blocking(loop);
  poster.join();
  EXPECT_TRUE(woken);
  EXPECT_TRUE(h.cancelled());
  EXPECT_LT(clock.now_us(), 5'000 * ms);
  EXPECT_LE(loop.stats().steps, 10u);
}

TEST(LoopDrivers, run_blocking_throws_cancelled_soon_after_the_token_is_cancelled_from_another_thread) {
  SteadyClock clock;
  CancelToken token;
  EventLoop loop({.clock = &clock, .cancel = &token});
  bool cleaned_up = false;
  auto task = [&]() -> Task<void> {
    try {
      co_await sleep(loop, 10'000 * ms);
    } catch (const Cancelled&) {
      cleaned_up = true;
      throw;
    }
  };
  (void)loop.spawn(task());
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    token.cancel();
  });
  EXPECT_THROW(run_blocking(loop), Cancelled);
  canceller.join();
  EXPECT_TRUE(cleaned_up);
  EXPECT_LT(clock.now_us(), 5'000 * ms);
}

TEST(LoopDrivers, run_virtual_fast_forwards_time_exactly_and_instantly) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  auto task = [&]() -> Task<void> {
    for (int i = 0; i < 1000; ++i) co_await sleep(loop, 3'600'000 * ms);  // a thousand hours
  };
  (void)loop.spawn(task());
  const auto start = std::chrono::steady_clock::now();
  run_virtual(loop, clock);
  EXPECT_EQ(clock.now_us(), micros{1000} * 3'600'000 * ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

TEST(LoopDrivers, run_virtual_reports_a_deadlock_instead_of_hanging) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  AsyncQueue<int> q(loop, {.capacity = 1});
  auto task = [&]() -> Task<void> { (void)co_await q.get(); };  // nobody ever puts
  (void)loop.spawn(task());
  EXPECT_THROW(run_virtual(loop, clock), std::runtime_error);
}

TEST(LoopDrivers, run_virtual_needs_the_loops_own_clock) {
  VirtualClock clock, other;
  EventLoop loop({.clock = &clock});
  EXPECT_THROW(run_virtual(loop, other), std::invalid_argument);
}

TEST(LoopDrivers, external_step_tells_the_host_when_to_call_again) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  auto task = [&]() -> Task<void> {
    co_await sleep(loop, 300 * ms);
    co_await yield(loop);
  };
  (void)loop.spawn(task());
  ExternalStep s = external_step(loop);  // starts the task, which sleeps
  EXPECT_FALSE(s.finished);
  EXPECT_EQ(s.delay_us, std::optional<micros>(300 * ms));
  clock.advance_to(100 * ms);  // the host called back early
  s = external_step(loop);
  EXPECT_EQ(s.delay_us, std::optional<micros>(200 * ms));
  clock.advance_to(300 * ms);
  s = external_step(loop);  // wakes; the task yields: call again at once
  EXPECT_EQ(s.delay_us, std::optional<micros>(0));
  s = external_step(loop);
  EXPECT_TRUE(s.finished);
  EXPECT_FALSE(s.delay_us.has_value());
}

}  // namespace
}  // namespace playground
