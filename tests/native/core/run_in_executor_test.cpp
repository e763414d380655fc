#include "core/run_in_executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/loop_drivers.hpp"
#include "core/sleep.hpp"
#include "core/thread_pool.hpp"

namespace playground {
namespace {

constexpr micros ms = 1000;

// The smallest executor: one thread running posted jobs in order.
class OneThreadExecutor {
 public:
  OneThreadExecutor() : thread_([this] { work(); }) {}
  ~OneThreadExecutor() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
  }
  std::thread::id id() const { return thread_.get_id(); }

 private:
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      job = nullptr;  // drop the job's captures outside the lock
      lock.lock();
    }
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stop_ = false;
  std::thread thread_;  // last: starts after the members it uses
};

// Drops every job without running it, like a pool shut down or cancelled.
struct DroppingExecutor {
  void post(std::function<void()> job) { (void)job; }
};

TEST(RunInExecutor, returns_the_workers_result_while_the_loop_keeps_running_other_tasks) {
  SteadyClock clock;
  EventLoop loop({.clock = &clock});
  OneThreadExecutor executor;
  std::atomic<int> ticks{0};
  std::thread::id worked_on;
  int result = 0;
  auto ticker = [&]() -> Task<void> {
    for (int i = 0; i < 5; ++i) {
      co_await sleep(loop, 1 * ms);
      ticks.fetch_add(1, std::memory_order_release);
    }
  };
  auto offload = [&]() -> Task<void> {
    result = co_await run_in_executor(loop, executor, [&] {
      // Finishes only once the loop has ticked: proof that it was not blocked.
      while (ticks.load(std::memory_order_acquire) < 3) std::this_thread::sleep_for(std::chrono::microseconds(200));
      worked_on = std::this_thread::get_id();
      return 6 * 7;
    });
  };
  (void)loop.spawn(ticker(), "ticker");
  auto h = loop.spawn(offload(), "offload");
  run_blocking(loop);
  h.result();
  EXPECT_EQ(result, 42);
  EXPECT_EQ(worked_on, executor.id());
  EXPECT_EQ(ticks.load(), 5);
}

TEST(RunInExecutor, the_workers_exception_is_rethrown_in_the_awaiting_task) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  OneThreadExecutor executor;
  bool caught = false;
  auto task = [&]() -> Task<void> {
    try {
      co_await run_in_executor(loop, executor, []() -> void { throw std::domain_error("bad input"); });
    } catch (const std::domain_error&) {
      caught = true;
    }
  };
  (void)loop.spawn(task());
  run_virtual(loop, clock);  // waits (in real time) for the worker's post
  EXPECT_TRUE(caught);
  EXPECT_EQ(loop.external_pending(), 0u);
}

TEST(RunInExecutor, a_cancelled_awaiter_gets_cancelled_at_once_and_the_loop_waits_for_the_work) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  OneThreadExecutor executor;
  std::atomic<bool> release{false};
  std::atomic<bool> work_finished{false};
  bool cancelled = false;
  auto task = [&]() -> Task<void> {
    try {
      (void)co_await run_in_executor(loop, executor, [&] {
        while (!release.load(std::memory_order_acquire)) std::this_thread::yield();
        work_finished.store(true, std::memory_order_release);
        return 1;
      });
    } catch (const Cancelled&) {
      cancelled = true;
    }
    release.store(true, std::memory_order_release);  // only now may the worker finish
  };
  auto h = loop.spawn(task(), "offload");
  auto canceller = [&]() -> Task<void> {
    co_await sleep(loop, 10 * ms);
    h.cancel();
  };
  (void)loop.spawn(canceller());
  run_virtual(loop, clock);
  EXPECT_TRUE(cancelled);
  EXPECT_TRUE(work_finished.load());  // run_virtual returned only after the work came back
  EXPECT_EQ(loop.external_pending(), 0u);
}

TEST(RunInExecutor, a_job_the_executor_drops_resumes_the_task_with_cancelled) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  DroppingExecutor executor;
  auto task = [&]() -> Task<int> { co_return co_await run_in_executor(loop, executor, [] { return 1; }); };
  auto h = loop.spawn(task());
  run_virtual(loop, clock);
  EXPECT_TRUE(h.cancelled());
}

TEST(RunInExecutor, works_with_the_thread_pool) {
  SteadyClock clock;
  EventLoop loop({.clock = &clock});
  ThreadPool pool({.threads = 2});
  long total = 0;
  auto task = [&](int n) -> Task<long> {
    co_return co_await run_in_executor(loop, pool, [n] {
      long sum = 0;
      for (int i = 1; i <= n; ++i) sum += i;
      return sum;
    });
  };
  auto main_task = [&]() -> Task<void> {
    auto a = loop.spawn(task(1000));
    auto b = loop.spawn(task(2000));
    total = co_await a + co_await b;
  };
  auto h = loop.spawn(main_task());
  run_blocking(loop);
  h.result();
  EXPECT_EQ(total, 500500L + 2001000L);
}

}  // namespace
}  // namespace playground
