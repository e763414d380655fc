#include "lessons/event_loop/event_loop_lesson.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/event_loop.hpp"
#include "core/gather.hpp"
#include "core/loop_drivers.hpp"
#include "core/task.hpp"
#include "run/lesson_support.hpp"

namespace playground::lessons::event_loop {

namespace {

const std::vector<std::string> kModes = {"coroutines"};

// Enough tasks that the ready queue always holds many (as in a busy asyncio
// program), few enough that their frames stay small next to the actions.
constexpr std::int64_t kMaxTasks = 1000;

// [excerpt event-loop.coroutines]
// A task that only hands control back to the loop, `turns` times. Each turn
// is one loop action: suspend, wait in the ready queue, be resumed. Nothing
// else happens, so the time measured is the loop's own overhead.
Task<void> take_turns(EventLoop& loop, std::int64_t turns, std::int64_t& actions) {
  for (std::int64_t turn = 0; turn < turns; ++turn) {
    co_await yield(loop);  // asyncio.sleep(0)  @site event-loop.coroutines.turn
    ++actions;
  }
}

// The actions shared out over `tasks` tasks that all run at once.
Task<void> run_actions(EventLoop& loop, std::int64_t total, std::int64_t tasks, std::int64_t& actions) {
  std::vector<Task<void>> turns;
  for (std::int64_t t = 0; t < tasks; ++t) {
    turns.push_back(take_turns(loop, total / tasks + (t < total % tasks ? 1 : 0), actions));
  }
  co_await gather(loop, std::move(turns));
}
// [/excerpt]

class EventLoopLesson final : public Lesson {
 public:
  EventLoopLesson() : Lesson("event-loop", kModes) {}

 private:
  [[nodiscard]] RunOutcome run_mode(const RunRequest& request, RunContext& context) const override {
    const std::int64_t total = param_int(request, "actions");
    const std::int64_t tasks = std::min(total, kMaxTasks);
    add_progress_total(context, 1);

    const SteadyClock loop_clock;
    EventLoop loop({.clock = &loop_clock, .trace = nullptr, .cancel = context.cancel});
    const LaneId lane = add_lane(context, "event loop", LaneKind::task);
    const micros trace_start = context.trace ? context.trace->now() : 0;
    std::int64_t actions = 0;

    const Stopwatch stopwatch;
    auto main = loop.spawn(run_actions(loop, total, tasks, actions), "main");
    run_blocking(loop);
    main.result();
    const double wall_ms = stopwatch.elapsed_ms();
    count_progress(context);
    if (context.trace) {
      context.trace->record(lane, SpanState::running, trace_start, context.trace->now(),
                            std::to_string(actions) + " actions by " + std::to_string(tasks) + " tasks",
                            "event-loop.coroutines.turn");
    }

    RunOutcome outcome;
    outcome.result = base_result(request, 1, wall_ms);
    outcome.result["actions"] = actions;
    outcome.result["tasks"] = tasks;
    outcome.result["resumes"] = loop.stats().resumes;
    outcome.result["actions_per_s"] = wall_ms > 0 ? static_cast<double>(actions) / (wall_ms / 1000.0) : 0.0;
    outcome.result["us_per_action"] = actions > 0 ? wall_ms * 1000.0 / static_cast<double>(actions) : 0.0;
    return outcome;
  }
};

}  // namespace

const Lesson& lesson() {
  static const EventLoopLesson lesson;
  return lesson;
}

}  // namespace playground::lessons::event_loop
