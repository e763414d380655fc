#include "core/task.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "core/event_loop.hpp"
#include "core/loop_drivers.hpp"

namespace playground {
namespace {

struct Flag {
  bool* destroyed;
  ~Flag() { *destroyed = true; }
};

Task<int> answer(bool* ran) {
  *ran = true;
  co_return 42;
}

Task<void> holds_a_flag(Flag flag, bool* ran) {
  *ran = true;
  (void)flag;
  co_return;
}

TEST(Task, is_lazy_and_an_unstarted_task_frees_its_frame) {
  bool ran = false;
  bool destroyed = false;
  {
    Task<void> t = holds_a_flag(Flag{&destroyed}, &ran);
    EXPECT_TRUE(t.valid());
    EXPECT_FALSE(t.done());
    destroyed = false;  // the temporary Flag passed by value was destroyed; the frame holds a copy
  }
  EXPECT_FALSE(ran);
  EXPECT_TRUE(destroyed);
}

TEST(Task, moving_transfers_ownership) {
  bool ran = false;
  Task<int> a = answer(&ran);
  Task<int> b = std::move(a);
  EXPECT_FALSE(a.valid());  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_TRUE(b.valid());
  EXPECT_FALSE(ran);
}

TEST(Task, awaiting_a_task_yields_its_value) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  bool ran = false;
  int got = 0;
  auto parent = [&]() -> Task<void> { got = co_await answer(&ran); };
  auto h = loop.spawn(parent(), "parent");
  run_virtual(loop, clock);
  EXPECT_TRUE(ran);
  EXPECT_EQ(got, 42);
  EXPECT_TRUE(h.done());
  EXPECT_FALSE(h.failed());
}

Task<int> throws_in_child() {
  throw std::runtime_error("child failed");
  co_return 0;
}

TEST(Task, an_exception_thrown_in_a_child_is_caught_by_the_awaiting_parent) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  std::string caught;
  auto parent = [&]() -> Task<void> {
    try {
      (void)co_await throws_in_child();
    } catch (const std::runtime_error& e) {
      caught = e.what();
    }
  };
  auto h = loop.spawn(parent(), "parent");
  run_virtual(loop, clock);
  EXPECT_EQ(caught, "child failed");
  EXPECT_FALSE(h.failed());
}

TEST(Task, an_uncaught_exception_fails_the_spawned_task_and_its_handle_rethrows_it) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  auto parent = []() -> Task<int> { co_return co_await throws_in_child(); };
  auto h = loop.spawn(parent(), "parent");
  run_virtual(loop, clock);
  EXPECT_TRUE(h.failed());
  EXPECT_FALSE(h.cancelled());
  EXPECT_THROW((void)h.result(), std::runtime_error);
  EXPECT_EQ(loop.stats().failed, 1u);
}

Task<long> depth(int n) {
  if (n == 0) co_return 0;
  co_return 1 + co_await depth(n - 1);
}

TEST(Task, a_hundred_thousand_deep_recursive_await_chain_completes_without_stack_overflow) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  auto h = loop.spawn(depth(100'000), "recursive");
  run_virtual(loop, clock);
  EXPECT_EQ(h.result(), 100'000);
  // Each level costs two trips through the ready queue (down and back up).
  EXPECT_GE(loop.stats().resumes, 200'000u);
}

Task<long> depth_then_throw(int n) {
  if (n == 0) throw std::out_of_range("bottom");
  co_return 1 + co_await depth_then_throw(n - 1);
}

TEST(Task, an_exception_at_the_bottom_of_a_deep_chain_unwinds_every_level) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  auto h = loop.spawn(depth_then_throw(20'000), "recursive");
  run_virtual(loop, clock);
  EXPECT_THROW((void)h.result(), std::out_of_range);
}

}  // namespace
}  // namespace playground
