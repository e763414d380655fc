#include "core/async_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/loop_drivers.hpp"
#include "core/sleep.hpp"

namespace playground {
namespace {

constexpr micros ms = 1000;

TEST(AsyncQueue, capacity_zero_is_rejected) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  EXPECT_THROW(AsyncQueue<int>(loop, {.capacity = 0}), std::invalid_argument);
}

TEST(AsyncQueue, a_producer_suspends_at_capacity_and_peak_depth_equals_capacity) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  AsyncQueue<int> q(loop, {.capacity = 3, .name = "q"});
  std::vector<std::pair<int, micros>> put_done;  // item, when its put returned
  auto producer = [&]() -> Task<void> {
    for (int i = 0; i < 6; ++i) {
      co_await q.put(i);
      put_done.emplace_back(i, clock.now_us());
    }
    q.close();
  };
  std::vector<int> got;
  auto consumer = [&]() -> Task<void> {
    co_await sleep(loop, 100 * ms);  // let the producer fill the queue first
    while (auto item = co_await q.get()) {
      got.push_back(*item);
      co_await sleep(loop, 10 * ms);
    }
  };
  (void)loop.spawn(producer(), "producer");
  (void)loop.spawn(consumer(), "consumer");
  run_virtual(loop, clock);

  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(q.peak_depth(), 3u);
  ASSERT_EQ(put_done.size(), 6u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(put_done[static_cast<std::size_t>(i)].second, 0);  // room: no wait
  EXPECT_EQ(put_done[3].second, 100 * ms);  // blocked until the first get
  EXPECT_EQ(put_done[4].second, 110 * ms);
  EXPECT_EQ(put_done[5].second, 120 * ms);
}

TEST(AsyncQueue, blocked_getters_are_served_in_the_order_they_arrived) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  AsyncQueue<int> q(loop, {.capacity = 10});
  std::vector<std::vector<int>> served(3);  // per consumer, the items it got
  auto consumer = [&](int id) -> Task<void> {
    while (auto item = co_await q.get()) served[static_cast<std::size_t>(id)].push_back(*item);
  };
  auto producer = [&]() -> Task<void> {
    co_await sleep(loop, 5 * ms);
    for (int i = 0; i < 6; ++i) co_await q.put(i);  // no barging: the first three go to the waiters
    q.close();
  };
  for (int c = 0; c < 3; ++c) (void)loop.spawn(consumer(c));
  (void)loop.spawn(producer());
  run_virtual(loop, clock);
  // Each waiter got the item put while it was the longest waiting; the rest
  // were queued and taken by whoever asked next (consumer 0 runs first).
  EXPECT_EQ(served[0], (std::vector<int>{0, 3, 4, 5}));
  EXPECT_EQ(served[1], (std::vector<int>{1}));
  EXPECT_EQ(served[2], (std::vector<int>{2}));
}

TEST(AsyncQueue, blocked_putters_are_served_in_the_order_they_arrived) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  AsyncQueue<std::string> q(loop, {.capacity = 1});
  auto producer = [&](std::string id) -> Task<void> { co_await q.put(id); };
  std::vector<std::string> got;
  auto consumer = [&]() -> Task<void> {
    co_await sleep(loop, 1 * ms);
    for (int i = 0; i < 4; ++i) got.push_back(*co_await q.get());
  };
  for (const char* id : {"a", "b", "c", "d"}) (void)loop.spawn(producer(id));
  (void)loop.spawn(consumer());
  run_virtual(loop, clock);
  EXPECT_EQ(got, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(AsyncQueue, close_lets_getters_drain_and_then_get_returns_nullopt) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  AsyncQueue<int> q(loop, {.capacity = 4});
  std::vector<std::optional<int>> got;
  bool waiter_woke_with_nullopt = false;
  auto task = [&]() -> Task<void> {
    co_await q.put(1);
    co_await q.put(2);
    q.close();
    for (int i = 0; i < 3; ++i) got.push_back(co_await q.get());
  };
  auto early_getter = [&]() -> Task<void> {
    AsyncQueue<int> empty(loop, {.capacity = 1});
    auto closer = [&]() -> Task<void> {
      co_await sleep(loop, 3 * ms);
      empty.close();
    };
    auto h = loop.spawn(closer());
    waiter_woke_with_nullopt = !(co_await empty.get()).has_value();
    co_await h;
  };
  (void)loop.spawn(task());
  (void)loop.spawn(early_getter());
  run_virtual(loop, clock);
  EXPECT_EQ(got, (std::vector<std::optional<int>>{1, 2, std::nullopt}));
  EXPECT_TRUE(waiter_woke_with_nullopt);
  EXPECT_EQ(clock.now_us(), 3 * ms);
}

TEST(AsyncQueue, put_on_a_closed_queue_fails_and_a_blocked_putter_fails_when_it_closes) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  AsyncQueue<int> q(loop, {.capacity = 1});
  int failures = 0;
  auto blocked = [&]() -> Task<void> {
    co_await q.put(1);
    try {
      co_await q.put(2);  // full: waits until close
    } catch (const QueueClosed&) {
      ++failures;
    }
    try {
      co_await q.put(3);  // closed already
    } catch (const QueueClosed&) {
      ++failures;
    }
  };
  auto closer = [&]() -> Task<void> {
    co_await sleep(loop, 7 * ms);
    q.close();
  };
  (void)loop.spawn(blocked());
  (void)loop.spawn(closer());
  run_virtual(loop, clock);
  EXPECT_EQ(failures, 2);
  EXPECT_EQ(q.size(), 1u);  // the item put before close is still there
  int stray = 3;
  EXPECT_FALSE(q.try_put(stray));
}

TEST(AsyncQueue, every_item_put_is_got_exactly_once_with_several_producers_and_consumers) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  AsyncQueue<int> q(loop, {.capacity = 4});
  constexpr int kProducers = 3, kItems = 200, kConsumers = 4;
  std::vector<int> got;
  std::mt19937 rng(7);
  auto producer = [&](int p, unsigned seed) -> Task<void> {
    std::mt19937 local(seed);
    for (int i = 0; i < kItems; ++i) {
      co_await sleep(loop, static_cast<micros>(local() % 500));
      co_await q.put(p * kItems + i);
    }
  };
  auto consumer = [&](unsigned seed) -> Task<void> {
    std::mt19937 local(seed);
    while (auto item = co_await q.get()) {
      got.push_back(*item);
      co_await sleep(loop, static_cast<micros>(local() % 700));
    }
  };
  std::vector<TaskHandle<void>> producers;
  for (int p = 0; p < kProducers; ++p) producers.push_back(loop.spawn(producer(p, rng())));
  for (int c = 0; c < kConsumers; ++c) (void)loop.spawn(consumer(rng()));
  auto closer = [&]() -> Task<void> {
    for (auto& p : producers) co_await p;
    q.close();
  };
  (void)loop.spawn(closer());
  run_virtual(loop, clock);
  ASSERT_EQ(got.size(), static_cast<std::size_t>(kProducers * kItems));
  std::sort(got.begin(), got.end());
  for (int i = 0; i < kProducers * kItems; ++i) EXPECT_EQ(got[static_cast<std::size_t>(i)], i);
  EXPECT_LE(q.peak_depth(), 4u);
}

TEST(AsyncQueue, cancellation_reaches_tasks_blocked_on_get_and_on_put) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  AsyncQueue<int> empty(loop, {.capacity = 1});
  AsyncQueue<int> full(loop, {.capacity = 1});
  int cancelled = 0;
  auto getter = [&]() -> Task<void> {
    try {
      (void)co_await empty.get();
    } catch (const Cancelled&) {
      ++cancelled;
      throw;
    }
  };
  auto putter = [&]() -> Task<void> {
    co_await full.put(1);
    try {
      co_await full.put(2);
    } catch (const Cancelled&) {
      ++cancelled;
      throw;
    }
  };
  auto g = loop.spawn(getter());
  auto p = loop.spawn(putter());
  auto canceller = [&]() -> Task<void> {
    co_await sleep(loop, 20 * ms);
    g.cancel();
    p.cancel();
  };
  (void)loop.spawn(canceller());
  run_virtual(loop, clock);
  EXPECT_EQ(cancelled, 2);
  EXPECT_TRUE(g.cancelled());
  EXPECT_TRUE(p.cancelled());
  EXPECT_EQ(full.size(), 1u);  // the cancelled put did not go in
  int item = 5;
  EXPECT_TRUE(empty.try_put(item));  // no stale waiter swallowed it
  EXPECT_EQ(empty.size(), 1u);
}

TEST(AsyncQueue, waits_are_traced_as_blocked_on_queue) {
  VirtualClock clock;
  TraceRecorder trace(clock);
  EventLoop loop({.clock = &clock, .trace = &trace});
  AsyncQueue<int> q(loop, {.capacity = 1, .name = "rows"});
  auto consumer = [&]() -> Task<void> { (void)co_await q.get(); };
  auto producer = [&]() -> Task<void> {
    co_await sleep(loop, 40 * ms);
    co_await q.put(1);
  };
  auto c = loop.spawn(consumer(), "consumer");
  (void)loop.spawn(producer(), "producer");
  run_virtual(loop, clock);
  const Trace t = trace.snapshot();
  const auto it = std::find_if(t.spans.begin(), t.spans.end(),
                               [](const Span& s) { return s.state == SpanState::blocked_on_queue; });
  ASSERT_NE(it, t.spans.end());
  EXPECT_EQ(it->lane, c.lane());
  EXPECT_EQ(it->site, "queue.get");
  EXPECT_EQ(it->label, "rows");
  EXPECT_EQ(it->start_us, 0);
  EXPECT_EQ(it->end_us, 40 * ms);
}

}  // namespace
}  // namespace playground
