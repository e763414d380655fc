#pragma once
// Helpers for the lesson demos' tests: run one mode, run a mode on another
// thread and cancel it, and retry a timing check on a loaded machine.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <exception>
#include <functional>
#include <string>
#include <thread>

#include <cstdlib>

#include "core/cancel_token.hpp"
#include "run/lesson.hpp"
#include "run/scenario.hpp"

namespace playground::testing {

// True in sanitizer builds: timings there mean nothing, correctness still does.
inline constexpr bool kSanitized = PLAYGROUND_SANITIZED;

inline RunRequest request(std::string mode, nlohmann::json params, int threads = 1, bool gil = false) {
  RunRequest r;
  r.mode = std::move(mode);
  r.threads = threads;
  r.gil = gil;
  r.params = std::move(params);
  return r;
}

// `r` as every front end hands it to a lesson: its parameters resolved
// against the lesson's scenario file (defaults filled in, ranges checked;
// a ScenarioError names what is wrong).
inline RunRequest resolved(const Lesson& lesson, RunRequest r) {
  const Scenario scenario =
      load_scenario_file(std::string(PLAYGROUND_SOURCE_DIR) + "/scenarios/" + std::string(lesson.id()) + ".json");
  r.params = resolve_parameters(scenario, r.params);
  return r;
}

inline nlohmann::json run_demo(const Lesson& demo, const RunRequest& r, CancelToken* cancel = nullptr) {
  RunContext context;
  context.cancel = cancel;
  return demo.run(resolved(demo, r), context).result;
}

// Runs `r` on another thread, cancels it after `after_ms`, and returns how
// long the run went on after the cancel (ms). Fails the test unless the run
// ended with Cancelled.
inline double cancel_after(const Lesson& demo, const RunRequest& r, int after_ms) {
  CancelToken token;
  std::exception_ptr error;
  std::chrono::steady_clock::time_point ended;
  std::thread runner([&] {
    try {
      RunContext context;
      context.cancel = &token;
      (void)demo.run(resolved(demo, r), context);
    } catch (...) {
      error = std::current_exception();
    }
    ended = std::chrono::steady_clock::now();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(after_ms));
  const auto cancelled_at = std::chrono::steady_clock::now();
  token.cancel();
  runner.join();
  bool was_cancelled = false;
  try {
    if (error) std::rethrow_exception(error);
  } catch (const Cancelled&) {
    was_cancelled = true;
  } catch (const std::exception& e) {
    ADD_FAILURE() << demo.id() << " " << r.mode << " threw " << e.what() << " instead of Cancelled";
  }
  EXPECT_TRUE(was_cancelled) << demo.id() << " " << r.mode << " finished instead of being cancelled";
  return std::chrono::duration<double, std::milli>(ended - cancelled_at).count();
}

// Calls `attempt` (which returns an empty string when the timing held, or
// what went wrong) up to `tries` times: a machine shared with other builds
// can slow any one run down. Fails with the last explanation.
inline void expect_timing_within_tries(const std::function<std::string()>& attempt, int tries = 3) {
  std::string why;
  for (int i = 0; i < tries; ++i) {
    why = attempt();
    if (why.empty()) return;
  }
  ADD_FAILURE() << "after " << tries << " tries: " << why;
}

// "" when `value` is within `relative` of `expected`, else a description.
inline std::string within(const std::string& what, double value, double expected, double relative) {
  if (value >= expected * (1 - relative) && value <= expected * (1 + relative)) return {};
  return what + " = " + std::to_string(value) + ", expected " + std::to_string(expected) + " ± " +
         std::to_string(relative * 100) + " %";
}

// True when fewer programs want to run than there are cores: only then can a
// speed-up from parallelism be measured at all. (On a machine shared by
// several containers, the scheduler gives each its fair share of the cores
// however many threads it runs: two threads then get no more CPU than one.)
inline bool machine_has_idle_cores() {
  double load[1] = {0};
  return getloadavg(load, 1) == 1 && load[0] + 1.0 < static_cast<double>(std::thread::hardware_concurrency());
}

}  // namespace playground::testing
