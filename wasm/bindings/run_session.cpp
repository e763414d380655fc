#include "bindings/run_session.hpp"

#include "demos/number_format.hpp"
#include "demos/scenario.hpp"

#include <algorithm>
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

namespace {
void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      out += "\\u00";
      out += hex[byte >> 4];
      out += hex[byte & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}
}  // namespace

void append_json(std::string& out, const Span& span) {
  out += "{\"lane\":";
  out += std::to_string(span.lane);
  out += ",\"state\":";
  append_json_string(out, to_string(span.state));
  out += ",\"start_us\":";
  out += std::to_string(span.start_us);
  out += ",\"end_us\":";
  out += std::to_string(span.end_us);
  out += ",\"label\":";
  append_json_string(out, span.label);
  out += ",\"site\":";
  append_json_string(out, span.site);
  out += '}';
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

ResolvedRequest resolve_request_text(const std::string& text) {
  try {
    return resolve_request(nlohmann::json::parse(text));
  } catch (const nlohmann::json::exception& e) {
    throw RunError(std::string("the request is not valid JSON: ") + e.what());
  }
}

RunSession::RunSession(std::string request_text) : run_(std::make_shared<Run>(std::move(request_text))) {}

RunSession::~RunSession() { run_->cancel.cancel(); }

void RunSession::start() {
  if (started_) throw RunError("this run was already started");
  started_ = true;
#if PLAYGROUND_HAS_THREADS
  // The run's own thread comes from the pthread pool, so it starts at once
  // even though the JS thread that created it does not yield first.
  std::thread([run = run_] { run->execute(); }).detach();
#endif
}

void RunSession::Run::execute() noexcept {
  RunContext context{.trace = &trace, .cancel = &cancel, .progress = &progress};
  try {
    request = resolve_request_text(request_text);
    request_text = std::string();
    outcome = request.demo->run(request.run, context);
  } catch (const Cancelled&) {
    error = {{"kind", "cancelled"}, {"message", "the run was cancelled"}};
  } catch (const RunError& e) {
    error = {{"kind", "run_error"}, {"message", e.what()}};
  } catch (const std::system_error& e) {
    // A thread that could not start: the pthread pool is full (its size is
    // fixed when the module loads, and waiting for room could hang).
    const bool pool_full = e.code() == std::errc::resource_unavailable_try_again;
    error = {{"kind", pool_full ? "run_error" : "internal"},
             {"message", pool_full ? "this run needs more threads at once than the page's thread pool holds; "
                                     "try fewer threads, producers or consumers"
                                   : e.what()}};
  } catch (const std::exception& e) {
    error = {{"kind", "internal"}, {"message", e.what()}};
  } catch (...) {
    error = {{"kind", "internal"}, {"message", "unknown error"}};
  }
  finished.store(true, std::memory_order_release);
}

std::string RunSession::poll(std::size_t max_spans) {
  // Read `finished` first: spans recorded before the run finished are then
  // all visible to a read_new after it, so the last poll misses none.
  const bool done = finished();
  const std::vector<Span> fresh = run_->trace.read_new(cursor_, max_spans);
  std::string spans = "[";
  for (const Span& span : fresh) {
    if (spans.size() > 1) spans += ',';
    append_json(spans, span);
  }
  spans += ']';
  // A full answer may leave spans behind; a short one read everything
  // recorded, and if the run had finished before, everything there will be.
  const bool full = fresh.size() == max_spans;
  const bool all_returned = done && !full;
  json answer = {{"fraction", done && run_->error.is_null() ? 1.0 : run_->progress.fraction()},
                 {"finished", all_returned},
                 {"more", full}};
  const std::vector<Lane> lanes = run_->trace.lanes();
  if (lanes.size() != lanes_sent_) {
    json lane_list = json::array();
    for (const Lane& lane : lanes) lane_list.push_back(to_json(lane));
    answer["lanes"] = std::move(lane_list);
    lanes_sent_ = lanes.size();
  }
  // {... the small fields ..., "spans": [...]}
  std::string text = answer.dump(-1, ' ', false, json::error_handler_t::replace);
  text.pop_back();
  text += ",\"spans\":";
  text += spans;
  text += '}';
  return text;
}

std::string RunSession::outcome() const {
  const auto dump = [](const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); };
  if (!finished()) return dump({{"error", {{"kind", "internal"}, {"message", "the run has not finished"}}}});
  if (!run_->error.is_null()) return dump({{"error", run_->error}});
  // Written around the result rather than copying it into a new document.
  std::string text = "{\"result\":" + dump(run_->outcome.result);
  // The output CSV (14 MB for 1 000 locations) is read apart, in chunks
  // (output_csv_from()), so that no single call holds the page's thread.
  if (!run_->outcome.output_csv.empty()) text += ",\"output_csv_bytes\":" + std::to_string(run_->outcome.output_csv.size());
  text += '}';
  return text;
}

std::string RunSession::chrome_trace() const {
  return to_chrome_trace_json(run_->trace.snapshot(), "Concurrency Playground: " + run_->request.scenario_id + " / " +
                                                          run_->request.run.mode);
}

}  // namespace playground
