#include "lessons/event_loop/event_loop_lesson.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/event_loop.hpp"
#include "core/gather.hpp"
#include "core/loop_drivers.hpp"
#include "core/task.hpp"
#include "lessons/event_loop/direct_resume.hpp"
#include "run/lesson_support.hpp"
#include "run/rounds.hpp"

namespace playground::lessons::event_loop {

namespace {

const std::vector<std::string> kModes = {"coroutines", "direct-resume"};

// Enough tasks that the ready queue always holds many (as in a busy asyncio
// program), few enough that their frames stay small next to the actions.
constexpr std::int64_t kMaxTasks = 1000;

// A steady-state rate: after an unmeasured warm-up of up to this many
// actions (warm_up_request: so the code is compiled to the engine's fast
// tier and the allocator has its memory), this many measured rounds, of
// which the median is reported.
constexpr std::int64_t kWarmUpActions = 50000;
constexpr int kRounds = 5;

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

// One round of `total` actions by `tasks` tasks in `mode`; returns the actions made.
std::int64_t run_round(const std::string& mode, std::int64_t total, std::int64_t tasks, const RunContext& context,
                       std::uint64_t& resumes) {
  std::int64_t actions = 0;
  if (mode == "direct-resume") {
    actions = resume_directly(total, tasks, context.cancel);
    resumes = static_cast<std::uint64_t>(actions + tasks);  // each task: its turns, and one to finish
    return actions;
  }
  const SteadyClock loop_clock;
  EventLoop loop({.clock = &loop_clock, .trace = nullptr, .cancel = context.cancel});
  auto main = loop.spawn(run_actions(loop, total, tasks, actions), "main");
  run_blocking(loop);
  main.result();
  resumes = loop.stats().resumes;
  return actions;
}

class EventLoopLesson final : public Lesson {
 public:
  EventLoopLesson() : Lesson("event-loop", kModes) {}

  [[nodiscard]] std::optional<RunRequest> warm_up_request(const RunRequest& request) const override {
    RunRequest small = request;
    small.params["actions"] = std::min(param_int(request, "actions"), kWarmUpActions);
    return small;
  }

 private:
  [[nodiscard]] RunOutcome run_mode(const RunRequest& request, RunContext& context) const override {
    const std::int64_t total = param_int(request, "actions");
    const std::int64_t tasks = std::min(total, kMaxTasks);
    add_progress_total(context, kRounds);
    std::uint64_t resumes = 0;

    const LaneId lane = add_lane(context, request.mode == "coroutines" ? "event loop" : "caller", LaneKind::task);
    const char* site = request.mode == "coroutines" ? "event-loop.coroutines.turn" : "event-loop.direct-resume.turn";
    std::vector<double> round_ms;
    std::int64_t actions = 0;
    for (int round = 1; round <= kRounds; ++round) {
      // The actions run untraced (a span per action would measure the
      // recorder, not the loop); each round is one span.
      const micros trace_start = context.trace ? context.trace->now() : 0;
      const Stopwatch stopwatch;
      actions = run_round(request.mode, total, tasks, context, resumes);
      round_ms.push_back(stopwatch.elapsed_ms());
      count_progress(context);
      if (context.trace) {
        context.trace->record(lane, SpanState::running, trace_start, context.trace->now(),
                              "round " + std::to_string(round) + ": " + std::to_string(actions) + " actions by " +
                                  std::to_string(tasks) + " tasks",
                              site);
      }
    }
    const double wall_ms = median(round_ms);
    const auto rate = [&](double ms) { return ms > 0 ? static_cast<double>(actions) / (ms / 1000.0) : 0.0; };

    RunOutcome outcome;
    outcome.result = base_result(request, 1, wall_ms);
    outcome.result["actions"] = actions;
    outcome.result["tasks"] = tasks;
    outcome.result["resumes"] = resumes;
    outcome.result["rounds"] = kRounds;
    outcome.result["actions_per_s"] = rate(wall_ms);
    outcome.result["actions_per_s_range"] = {rate(*std::max_element(round_ms.begin(), round_ms.end())),
                                             rate(*std::min_element(round_ms.begin(), round_ms.end()))};
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
