#include "lessons/server_load/server_load.hpp"

#include <string>
#include <vector>

#include "core/trace.hpp"
#include "lessons/server_load/request_plan.hpp"
#include "lessons/server_load/results.hpp"
#include "lessons/server_load/server_processes.hpp"
#include "lessons/server_load/servers.hpp"
#include "processes/parent.hpp"
#include "run/lesson_support.hpp"

namespace playground::lessons::server_load {

namespace {

const std::vector<std::string> kModes = {"sync",       "threads",         "thread-per-request",
                                         "coroutines", "coroutines-pool", "processes"};

class ServerLoadLesson final : public Lesson {
 public:
  ServerLoadLesson() : Lesson("server-load", kModes) {}

  [[nodiscard]] const processes::ProcessesMode* processes_mode() const override { return &in_processes(); }

 private:
  [[nodiscard]] RunOutcome run_mode(const RunRequest& request, RunContext& context) const override {
    if (request.mode == "processes") return processes::run_in_child_processes(*this, request, context);
    if (request.mode != "sync" && request.mode != "coroutines") require_threads(request);
    const RequestShape shape = shape_of(request);
    const std::vector<micros> arrivals = arrivals_of(request);
    const SteadyClock own_clock;
    const Clock& clock = context.trace != nullptr ? context.trace->clock() : own_clock;

    const Stopwatch stopwatch;
    AcceptQueue queue({.arrivals_us = arrivals,
                       .backlog = static_cast<int>(param_int(request, "backlog")),
                       .clock = &clock,
                       .context = &context,
                       .on_settled = {}});
    nlohmann::json extra = nlohmann::json::object();
    int threads = 1;
    if (request.mode == "sync") {
      run_sync(queue, shape, context);
    } else if (request.mode == "threads") {
      threads = run_thread_pool(queue, shape, request, context).servers;
    } else if (request.mode == "thread-per-request") {
      const ThreadServerInfo info = run_thread_per_request(queue, shape, request, context);
      threads = info.servers;
      extra = {{"peak_live_threads", info.peak_live}, {"cap_waits", info.cap_waits}, {"cap_note", info.cap_note}};
    } else if (request.mode == "coroutines") {
      run_coroutines(queue, shape, context);
    } else {
      threads = run_coroutines_with_pool(queue, shape, request, context);
    }
    const double wall_ms = stopwatch.elapsed_ms();

    RunOutcome outcome;
    outcome.result = base_result(request, threads, wall_ms);
    outcome.result.update(describe_requests(queue.records(), wall_ms, window_s_of(request), cpu_ms_of(request),
                                            static_cast<double>(shape.io_us) / 1000.0, queue.peak_depth(),
                                            resources_of(request)));
    outcome.result.update(extra);
    return outcome;
  }
};

}  // namespace

const Lesson& lesson() {
  static const ServerLoadLesson lesson;
  return lesson;
}

}  // namespace playground::lessons::server_load
