#include "core/gil.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/blocking_queue.hpp"
#include "core/blocking_wait.hpp"
#include "core/thread_lane.hpp"
#include "core/thread_test_support.hpp"

namespace playground {
namespace {

using namespace std::chrono_literals;
using testing::burn;
using testing::eventually;

// Cancels `token` if the test has not finished in time, so a GIL that is
// never handed over fails the test (with Cancelled) instead of hanging it.
class Watchdog {
 public:
  explicit Watchdog(CancelToken& token, std::chrono::seconds limit = 30s)
      : thread_([this, &token, limit] {
          std::unique_lock lock(mutex_);
          if (!done_cv_.wait_for(lock, limit, [this] { return done_; })) token.cancel();
        }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::thread thread_;
};

TEST(Gil, a_switch_interval_that_is_not_positive_is_rejected) {
  EXPECT_THROW(Gil(GilOptions{.switch_interval_us = 0}), std::invalid_argument);
  EXPECT_THROW(Gil(GilOptions{.switch_interval_us = -5}), std::invalid_argument);
  EXPECT_EQ(Gil().switch_interval_us(), 5000);
}

TEST(Gil, interpreted_work_on_four_threads_is_serialised_by_the_gil) {
  // Plain ints, no atomics: the GIL alone makes this safe (and TSan agrees),
  // just as it does for `counter += 1` on CPython threads.
  Gil gil({.switch_interval_us = 200});
  long counter = 0;
  int inside = 0;
  int most_inside = 0;
  constexpr int kThreads = 4;
  constexpr int kRounds = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      GilHold hold(&gil);
      for (int i = 0; i < kRounds; ++i) {
        ++inside;
        most_inside = std::max(most_inside, inside);
        ++counter;
        --inside;
        gil_checkpoint();  // may hand over here, between rounds
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter, long{kThreads} * kRounds);
  EXPECT_EQ(most_inside, 1);
  EXPECT_GE(gil.stats().acquisitions, static_cast<std::uint64_t>(kThreads));
}

TEST(Gil, the_holder_keeps_the_gil_while_nobody_waits) {
  Gil gil({.switch_interval_us = 100});
  {
    GilHold hold(&gil);
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < 20ms) gil_checkpoint();
  }
  const GilStats stats = gil.stats();
  EXPECT_EQ(stats.acquisitions, 1u);
  EXPECT_EQ(stats.drop_requests, 0u);
  EXPECT_EQ(stats.forced_switches, 0u);
}

TEST(Gil, a_waiting_thread_asks_and_the_holder_hands_over_at_its_next_checkpoint) {
  Gil gil({.switch_interval_us = 1000});
  CancelToken watchdog_token;
  Watchdog watchdog(watchdog_token);
  std::atomic<bool> holder_ready{false};
  std::atomic<bool> waiter_got_it{false};
  std::atomic<bool> holder_loop_over{false};
  bool holder_saw_waiter = false;
  std::thread holder([&] {
    GilHold hold(&gil);
    holder_ready = true;
    // CPU-bound and never blocking: only the drop request gets the GIL out.
    while (!waiter_got_it && !watchdog_token.cancelled()) gil_checkpoint();
    holder_saw_waiter = waiter_got_it;
    holder_loop_over = true;
  });
  ASSERT_TRUE(eventually([&] { return holder_ready.load(); }));
  bool loop_was_running = false;
  {
    GilHold hold(&gil);
    loop_was_running = !holder_loop_over;
    waiter_got_it = true;
  }
  holder.join();
  EXPECT_TRUE(loop_was_running) << "the waiter only got the GIL after the holder's loop ended";
  EXPECT_TRUE(holder_saw_waiter);
  const GilStats stats = gil.stats();
  EXPECT_GE(stats.drop_requests, 1u);
  EXPECT_GE(stats.forced_switches, 1u);
  EXPECT_GE(stats.handoffs, 2u);
}

TEST(Gil, a_long_switch_interval_lets_the_holder_run_until_it_releases) {
  Gil gil({.switch_interval_us = 60'000'000});  // a minute: nobody asks in time
  std::atomic<bool> holder_ready{false};
  std::atomic<bool> holder_done{false};
  std::thread holder([&] {
    GilHold hold(&gil);
    holder_ready = true;
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < 50ms) gil_checkpoint();
    holder_done = true;
  });
  ASSERT_TRUE(eventually([&] { return holder_ready.load(); }));
  bool holder_had_finished = false;
  {
    GilHold hold(&gil);
    holder_had_finished = holder_done;
  }
  holder.join();
  EXPECT_TRUE(holder_had_finished);
  EXPECT_EQ(gil.stats().forced_switches, 0u);
}

TEST(Gil, two_cpu_bound_threads_take_turns_when_each_asks_for_the_gil) {
  // How often they switch depends on the interval *and* on the machine's load
  // (a waiter whose timer fired still needs a core to ask), so this checks
  // that they alternate, not how many times per second.
  Gil gil({.switch_interval_us = 1000});
  constexpr std::uint64_t kSwitches = 10;
  std::vector<int> turns(2, 0);
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      GilHold hold(&gil);
      while (gil.stats().forced_switches < kSwitches && std::chrono::steady_clock::now() - start < 30s) {
        const std::uint64_t before = gil.stats().acquisitions;
        gil_checkpoint();
        // Acquisitions moved on during the checkpoint: we handed over and came back.
        if (gil.stats().acquisitions != before) ++turns[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& t : threads) t.join();
  const GilStats stats = gil.stats();
  EXPECT_GE(stats.forced_switches, kSwitches);
  EXPECT_GE(stats.drop_requests, stats.forced_switches);
  EXPECT_GE(turns[0], 3);
  EXPECT_GE(turns[1], 3);
}

TEST(Gil, simulated_io_releases_the_gil_while_it_waits) {
  Gil gil({.switch_interval_us = 60'000'000});  // hand-over can only come from the release
  std::atomic<bool> sleeper_holds{false};
  std::atomic<bool> sleeper_done{false};
  std::thread sleeper([&] {
    GilHold hold(&gil);
    sleeper_holds = true;
    thread_sleep(200'000);  // 200 ms of "I/O"
    sleeper_done = true;    // only after taking the GIL back
  });
  ASSERT_TRUE(eventually([&] { return sleeper_holds.load(); }));
  bool got_it_during_the_sleep = false;
  {
    GilHold hold(&gil);
    // The sleeper cannot have finished: it needs the GIL we now hold.
    got_it_during_the_sleep = !sleeper_done;
  }
  sleeper.join();
  EXPECT_TRUE(got_it_during_the_sleep);
  EXPECT_TRUE(sleeper_done);
}

TEST(Gil, blocking_on_a_queue_releases_the_gil) {
  CancelToken token;
  Watchdog watchdog(token);
  Gil gil({.switch_interval_us = 60'000'000, .cancel = &token});
  BlockingQueue<int> queue({.capacity = 1, .cancel = &token});
  std::optional<int> received;
  std::thread consumer([&] {
    GilHold hold(&gil);
    received = queue.get();  // blocks with the GIL released
  });
  ASSERT_TRUE(eventually([&] { return queue.waiting_getters() == 1; }));
  {
    GilHold hold(&gil);  // would wait for a minute if the consumer still held it
    EXPECT_TRUE(queue.put(42));
  }
  consumer.join();
  EXPECT_FALSE(token.cancelled());
  EXPECT_EQ(received, 42);
}

TEST(Gil, cancelling_wakes_a_thread_waiting_for_the_gil) {
  CancelToken token;
  Gil gil({.switch_interval_us = 60'000'000, .cancel = &token});
  GilHold held(&gil);  // this thread holds it and never checks in
  std::atomic<bool> cancelled{false};
  std::thread waiter([&] {
    try {
      GilHold hold(&gil);
    } catch (const Cancelled&) {
      cancelled = true;
    }
  });
  std::this_thread::sleep_for(20ms);
  token.cancel();
  waiter.join();
  EXPECT_TRUE(cancelled);
}

TEST(Gil, a_nested_hold_of_the_same_gil_is_a_no_op) {
  Gil gil;
  GilHold outer(&gil);
  {
    GilHold inner(&gil);  // would deadlock if it tried to take the GIL again
    EXPECT_EQ(GilHold::current(), &outer);
  }
  EXPECT_TRUE(outer.held());
  EXPECT_EQ(gil.stats().acquisitions, 1u);
}

TEST(Gil, waiting_for_the_gil_shows_on_the_waiting_threads_lane) {
  SteadyClock clock;
  TraceRecorder recorder(clock);
  const LaneId lane_id = recorder.add_lane("waiter", LaneKind::thread);
  Gil gil({.switch_interval_us = 500});
  std::atomic<bool> holder_ready{false};
  std::atomic<bool> waiter_done{false};
  std::thread holder([&] {
    GilHold hold(&gil);
    holder_ready = true;
    while (!waiter_done) gil_checkpoint();
  });
  ASSERT_TRUE(eventually([&] { return holder_ready.load(); }));
  std::thread waiter([&] {
    ThreadLane lane(&recorder, lane_id);
    lane.set(SpanState::running, "work");
    GilHold hold(&gil, "gil.take");
    waiter_done = true;
  });
  waiter.join();
  holder.join();
  const auto waits = testing::spans_of(recorder.snapshot(), lane_id, SpanState::waiting_for_gil);
  ASSERT_EQ(waits.size(), 1u);
  EXPECT_EQ(waits[0].site, "gil.take");
  EXPECT_GT(waits[0].end_us, waits[0].start_us);
}

// The measured effect the course teaches: with the GIL, four CPU-bound
// threads take (at least about) the serial time; without it they run in
// parallel. Timings from a loaded machine: each figure is the best of
// several interleaved runs.
double best_of(int runs, const std::function<void()>& body) {
  double best = 1e9;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    body();
    best = std::min(best, testing::seconds_since(start));
  }
  return best;
}

void run_on_threads(int threads, std::uint64_t iterations_each, Gil* gil) {
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([=] {
      GilHold hold(gil);
      volatile std::uint64_t sink = burn(iterations_each);
      (void)sink;
    });
  }
  for (auto& w : workers) w.join();
}

// CPU seconds used by the whole process so far.
double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// True when other processes keep every core busy: wall-clock comparisons
// then measure the scheduler, not the GIL.
bool machine_busy(double* load_out) {
  double load[1] = {0};
  *load_out = getloadavg(load, 1) == 1 ? load[0] : 0;
  return *load_out >= std::thread::hardware_concurrency();
}

TEST(Gil, with_the_gil_four_cpu_bound_threads_never_use_more_than_one_core) {
  // Holds on any machine, however loaded: load can only lower the CPU time
  // a run gets per second of wall time, never raise it.
  if (PLAYGROUND_SANITIZED) GTEST_SKIP() << "timing is checked in the plain build";
  const std::uint64_t each = testing::iterations_for(40ms);
  Gil gil;
  const double cpu_start = process_cpu_seconds();
  const auto wall_start = std::chrono::steady_clock::now();
  run_on_threads(4, each, &gil);
  const double wall = testing::seconds_since(wall_start);
  const double cpu = process_cpu_seconds() - cpu_start;
  // "At least 0.85x the serial time": the serial time is the CPU time the
  // work needs, so wall >= 0.85 * cpu.
  EXPECT_GE(wall, 0.85 * cpu) << "cpu " << cpu << " s in " << wall << " s of wall time";
  EXPECT_GT(gil.stats().handoffs, 1u);
}

TEST(Gil, four_cpu_bound_threads_with_the_gil_take_at_least_the_serial_time) {
  if (PLAYGROUND_SANITIZED) GTEST_SKIP() << "timing is checked in the plain build";
  constexpr int kThreads = 4;
  const std::uint64_t each = testing::iterations_for(40ms);
  Gil gil;  // default 5 ms switch interval
  double serial = 1e9;
  double with_gil = 1e9;
  for (int round = 0; round < 3; ++round) {
    serial = std::min(serial, best_of(1, [&] { run_on_threads(1, each * kThreads, nullptr); }));
    with_gil = std::min(with_gil, best_of(1, [&] { run_on_threads(kThreads, each, &gil); }));
  }
  double load = 0;
  if (with_gil < 0.85 * serial && machine_busy(&load)) {
    GTEST_SKIP() << "machine busy (load " << load << "): serial " << serial << " s vs GIL " << with_gil
                 << " s measures the scheduler; the CPU-time test above still holds";
  }
  EXPECT_GE(with_gil, 0.85 * serial) << "serial " << serial << " s, 4 threads with the GIL " << with_gil << " s";
  EXPECT_GT(gil.stats().forced_switches, 0u);
}

TEST(Gil, without_the_gil_cpu_bound_threads_run_in_parallel) {
  if (PLAYGROUND_SANITIZED) GTEST_SKIP() << "timing is checked in the plain build";
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "one core: nothing to run in parallel on";
  constexpr int kThreads = 4;
  const std::uint64_t each = testing::iterations_for(40ms);
  // Other processes may hold a core for a while: pass on the best of up to
  // eight interleaved attempts. 2 free cores give about 2x; ask only for
  // clearly more than 1 (the benchmark reports the real figure).
  double best_speedup = 0;
  for (int attempt = 0; attempt < 8 && best_speedup < 1.15; ++attempt) {
    const double serial = best_of(1, [&] { run_on_threads(1, each * kThreads, nullptr); });
    const double parallel = best_of(1, [&] { run_on_threads(kThreads, each, nullptr); });
    best_speedup = std::max(best_speedup, serial / parallel);
  }
  double load = 0;
  if (best_speedup < 1.15 && machine_busy(&load)) {
    GTEST_SKIP() << "machine busy (load " << load << "): no core was free to show a parallel speed-up (best "
                 << best_speedup << "x); BM_GilEffect measures it";
  }
  EXPECT_GE(best_speedup, 1.15);
}

}  // namespace
}  // namespace playground
