#include "core/thread_per_task.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/blocking_queue.hpp"
#include "core/thread_lane.hpp"
#include "core/thread_test_support.hpp"

namespace playground {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

TEST(ThreadPerTask, a_cap_below_one_is_rejected) {
  EXPECT_THROW(ThreadPerTaskExecutor({.max_live_threads = 0}), std::invalid_argument);
}

TEST(ThreadPerTask, every_task_runs_exactly_once_on_a_new_thread) {
  constexpr int kTasks = 200;
  std::vector<std::atomic<int>> runs(kTasks);
  const auto submitter = std::this_thread::get_id();
  std::atomic<int> on_submitter{0};
  ThreadPerTaskExecutor threads({.max_live_threads = 8});
  for (int i = 0; i < kTasks; ++i) {
    threads.post([&, i] {
      runs[static_cast<std::size_t>(i)].fetch_add(1);
      if (std::this_thread::get_id() == submitter) ++on_submitter;
    });
  }
  threads.wait_all();
  for (int i = 0; i < kTasks; ++i) ASSERT_EQ(runs[static_cast<std::size_t>(i)].load(), 1) << "task " << i;
  EXPECT_EQ(on_submitter, 0);
  EXPECT_EQ(threads.stats().threads_started, static_cast<std::uint64_t>(kTasks));
}

TEST(ThreadPerTask, live_threads_never_exceed_the_cap_and_the_note_says_so) {
  constexpr int kCap = 3;
  constexpr int kTasks = 30;
  std::atomic<int> running{0};
  std::atomic<int> most_running{0};
  ThreadPerTaskExecutor threads({.max_live_threads = kCap});
  for (int i = 0; i < kTasks; ++i) {
    threads.post([&] {
      const int now = ++running;
      int seen = most_running.load();
      while (now > seen && !most_running.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(2ms);
      --running;
    });
  }
  threads.wait_all();
  const ThreadPerTaskStats stats = threads.stats();
  EXPECT_LE(most_running, kCap);
  EXPECT_LE(stats.peak_live, kCap);
  EXPECT_GT(stats.cap_waits, 0u);  // 30 tasks of 2 ms cannot all start at once with 3 slots
  const std::string note = threads.cap_note();
  EXPECT_NE(note.find("capped at 3"), std::string::npos) << note;
  EXPECT_NE(note.find("of 30 tasks"), std::string::npos) << note;
}

TEST(ThreadPerTask, there_is_no_note_when_the_cap_never_bites) {
  ThreadPerTaskExecutor threads({.max_live_threads = 64});
  for (int i = 0; i < 4; ++i) threads.post([] {});
  threads.wait_all();
  EXPECT_EQ(threads.stats().cap_waits, 0u);
  EXPECT_EQ(threads.cap_note(), "");
}

TEST(ThreadPerTask, submit_hands_back_values_and_exceptions) {
  ThreadPerTaskExecutor threads({.max_live_threads = 2});
  auto answer = threads.submit([] { return 42; });
  auto failure = threads.submit([]() -> int { throw std::out_of_range("no such row"); });
  EXPECT_EQ(answer.get(), 42);
  EXPECT_THROW((void)failure.get(), std::out_of_range);
  threads.wait_all();  // handles carry their own exceptions: nothing to rethrow here
}

TEST(ThreadPerTask, wait_all_rethrows_the_first_exception_of_a_posted_task) {
  ThreadPerTaskExecutor threads({.max_live_threads = 1});
  threads.post([] { throw std::runtime_error("boom"); });
  EXPECT_THROW(threads.wait_all(), std::runtime_error);
  threads.post([] {});
  threads.wait_all();
}

TEST(ThreadPerTask, cancelling_wakes_a_submit_waiting_at_the_cap) {
  CancelToken token;
  BlockingQueue<int> never({.capacity = 1, .cancel = &token});
  ThreadPerTaskExecutor threads({.max_live_threads = 1, .cancel = &token});
  threads.post([&] { (void)never.get(); });  // holds the only slot until cancelled
  ASSERT_TRUE(eventually([&] { return never.waiting_getters() == 1; }));
  std::thread canceller([&] {
    std::this_thread::sleep_for(10ms);
    token.cancel();
  });
  EXPECT_THROW(threads.post([] {}), Cancelled);
  canceller.join();
  EXPECT_THROW(threads.wait_all(), Cancelled);
}

TEST(ThreadPerTask, each_thread_shows_its_start_up_cost_on_a_lane_per_slot) {
  SteadyClock clock;
  TraceRecorder recorder(clock);
  {
    ThreadPerTaskExecutor threads({.max_live_threads = 2, .trace = &recorder});
    for (int i = 0; i < 10; ++i) {
      threads.post([] {
        LaneState work(SpanState::running, "task", "thread.task");
        std::this_thread::sleep_for(500us);
      });
    }
    threads.wait_all();
  }
  const Trace trace = recorder.snapshot();
  ASSERT_GE(trace.lanes.size(), 1u);
  ASSERT_LE(trace.lanes.size(), 2u);  // lanes per slot, not per thread
  EXPECT_EQ(trace.lanes[0].name, "thread 1");
  std::size_t starts = 0;
  std::size_t tasks = 0;
  for (const Span& span : trace.spans) {
    starts += span.state == SpanState::starting;
    tasks += span.site == "thread.task";
  }
  // A thread that starts within the same microsecond records no span.
  EXPECT_GE(starts, 1u);
  EXPECT_LE(starts, 10u);
  EXPECT_EQ(tasks, 10u);
}

}  // namespace
}  // namespace playground
