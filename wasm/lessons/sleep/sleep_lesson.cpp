#include "lessons/sleep/sleep_lesson.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/blocking_wait.hpp"
#include "core/event_loop.hpp"
#include "core/gather.hpp"
#include "core/loop_drivers.hpp"
#include "core/sleep.hpp"
#include "core/task.hpp"
#include "core/thread_lane.hpp"
#include "core/wait_first.hpp"
#include "run/lesson_support.hpp"
#include "run/runners.hpp"
#if PLAYGROUND_HAS_THREADS
#include "core/gil.hpp"
#include "core/thread_pool.hpp"
#endif

namespace playground::lessons::sleep {

using playground::sleep;  // the coroutine sleep (core/sleep.hpp), not this lesson's namespace

namespace {

const std::vector<std::string> kModes = {"serial", "threads", "coroutines", "first-completed"};

// The two waits, already scaled by time_scale.
struct Waits {
  micros first_us = 0;
  micros second_us = 0;
};

Waits read_waits(const RunRequest& request) {
  return {scaled_delay_us(request, static_cast<double>(param_int(request, "first_ms"))),
          scaled_delay_us(request, static_cast<double>(param_int(request, "second_ms")))};
}

// [excerpt sleep.serial]
// One thread, two waits, one after the other: the times add up.
void sleep_serial(const Waits& waits, CancelToken* cancel) {
  thread_sleep(waits.first_us, cancel, "first wait", "sleep.serial.wait");
  thread_sleep(waits.second_us, cancel, "second wait", "sleep.serial.wait");
}
// [/excerpt]

#if PLAYGROUND_HAS_THREADS
// [excerpt sleep.threads]
// Each wait on a pool thread. Both threads wait at the same time, so the run
// takes as long as the longer wait (given at least two threads).
void sleep_threads(const Waits& waits, ThreadPool& pool, CancelToken* cancel) {
  auto first = pool.submit([&] { thread_sleep(waits.first_us, cancel, "first wait", "sleep.threads.wait"); });
  auto second = pool.submit([&] { thread_sleep(waits.second_us, cancel, "second wait", "sleep.threads.wait"); });
  first.get();
  second.get();
}
// [/excerpt]
#endif

// How a wait ended, as its task saw it: the result reports it.
struct WaitOutcome {
  bool finished = false;
  bool cancelled = false;
};

// [excerpt sleep.coroutines, sleep.first-completed]
// A coroutine that waits: while it sleeps, the loop runs other tasks.
Task<void> wait_for(EventLoop& loop, micros duration, WaitOutcome& outcome) {
  try {
    co_await sleep(loop, duration);
  } catch (const Cancelled&) {
    outcome.cancelled = true;  // wait_first cancelled us: we lost
    throw;
  }
  outcome.finished = true;
}
// [/excerpt]

// [excerpt sleep.coroutines]
// Both waits as tasks on one thread, gathered: they overlap, so the run
// takes as long as the longer one.
Task<void> both_waits(EventLoop& loop, Waits waits, WaitOutcome (&outcomes)[2]) {
  co_await gather(loop, wait_for(loop, waits.first_us, outcomes[0]), wait_for(loop, waits.second_us, outcomes[1]));
}
// [/excerpt]

// [excerpt sleep.first-completed]
// Whichever wait ends first wins; wait_first cancels the other one, so
// nothing keeps running after the answer is known.
Task<std::size_t> first_of_two_waits(EventLoop& loop, Waits waits, WaitOutcome (&outcomes)[2]) {
  std::vector<Task<void>> both;
  both.push_back(wait_for(loop, waits.first_us, outcomes[0]));
  both.push_back(wait_for(loop, waits.second_us, outcomes[1]));
  const FirstCompleted<void> first = co_await wait_first(loop, std::move(both));
  co_return first.index;
}
// [/excerpt]

class SleepLesson final : public Lesson {
 public:
  SleepLesson() : Lesson("sleep", kModes) {}

 private:
  [[nodiscard]] RunOutcome run_mode(const RunRequest& request, RunContext& context) const override {
    const Waits waits = read_waits(request);
    if (request.mode == "threads") require_threads(request);
    add_progress_total(context, 1);

    const Stopwatch stopwatch;
    RunOutcome outcome;
    int threads = 1;
    micros predicted = std::max(waits.first_us, waits.second_us);
    WaitOutcome outcomes[2];
    if (request.mode == "serial") {
      predicted = waits.first_us + waits.second_us;
      ThreadLane lane(context.trace, add_lane(context, "main", LaneKind::thread));
      sleep_serial(waits, context.cancel);
    } else if (request.mode == "threads") {
      threads = run_threads(request, context, waits);
      if (threads < 2) predicted = waits.first_us + waits.second_us;
    } else {
      run_coroutines(request, context, waits, outcomes);
      if (request.mode == "first-completed") predicted = std::min(waits.first_us, waits.second_us);
    }
    const double wall_ms = stopwatch.elapsed_ms();
    count_progress(context);

    outcome.result = base_result(request, threads, wall_ms);
    outcome.result["first_ms"] = static_cast<double>(waits.first_us) / 1000.0;
    outcome.result["second_ms"] = static_cast<double>(waits.second_us) / 1000.0;
    outcome.result["predicted_ms"] = static_cast<double>(predicted) / 1000.0;
    if (request.mode == "first-completed") {
      // As the tasks saw it: which wait completed, and which was cancelled.
      const auto describe = [](const WaitOutcome& o) {
        return o.finished ? "finished" : o.cancelled ? "cancelled" : "unknown";
      };
      outcome.result["first"] = describe(outcomes[0]);
      outcome.result["second"] = describe(outcomes[1]);
      outcome.result["finished"] = outcomes[0].finished ? "first" : "second";
      outcome.result["cancelled"] = outcomes[0].cancelled ? "first" : outcomes[1].cancelled ? "second" : "none";
    }
    return outcome;
  }

 private:
  // Returns the number of threads used. With the GIL on, the pool's threads
  // run holding it, and a wait for I/O lets it go: the GIL does not slow
  // waiting down.
  static int run_threads(const RunRequest& request, RunContext& context, const Waits& waits) {
    return run_on_thread_pool(request, context, [&](auto& pool, auto*) { sleep_threads(waits, pool, context.cancel); });
  }

  static void run_coroutines(const RunRequest& request, RunContext& context, const Waits& waits,
                             WaitOutcome (&outcomes)[2]) {
    if (request.mode == "coroutines") {
      run_on_event_loop(context, [&](EventLoop& loop) { return both_waits(loop, waits, outcomes); });
    } else {
      (void)run_on_event_loop(context, [&](EventLoop& loop) { return first_of_two_waits(loop, waits, outcomes); });
    }
  }
};

}  // namespace

const Lesson& lesson() {
  static const SleepLesson lesson;
  return lesson;
}

}  // namespace playground::lessons::sleep
