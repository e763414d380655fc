#include "core/blocking_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/thread_lane.hpp"
#include "core/thread_test_support.hpp"

namespace playground {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

TEST(BlockingQueue, a_capacity_of_zero_is_rejected) {
  EXPECT_THROW(BlockingQueue<int>({.capacity = 0}), std::invalid_argument);
}

TEST(BlockingQueue, items_come_out_in_the_order_they_went_in) {
  BlockingQueue<std::string> queue({.capacity = 10});
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(queue.put("item " + std::to_string(i)));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(queue.get(), "item " + std::to_string(i));
  EXPECT_EQ(queue.size(), 0u);
  EXPECT_EQ(queue.peak_size(), 10u);
}

TEST(BlockingQueue, move_only_items_pass_through) {
  BlockingQueue<std::unique_ptr<int>> queue({.capacity = 2});
  ASSERT_TRUE(queue.put(std::make_unique<int>(7)));
  auto item = queue.get();
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(**item, 7);
}

TEST(BlockingQueue, try_put_fails_when_full_and_try_get_when_empty) {
  BlockingQueue<int> queue({.capacity = 2});
  EXPECT_EQ(queue.try_get(), std::nullopt);
  EXPECT_TRUE(queue.try_put(1));
  EXPECT_TRUE(queue.try_put(2));
  EXPECT_FALSE(queue.try_put(3));
  EXPECT_EQ(queue.size(), 2u);
  EXPECT_EQ(queue.try_get(), 1);
}

TEST(BlockingQueue, put_blocks_while_the_queue_is_full_until_a_get_makes_room) {
  BlockingQueue<int> queue({.capacity = 2});
  std::atomic<int> puts_done{0};
  std::thread producer([&] {
    for (int i = 0; i < 3; ++i) {
      queue.put(i);
      ++puts_done;
    }
  });
  ASSERT_TRUE(eventually([&] { return queue.waiting_putters() == 1; }));
  EXPECT_EQ(puts_done, 2);  // backpressure: the third put waits
  EXPECT_EQ(queue.size(), 2u);
  EXPECT_EQ(queue.get(), 0);
  producer.join();
  EXPECT_EQ(puts_done, 3);
  EXPECT_EQ(queue.get(), 1);
  EXPECT_EQ(queue.get(), 2);
  EXPECT_EQ(queue.peak_size(), 2u);
}

TEST(BlockingQueue, blocked_getters_are_served_in_the_order_they_started_waiting) {
  constexpr int kGetters = 5;
  BlockingQueue<int> queue({.capacity = 1});
  std::vector<int> received(kGetters, -1);
  std::vector<std::thread> getters;
  for (int g = 0; g < kGetters; ++g) {
    getters.emplace_back([&, g] { received[static_cast<std::size_t>(g)] = *queue.get(); });
    ASSERT_TRUE(eventually([&] { return queue.waiting_getters() == static_cast<std::size_t>(g + 1); }));
  }
  for (int i = 0; i < kGetters; ++i) ASSERT_TRUE(queue.put(100 + i));
  for (auto& t : getters) t.join();
  for (int g = 0; g < kGetters; ++g) EXPECT_EQ(received[static_cast<std::size_t>(g)], 100 + g) << "getter " << g;
  EXPECT_EQ(queue.peak_size(), 0u);  // every item went straight to a waiting getter
}

TEST(BlockingQueue, blocked_putters_get_in_in_the_order_they_started_waiting) {
  constexpr int kPutters = 5;
  BlockingQueue<int> queue({.capacity = 1});
  ASSERT_TRUE(queue.put(-1));
  std::vector<std::thread> putters;
  for (int p = 0; p < kPutters; ++p) {
    putters.emplace_back([&, p] { queue.put(p); });
    ASSERT_TRUE(eventually([&] { return queue.waiting_putters() == static_cast<std::size_t>(p + 1); }));
  }
  EXPECT_EQ(queue.get(), -1);
  for (int p = 0; p < kPutters; ++p) EXPECT_EQ(queue.get(), p);
  for (auto& t : putters) t.join();
}

TEST(BlockingQueue, close_wakes_blocked_getters_with_nothing) {
  BlockingQueue<int> queue({.capacity = 4});
  std::atomic<int> woke_empty{0};
  std::vector<std::thread> getters;
  for (int g = 0; g < 3; ++g) {
    getters.emplace_back([&] {
      if (!queue.get().has_value()) ++woke_empty;
    });
  }
  ASSERT_TRUE(eventually([&] { return queue.waiting_getters() == 3; }));
  queue.close();
  for (auto& t : getters) t.join();
  EXPECT_EQ(woke_empty, 3);
}

TEST(BlockingQueue, close_fails_blocked_and_later_puts_but_getters_drain_what_is_left) {
  BlockingQueue<int> queue({.capacity = 2});
  ASSERT_TRUE(queue.put(1));
  ASSERT_TRUE(queue.put(2));
  std::atomic<int> result{-1};
  std::thread putter([&] { result = queue.put(3) ? 1 : 0; });
  ASSERT_TRUE(eventually([&] { return queue.waiting_putters() == 1; }));
  queue.close();
  putter.join();
  EXPECT_EQ(result, 0);
  EXPECT_FALSE(queue.put(4));
  EXPECT_TRUE(queue.closed());
  EXPECT_EQ(queue.get(), 1);
  EXPECT_EQ(queue.get(), 2);
  EXPECT_EQ(queue.get(), std::nullopt);
}

TEST(BlockingQueue, every_item_is_consumed_exactly_once_with_many_producers_and_consumers) {
  constexpr int kProducers = 3;
  constexpr int kConsumers = 3;
  constexpr int kItemsEach = 20000;
  BlockingQueue<int> queue({.capacity = 8});
  std::vector<std::atomic<int>> seen(kProducers * kItemsEach);
  std::vector<std::thread> producers;
  std::vector<std::thread> consumers;
  std::vector<std::vector<int>> order(kConsumers);
  for (int c = 0; c < kConsumers; ++c) {
    consumers.emplace_back([&, c] {
      while (auto item = queue.get()) {
        seen[static_cast<std::size_t>(*item)].fetch_add(1);
        order[static_cast<std::size_t>(c)].push_back(*item);
      }
    });
  }
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (int i = 0; i < kItemsEach; ++i) EXPECT_TRUE(queue.put(p * kItemsEach + i));
    });
  }
  for (auto& t : producers) t.join();
  queue.close();
  for (auto& t : consumers) t.join();
  for (std::size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i].load(), 1) << "item " << i;
  // FIFO per producer: each consumer sees one producer's items in order.
  for (const auto& got : order) {
    std::vector<int> last(kProducers, -1);
    for (int item : got) {
      const auto p = static_cast<std::size_t>(item / kItemsEach);
      EXPECT_GT(item, last[p]);
      last[p] = item;
    }
  }
  EXPECT_LE(queue.peak_size(), 8u);
}

TEST(BlockingQueue, cancelling_wakes_a_blocked_getter) {
  CancelToken token;
  BlockingQueue<int> queue({.capacity = 1, .cancel = &token});
  std::atomic<bool> cancelled{false};
  std::thread getter([&] {
    try {
      (void)queue.get();
    } catch (const Cancelled&) {
      cancelled = true;
    }
  });
  ASSERT_TRUE(eventually([&] { return queue.waiting_getters() == 1; }));
  token.cancel();
  getter.join();
  EXPECT_TRUE(cancelled);
  EXPECT_EQ(queue.waiting_getters(), 0u);
}

TEST(BlockingQueue, cancelling_wakes_a_blocked_putter) {
  CancelToken token;
  BlockingQueue<int> queue({.capacity = 1, .cancel = &token});
  ASSERT_TRUE(queue.put(1));
  std::atomic<bool> cancelled{false};
  std::thread putter([&] {
    try {
      queue.put(2);
    } catch (const Cancelled&) {
      cancelled = true;
    }
  });
  ASSERT_TRUE(eventually([&] { return queue.waiting_putters() == 1; }));
  token.cancel();
  putter.join();
  EXPECT_TRUE(cancelled);
  EXPECT_EQ(queue.waiting_putters(), 0u);
  EXPECT_EQ(queue.try_get(), 1);  // the queue itself is intact
}

TEST(BlockingQueue, a_blocked_get_shows_as_blocked_on_queue_on_the_threads_lane) {
  SteadyClock clock;
  TraceRecorder recorder(clock);
  const LaneId lane_id = recorder.add_lane("consumer", LaneKind::thread);
  BlockingQueue<int> queue({.capacity = 1});
  std::thread consumer([&] {
    ThreadLane lane(&recorder, lane_id);
    lane.set(SpanState::running);
    (void)queue.get("consumer.get");
  });
  ASSERT_TRUE(eventually([&] { return queue.waiting_getters() == 1; }));
  std::this_thread::sleep_for(2ms);
  ASSERT_TRUE(queue.put(5));
  consumer.join();
  const auto blocked = testing::spans_of(recorder.snapshot(), lane_id, SpanState::blocked_on_queue);
  ASSERT_EQ(blocked.size(), 1u);
  EXPECT_EQ(blocked[0].site, "consumer.get");
  EXPECT_EQ(blocked[0].label, "get (queue empty)");
  EXPECT_GE(blocked[0].end_us - blocked[0].start_us, 1000);
}

}  // namespace
}  // namespace playground
