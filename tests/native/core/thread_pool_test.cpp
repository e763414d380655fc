#include "core/thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/blocking_queue.hpp"
#include "core/thread_lane.hpp"
#include "core/thread_test_support.hpp"

namespace playground {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

TEST(ThreadPool, fewer_than_one_thread_is_rejected) { EXPECT_THROW(ThreadPool({.threads = 0}), std::invalid_argument); }

TEST(ThreadPool, one_worker_runs_every_task_exactly_once) {
  constexpr int kTasks = 10000;
  std::vector<std::atomic<int>> runs(kTasks);
  ThreadPool pool({.threads = 1});
  for (int i = 0; i < kTasks; ++i) pool.post([&runs, i] { runs[static_cast<std::size_t>(i)].fetch_add(1); });
  pool.wait_all();
  for (int i = 0; i < kTasks; ++i) ASSERT_EQ(runs[static_cast<std::size_t>(i)].load(), 1) << "task " << i;
  EXPECT_EQ(pool.executed(), static_cast<std::uint64_t>(kTasks));
}

TEST(ThreadPool, four_workers_run_every_task_exactly_once) {
  constexpr int kTasks = 20000;
  std::vector<std::atomic<int>> runs(kTasks);
  ThreadPool pool({.threads = 4});
  std::vector<JobHandle<int>> handles;
  for (int i = 0; i < kTasks; ++i) {
    handles.push_back(pool.submit([&runs, i] {
      runs[static_cast<std::size_t>(i)].fetch_add(1);
      return i;
    }));
  }
  long sum = 0;
  for (auto& h : handles) sum += h.get();
  EXPECT_EQ(sum, long{kTasks} * (kTasks - 1) / 2);
  for (int i = 0; i < kTasks; ++i) ASSERT_EQ(runs[static_cast<std::size_t>(i)].load(), 1) << "task " << i;
}

TEST(ThreadPool, one_worker_starts_tasks_in_the_order_they_were_submitted) {
  ThreadPool pool({.threads = 1});
  std::vector<int> order;  // written by the one worker only
  for (int i = 0; i < 100; ++i) pool.post([&order, i] { order.push_back(i); });
  pool.wait_all();
  std::vector<int> expected(100);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(order, expected);
}

TEST(ThreadPool, submit_hands_back_the_value_or_the_exception) {
  ThreadPool pool({.threads = 2});
  auto value = pool.submit([] { return std::string("done"); });
  auto failure = pool.submit([]() -> int { throw std::runtime_error("row 3 is bad"); });
  auto nothing = pool.submit([] {});
  EXPECT_EQ(value.get(), "done");
  try {
    (void)failure.get();
    FAIL() << "expected the task's exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "row 3 is bad");
  }
  nothing.get();
  EXPECT_TRUE(nothing.ready());
}

TEST(ThreadPool, wait_all_rethrows_the_first_exception_of_a_posted_task_once) {
  ThreadPool pool({.threads = 1});
  pool.post([] { throw std::runtime_error("first"); });
  pool.post([] { throw std::runtime_error("second"); });
  std::atomic<int> after{0};
  pool.post([&] { ++after; });
  EXPECT_THROW(
      {
        try {
          pool.wait_all();
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "first");
          throw;
        }
      },
      std::runtime_error);
  EXPECT_EQ(after, 1);  // one failure does not stop the others
  pool.wait_all();      // and the pool stays usable
}

TEST(ThreadPool, wait_all_waits_for_tasks_that_tasks_submit) {
  ThreadPool pool({.threads = 2});
  std::atomic<int> leaves{0};
  for (int i = 0; i < 10; ++i) {
    pool.post([&] {
      for (int j = 0; j < 10; ++j) pool.post([&] { ++leaves; });
    });
  }
  pool.wait_all();
  EXPECT_EQ(leaves, 100);
}

TEST(ThreadPool, on_ready_runs_once_whether_registered_before_or_after_the_end) {
  ThreadPool pool({.threads = 1});
  BlockingQueue<int> gate({.capacity = 1});
  auto late = pool.submit([&] { return *gate.get(); });
  std::atomic<int> calls{0};
  late.on_ready([&] { ++calls; });
  EXPECT_EQ(calls, 0);
  ASSERT_TRUE(gate.put(9));
  EXPECT_EQ(late.get(), 9);
  // The worker runs the callback after waking get(): wait for it.
  EXPECT_TRUE(eventually([&] { return calls == 1; }));
  auto early = pool.submit([] { return 1; });
  early.wait();
  early.on_ready([&] { ++calls; });  // already done: runs here, at once
  EXPECT_EQ(calls, 2);
}

TEST(ThreadPool, shutdown_finishes_queued_tasks_and_later_submits_throw) {
  std::atomic<int> ran{0};
  ThreadPool pool({.threads = 2});
  for (int i = 0; i < 1000; ++i) pool.post([&] { ++ran; });
  pool.shutdown();
  EXPECT_EQ(ran, 1000);
  EXPECT_THROW(pool.post([] {}), std::logic_error);
  pool.shutdown();  // idempotent
}

TEST(ThreadPool, cancelling_wakes_wait_all_and_skips_tasks_not_yet_started) {
  CancelToken token;
  ThreadPool pool({.threads = 1, .cancel = &token});
  BlockingQueue<int> never({.capacity = 1, .cancel = &token});
  std::atomic<bool> first_started{false};
  pool.post([&] {
    first_started = true;
    (void)never.get();  // blocked until cancelled
  });
  std::atomic<int> later_ran{0};
  std::vector<JobHandle<void>> later;
  for (int i = 0; i < 100; ++i) later.push_back(pool.submit([&] { ++later_ran; }));
  ASSERT_TRUE(eventually([&] { return first_started.load(); }));
  std::thread canceller([&] {
    std::this_thread::sleep_for(10ms);
    token.cancel();
  });
  EXPECT_THROW(pool.wait_all(), Cancelled);
  canceller.join();
  pool.shutdown();
  EXPECT_EQ(later_ran, 0);
  for (auto& h : later) EXPECT_THROW(h.get(), Cancelled);
}

TEST(ThreadPool, cancelling_wakes_a_thread_waiting_on_a_handle) {
  CancelToken token;
  BlockingQueue<int> never({.capacity = 1, .cancel = &token});
  ThreadPool pool({.threads = 1, .cancel = &token});
  auto handle = pool.submit([&] { return *never.get(); });
  std::thread canceller([&] {
    std::this_thread::sleep_for(10ms);
    token.cancel();
  });
  EXPECT_THROW((void)handle.get(), Cancelled);
  canceller.join();
}

TEST(ThreadPool, wait_all_on_one_of_its_own_workers_is_refused) {
  ThreadPool pool({.threads = 1});
  auto handle = pool.submit([&] { pool.wait_all(); });
  EXPECT_THROW(handle.get(), std::logic_error);
}

TEST(ThreadPool, a_pool_with_the_gil_runs_one_task_at_a_time) {
  Gil gil({.switch_interval_us = 200});
  ThreadPool pool({.threads = 4, .gil = &gil});
  long counter = 0;  // plain: the GIL is the only lock
  for (int i = 0; i < 16; ++i) {
    pool.post([&] {
      for (int j = 0; j < 5000; ++j) {
        ++counter;
        gil_checkpoint();
      }
    });
  }
  pool.wait_all();
  EXPECT_EQ(counter, 16L * 5000);
}

TEST(ThreadPool, workers_show_their_start_idle_time_and_work_on_their_lanes) {
  SteadyClock clock;
  TraceRecorder recorder(clock);
  {
    ThreadPool pool({.threads = 2, .name = "worker", .trace = &recorder});
    ASSERT_EQ(pool.lanes().size(), 2u);
    std::this_thread::sleep_for(2ms);  // both workers idle for a while
    for (int i = 0; i < 4; ++i) {
      pool.post([] {
        LaneState work(SpanState::running, "row", "pool.row");
        std::this_thread::sleep_for(1ms);
      });
    }
    pool.wait_all();
  }
  const Trace trace = recorder.snapshot();
  ASSERT_EQ(trace.lanes.size(), 2u);
  EXPECT_EQ(trace.lanes[0].name, "worker 1");
  EXPECT_EQ(trace.lanes[1].name, "worker 2");
  std::size_t rows = 0;
  for (LaneId lane : {0, 1}) {
    EXPECT_EQ(testing::spans_of(trace, lane, SpanState::starting).size(), 1u) << "lane " << lane;
    EXPECT_FALSE(testing::spans_of(trace, lane, SpanState::idle).empty()) << "lane " << lane;
    for (const Span& s : testing::spans_of(trace, lane, SpanState::running)) rows += s.site == "pool.row";
  }
  EXPECT_EQ(rows, 4u);
}

}  // namespace
}  // namespace playground
