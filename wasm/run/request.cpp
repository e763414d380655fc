#include "run/request.hpp"

#include <atomic>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>

#include "run/number_format.hpp"
#include "run/scenario.hpp"

namespace playground {

using nlohmann::json;

namespace {
std::atomic<int> max_threads{0};
}  // namespace

void set_thread_limit(int threads) { max_threads.store(threads, std::memory_order_relaxed); }
int thread_limit() { return max_threads.load(std::memory_order_relaxed); }

void check_thread_demand(const ThreadDemand& demand) {
  const int limit = thread_limit();
  if (limit <= 0 || demand.threads() <= limit) return;
  // "producers (8) + consumers (8) = 16 threads at once", or "threads is 12".
  std::string what;
  std::string lower;
  for (const auto& [name, count] : demand.parts) {
    what += (what.empty() ? "" : " + ") + name + " (" + std::to_string(count) + ")";
    lower += (lower.empty() ? "" : " or ") + name;
  }
  if (demand.parts.size() == 1) {
    what = demand.parts.front().first + " is " + std::to_string(demand.threads());
  } else {
    what += " = " + std::to_string(demand.threads()) + " threads at once";
  }
  throw RunError(what + ", but this page can run at most " + std::to_string(limit) +
                 " threads at once (4 per core, at most 16); lower " + lower);
}

ResolvedRequest resolve_request(const json& request) {
  if (!request.is_object()) throw RunError("the request must be a JSON object");
  Scenario scenario;
  if (request.contains("scenario_json")) {
    scenario = parse_scenario(request.at("scenario_json"), request.value("scenario_source", std::string("scenario")));
  } else if (request.contains("scenario") && request.at("scenario").is_string()) {
    // The built-in scenarios are embedded in the module under /scenarios.
    const std::string id = request.at("scenario").get<std::string>();
    if (id.empty() || id.find('/') != std::string::npos || !std::ifstream("/scenarios/" + id + ".json")) {
      throw RunError("unknown scenario \"" + id + "\"");
    }
    scenario = load_scenario_file("/scenarios/" + id + ".json");
  } else {
    throw RunError("the request names no scenario");
  }
  RunChoices choices;
  choices.mode = request.value("mode", std::string());
  if (request.contains("threads") && !request.at("threads").is_null()) {
    // A number, or text as typed on a command line (parsed strictly).
    const json& threads = request.at("threads");
    const std::optional<std::int64_t> value = threads.is_number_integer()
                                                  ? std::optional<std::int64_t>(threads.get<std::int64_t>())
                                              : threads.is_string() ? parse_integer(threads.get<std::string>())
                                                                    : std::nullopt;
    if (!value) {
      throw ScenarioError("threads must be an integer between " + std::to_string(scenario.threads.min) + " and " +
                          std::to_string(scenario.threads.max) + " for scenario \"" + scenario.id + "\" (got " +
                          threads.dump().substr(0, 40) + ")");
    }
    choices.threads = value;
  }
  if (request.contains("gil") && !request.at("gil").is_null()) {
    if (!request.at("gil").is_boolean()) throw RunError("gil must be true or false");
    choices.gil = request.at("gil").get<bool>();
  }
  if (request.contains("params")) choices.params = request.at("params");
  // An input given but empty (an empty uploaded file) is the reader's input, and the
  // parser says it has no locations; only a request without input gets the default.
  const bool input_given = request.contains("input_csv");
  if (input_given) choices.input_csv = request.at("input_csv").get<std::string>();
  if (!input_given && !scenario.data.empty()) {
    // No input given: the scenario's first data file, as the native CLI does.
    std::ifstream file("/scenarios/" + scenario.data.front(), std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    choices.input_csv = text.str();
  }

  ResolvedRequest resolved;
  resolved.scenario_id = scenario.id;
  resolved.run = make_run_request(scenario, choices);
  resolved.lesson = find_lesson(scenario.demo);
  if (resolved.lesson == nullptr)
    throw RunError("scenario \"" + scenario.id + "\" names an unknown demo \"" + scenario.demo + "\"");
  if (request.contains("test_fault")) {
    if (request.at("test_fault") != "abort") throw RunError("test_fault must be \"abort\" (tests only)");
    resolved.test_fault = "abort";
  }
  const ModeSpec* mode = scenario.find_mode(resolved.run.mode);
#ifdef __EMSCRIPTEN__
  if (mode != nullptr && !mode->native_only.empty()) {
    throw RunError(scenario.id + "'s " + mode->id + " mode runs natively only (npm run cli): " + mode->native_only);
  }
#endif
  check_thread_demand(resolved.lesson->threads_needed(resolved.run, mode != nullptr && mode->needs_threads));
  return resolved;
}

ResolvedRequest resolve_request_text(const std::string& text) {
  try {
    return resolve_request(nlohmann::json::parse(text));
  } catch (const nlohmann::json::exception& e) {
    throw RunError(std::string("the request is not valid JSON: ") + e.what());
  }
}

}  // namespace playground
