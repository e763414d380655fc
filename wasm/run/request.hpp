#pragma once
// A run's request as a front end sends it (the page, the Node CLI, the
// processes parent), resolved against its scenario once, before the lesson
// runs: which lesson, which mode, and parameters that are known to be valid.
#include <string>

#include <nlohmann/json.hpp>

#include "run/lesson.hpp"

namespace playground {

// A request from JavaScript, resolved against its scenario: which lesson runs
// and with which validated parameters.
struct ResolvedRequest {
  const Lesson* lesson = nullptr;
  std::string scenario_id;
  RunRequest run;
  // Tests only: "abort" makes the run's thread abort (bindings/run_session.cpp),
  // so that the front ends' recovery from an engine fault can be tested.
  std::string test_fault;
};

// Reads {scenario | scenario_json, mode, threads, gil, params, input_csv, test_fault}:
// `scenario` names a built-in scenario (its file under /scenarios), while
// `scenario_json` is a scenario document given inline (the CLI's path form).
// Parameters are validated against the scenario; missing ones take its
// defaults. Throws RunError naming the field for anything it cannot accept.
[[nodiscard]] ResolvedRequest resolve_request(const nlohmann::json& request);
// The same from the request's JSON text; text that is not JSON is a RunError too.
[[nodiscard]] ResolvedRequest resolve_request_text(const std::string& text);

// The most threads a run may keep busy at once in this module (the pthread
// pool's room, set by the loader; 0: no limit). resolve_request asks the
// lesson how many a request needs (Lesson::threads_needed) and refuses more
// with a message that says why, instead of a thread failing to start mid-run.
void set_thread_limit(int threads);
[[nodiscard]] int thread_limit();
// Throws RunError naming the demand's parameters, their sum and the limit
// when a run needs more threads at once than thread_limit() allows.
void check_thread_demand(const ThreadDemand& demand);

}  // namespace playground
