#include "bindings/run_session.hpp"

#include "demos/number_format.hpp"
#include "demos/scenario.hpp"

#include <atomic>
#include <fstream>
#include <system_error>
#include <optional>
#include <sstream>
#include <utility>

namespace playground {

using nlohmann::json;

json to_json(const Span& span) {
  return {{"lane", span.lane},
          {"state", std::string(to_string(span.state))},
          {"start_us", span.start_us},
          {"end_us", span.end_us},
          {"label", span.label},
          {"site", span.site}};
}

json to_json(const Lane& lane) {
  return {{"id", lane.id}, {"name", lane.name}, {"kind", std::string(to_string(lane.kind))}};
}

namespace {
std::atomic<int> max_threads{0};
}  // namespace

void set_thread_limit(int threads) { max_threads.store(threads, std::memory_order_relaxed); }
int thread_limit() { return max_threads.load(std::memory_order_relaxed); }

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
    const std::optional<std::int64_t> value =
        threads.is_number_integer() ? std::optional<std::int64_t>(threads.get<std::int64_t>())
        : threads.is_string()       ? parse_integer(threads.get<std::string>())
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
  const int limit = thread_limit();
  if (limit > 0 && resolved.run.threads > limit) {
    throw RunError("threads is " + std::to_string(resolved.run.threads) + ": this page can run at most " +
                   std::to_string(limit) + " threads at once (4 per core, at most 16)");
  }
  resolved.demo = find_demo(scenario.demo);
  if (resolved.demo == nullptr) throw RunError("scenario \"" + scenario.id + "\" names an unknown demo \"" + scenario.demo + "\"");
  return resolved;
}

RunSession::RunSession(ResolvedRequest request) : request_(std::move(request)), trace_(clock_) {}

RunSession::~RunSession() {
  cancel_.cancel();
#if PLAYGROUND_HAS_THREADS
  if (thread_.joinable()) thread_.join();
#endif
}

void RunSession::start() {
  if (started_) throw RunError("this run was already started");
  started_ = true;
#if PLAYGROUND_HAS_THREADS
  // The run's own thread comes from the pthread pool, so it starts at once
  // even though the JS thread that created it does not yield first.
  thread_ = std::thread([this] { execute(); });
#else
  execute();
#endif
}

void RunSession::execute() noexcept {
  RunContext context{.trace = &trace_, .cancel = &cancel_, .progress = &progress_};
  try {
    outcome_ = request_.demo->run(request_.run, context);
  } catch (const Cancelled&) {
    error_ = {{"kind", "cancelled"}, {"message", "the run was cancelled"}};
  } catch (const RunError& e) {
    error_ = {{"kind", "run_error"}, {"message", e.what()}};
  } catch (const std::system_error& e) {
    // A thread that could not start: the pthread pool is full (its size is
    // fixed when the module loads, and waiting for room could hang).
    const bool pool_full = e.code() == std::errc::resource_unavailable_try_again;
    error_ = {{"kind", pool_full ? "run_error" : "internal"},
              {"message", pool_full ? "this run needs more threads at once than the page's thread pool holds; "
                                      "try fewer threads, producers or consumers"
                                    : e.what()}};
  } catch (const std::exception& e) {
    error_ = {{"kind", "internal"}, {"message", e.what()}};
  } catch (...) {
    error_ = {{"kind", "internal"}, {"message", "unknown error"}};
  }
  finished_.store(true, std::memory_order_release);
}

json RunSession::poll() {
  // Read `finished` first: spans recorded before the run finished are then
  // all visible to read_new below, so the last poll misses none.
  const bool done = finished();
  json lanes = json::array();
  for (const Lane& lane : trace_.lanes()) lanes.push_back(to_json(lane));
  json spans = json::array();
  for (const Span& span : trace_.read_new(cursor_)) spans.push_back(to_json(span));
  return {{"fraction", done && error_.is_null() ? 1.0 : progress_.fraction()},
          {"finished", done},
          {"lanes", std::move(lanes)},
          {"spans", std::move(spans)}};
}

json RunSession::outcome() const {
  if (!finished()) return {{"error", {{"kind", "internal"}, {"message", "the run has not finished"}}}};
  if (!error_.is_null()) return {{"error", error_}};
  json result = {{"result", outcome_.result}};
  if (!outcome_.output_csv.empty()) result["output_csv"] = outcome_.output_csv;
  return result;
}

std::string RunSession::chrome_trace() const {
  return to_chrome_trace_json(trace_.snapshot(), "Concurrency Playground: " + request_.scenario_id + " / " +
                                                     request_.run.mode);
}

}  // namespace playground
