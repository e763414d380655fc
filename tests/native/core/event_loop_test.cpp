#include "core/event_loop.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/loop_drivers.hpp"
#include "core/shared_lane_support.hpp"
#include "core/sleep.hpp"

namespace playground {
namespace {

constexpr micros ms = 1000;

TEST(EventLoop, requires_a_clock) { EXPECT_THROW(EventLoop({.clock = nullptr}), std::invalid_argument); }

TEST(EventLoop, step_is_pure_and_reports_the_next_deadline) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  auto sleeper = [&]() -> Task<void> { co_await sleep(loop, 500 * ms); };
  auto h = loop.spawn(sleeper(), "sleeper");

  StepResult r = loop.step();
  EXPECT_TRUE(r.did_work);
  ASSERT_TRUE(r.next_deadline.has_value());
  EXPECT_EQ(*r.next_deadline, 500 * ms);
  EXPECT_FALSE(r.finished);

  r = loop.step();  // nothing is due: nothing happens, and nothing waits
  EXPECT_FALSE(r.did_work);
  EXPECT_EQ(r.next_deadline, std::optional<micros>(500 * ms));

  clock.advance_to(499 * ms);
  EXPECT_FALSE(loop.step().did_work);
  clock.advance_to(500 * ms);
  r = loop.step();
  EXPECT_TRUE(r.did_work);
  EXPECT_TRUE(r.finished);
  EXPECT_FALSE(r.next_deadline.has_value());
  EXPECT_TRUE(h.done());
}

TEST(EventLoop, ready_tasks_run_in_fifo_order) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  std::vector<int> order;
  auto worker = [&](int id) -> Task<void> {
    order.push_back(id);
    co_await yield(loop);
    order.push_back(10 + id);
  };
  for (int i = 0; i < 4; ++i) (void)loop.spawn(worker(i), "w" + std::to_string(i));
  run_virtual(loop, clock);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 10, 11, 12, 13}));
}

TEST(EventLoop, sleeping_tasks_wake_in_deadline_order_and_ties_in_the_order_they_slept) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  std::vector<std::pair<int, micros>> woke;
  auto sleeper = [&](int id, micros delay) -> Task<void> {
    co_await sleep(loop, delay);
    woke.emplace_back(id, clock.now_us());
  };
  (void)loop.spawn(sleeper(0, 300 * ms));
  (void)loop.spawn(sleeper(1, 100 * ms));
  (void)loop.spawn(sleeper(2, 200 * ms));
  (void)loop.spawn(sleeper(3, 100 * ms));
  run_virtual(loop, clock);
  const std::vector<std::pair<int, micros>> expected{{1, 100 * ms}, {3, 100 * ms}, {2, 200 * ms}, {0, 300 * ms}};
  EXPECT_EQ(woke, expected);
  EXPECT_EQ(loop.stats().timers_fired, 4u);
}

TEST(EventLoop, a_step_runs_only_what_was_ready_when_it_began) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  int spins = 0;
  bool stop = false;
  auto spinner = [&]() -> Task<void> {
    while (!stop) {
      ++spins;
      co_await yield(loop);
    }
  };
  (void)loop.spawn(spinner(), "spinner");
  for (int i = 0; i < 5; ++i) {
    const StepResult r = loop.step();
    EXPECT_EQ(r.next_deadline, std::optional<micros>(0));  // work is ready: step again now
  }
  EXPECT_EQ(spins, 5);  // one turn per step: a yielding task cannot starve timers and posts
  stop = true;
  EXPECT_TRUE(loop.step().finished);
}

TEST(EventLoop, cancelling_a_sleeping_task_wakes_it_at_once_and_runs_its_cleanup) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  bool cleaned_up = false;
  bool completed = false;
  micros cancelled_at = -1;
  struct Cleanup {
    bool* flag;
    ~Cleanup() { *flag = true; }
  };
  auto sleeper = [&]() -> Task<void> {
    Cleanup cleanup{&cleaned_up};
    try {
      co_await sleep(loop, 10'000 * ms);
    } catch (const Cancelled&) {
      cancelled_at = clock.now_us();
      throw;
    }
    completed = true;
  };
  auto victim = loop.spawn(sleeper(), "victim");
  auto canceller = [&]() -> Task<void> {
    co_await sleep(loop, 250 * ms);
    victim.cancel();
  };
  (void)loop.spawn(canceller(), "canceller");
  run_virtual(loop, clock);
  EXPECT_TRUE(cleaned_up);
  EXPECT_FALSE(completed);
  EXPECT_EQ(cancelled_at, 250 * ms);
  EXPECT_EQ(clock.now_us(), 250 * ms);  // the 10 s timer left the heap: time never went there
  EXPECT_TRUE(victim.cancelled());
  EXPECT_THROW(victim.result(), Cancelled);
}

TEST(EventLoop, a_task_cancelled_before_it_suspends_gets_cancelled_at_its_next_wait) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  int reached = 0;
  auto task = [&]() -> Task<void> {
    reached = 1;
    co_await sleep(loop, 5 * ms);
    reached = 2;
  };
  auto h = loop.spawn(task(), "t");
  h.cancel();  // not started yet
  run_virtual(loop, clock);
  EXPECT_EQ(reached, 1);
  EXPECT_TRUE(h.cancelled());
  EXPECT_EQ(clock.now_us(), 0);
}

TEST(EventLoop, cancelling_the_token_cancels_every_task_and_the_driver_throws_cancelled) {
  VirtualClock clock;
  CancelToken token;
  EventLoop loop({.clock = &clock, .cancel = &token});
  int cancelled = 0;
  auto sleeper = [&](micros d) -> Task<void> {
    try {
      co_await sleep(loop, d);
    } catch (const Cancelled&) {
      ++cancelled;
      throw;
    }
  };
  auto trigger = [&]() -> Task<void> {
    co_await sleep(loop, 100 * ms);
    token.cancel();
  };
  (void)loop.spawn(sleeper(1000 * ms));
  (void)loop.spawn(sleeper(2000 * ms));
  (void)loop.spawn(trigger());
  EXPECT_THROW(run_virtual(loop, clock), Cancelled);
  EXPECT_EQ(cancelled, 2);
  EXPECT_EQ(clock.now_us(), 100 * ms);
  EXPECT_EQ(loop.live_tasks(), 0u);
}

TEST(EventLoop, trace_records_running_and_sleep_spans_on_each_tasks_lane) {
  VirtualClock clock;
  TraceRecorder trace(clock);
  EventLoop loop({.clock = &clock, .trace = &trace});
  auto sleeper = [&](micros d) -> Task<void> { co_await sleep(loop, d); };
  auto a = loop.spawn(sleeper(800 * ms), "a");
  auto b = loop.spawn(sleeper(900 * ms), "b");
  run_virtual(loop, clock);

  const Trace t = trace.snapshot();
  ASSERT_EQ(t.lanes.size(), 2u);
  EXPECT_EQ(t.lanes[static_cast<std::size_t>(a.lane())].name, "a");
  EXPECT_EQ(t.lanes[static_cast<std::size_t>(b.lane())].kind, LaneKind::task);
  int sleeps = 0;
  int runs = 0;
  for (const Span& s : t.spans) {
    if (s.state == SpanState::waiting_on_io) {
      ++sleeps;
      EXPECT_EQ(s.site, "loop.sleep");
      EXPECT_EQ(s.start_us, 0);
      EXPECT_EQ(s.end_us, s.lane == a.lane() ? 800 * ms : 900 * ms);
      EXPECT_EQ(s.label, s.lane == a.lane() ? "sleep 800 ms" : "sleep 900 ms");
    } else if (s.state == SpanState::running) {
      ++runs;
      EXPECT_EQ(s.site, "loop.run");
    }
  }
  EXPECT_EQ(sleeps, 2);
  EXPECT_EQ(runs, 4);  // each task: once to start, once after its sleep
}

TEST(EventLoop, tasks_spawned_with_a_lane_pool_share_as_many_lanes_as_were_alive_at_once) {
  VirtualClock clock;
  TraceRecorder trace(clock);
  EventLoop loop({.clock = &clock, .trace = &trace});
  // Eight jobs {start, length} in ms: at most three are alive at once (30..35 ms).
  const std::vector<std::pair<micros, micros>> jobs = {{0, 12},  {5, 30}, {20, 15}, {30, 10},
                                                       {41, 20}, {50, 5}, {70, 3},  {72, 8}};
  auto job = [&](micros length) -> Task<void> { co_await sleep(loop, length * ms, "work"); };
  auto spawner = [&]() -> Task<void> {
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      co_await sleep(loop, jobs[i].first * ms - loop.now());
      (void)loop.spawn(job(jobs[i].second), "job " + std::to_string(i + 1), "worker");
    }
  };
  (void)loop.spawn(spawner(), "spawner");
  run_virtual(loop, clock);

  const Trace t = trace.snapshot();
  std::vector<std::string> names;
  for (const Lane& lane : t.lanes) names.push_back(lane.name);
  EXPECT_EQ(names, (std::vector<std::string>{"spawner", "worker 1", "worker 2", "worker 3"}));
  // One task at a time on a lane, and every span names its task.
  EXPECT_EQ(testing::first_overlap_on_shared_lanes(t, "worker "), "");
  int work_spans = 0;
  for (const Span& s : t.spans) {
    if (s.lane == 0) continue;
    EXPECT_EQ(s.label.rfind("job ", 0), 0u) << s.label;
    if (s.state == SpanState::waiting_on_io) {
      ++work_spans;
      const auto i = std::stoul(s.label.substr(4)) - 1;
      EXPECT_EQ(s.label, "job " + std::to_string(i + 1) + ": work");
      EXPECT_EQ(s.start_us, jobs[i].first * ms);
    }
  }
  EXPECT_EQ(work_spans, 8);
}

TEST(EventLoop, stats_count_steps_resumes_and_spawns) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  auto yielder = [&](int n) -> Task<void> {
    for (int i = 0; i < n; ++i) co_await yield(loop);
  };
  (void)loop.spawn(yielder(10));
  (void)loop.spawn(yielder(10));
  run_virtual(loop, clock);
  EXPECT_EQ(loop.stats().spawned, 2u);
  EXPECT_EQ(loop.stats().finished, 2u);
  EXPECT_EQ(loop.stats().resumes, 22u);  // 2 starts + 2 x 10 yields
  EXPECT_EQ(loop.stats().steps, 11u);
}

TEST(EventLoop, post_threadsafe_runs_the_function_on_the_loop_thread_at_the_next_step) {
  VirtualClock clock;
  EventLoop loop({.clock = &clock});
  std::thread::id ran_on;
  std::thread poster([&] { loop.post_threadsafe([&] { ran_on = std::this_thread::get_id(); }); });
  poster.join();
  EXPECT_TRUE(loop.wait_for_wakeup(std::nullopt));  // a post is waiting: returns at once
  const StepResult r = loop.step();
  EXPECT_TRUE(r.did_work);
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  EXPECT_EQ(loop.stats().posts, 1u);
}

TEST(EventLoop, destroying_the_loop_frees_the_frames_of_unfinished_tasks) {
  VirtualClock clock;
  bool cleaned_up = false;
  struct Cleanup {
    bool* flag;
    ~Cleanup() { *flag = true; }
  };
  TaskHandle<void> handle;
  {
    EventLoop loop({.clock = &clock});
    auto sleeper = [&](EventLoop& l) -> Task<void> {
      Cleanup c{&cleaned_up};
      co_await sleep(l, 1000 * ms);
    };
    handle = loop.spawn(sleeper(loop), "sleeper");
    (void)loop.step();
    EXPECT_FALSE(cleaned_up);
  }
  EXPECT_TRUE(cleaned_up);  // and ASan sees no leak
  EXPECT_TRUE(handle.done());
  EXPECT_TRUE(handle.cancelled());
}

}  // namespace
}  // namespace playground
