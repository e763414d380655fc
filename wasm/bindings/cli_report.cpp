#include "bindings/cli_report.hpp"

#include "bindings/run_session.hpp"
#include "cli/report.hpp"
#include "cli/run_command.hpp"
#include "run/rounds.hpp"
#include "run/scenario.hpp"
#include "run/trace_json.hpp"

namespace playground {

namespace {

using nlohmann::json;

SpanState span_state_named(const std::string& name) {
  for (SpanState state :
       {SpanState::running, SpanState::waiting_for_gil, SpanState::waiting_on_io, SpanState::blocked_on_queue,
        SpanState::idle, SpanState::starting, SpanState::waiting_for_lock, SpanState::arrived, SpanState::rejected}) {
    if (to_string(state) == name) return state;
  }
  return SpanState::running;
}

LaneKind lane_kind_named(const std::string& name) {
  return name == "task" ? LaneKind::task : name == "process" ? LaneKind::process : LaneKind::thread;
}

}  // namespace

Lane lane_from_json(const json& lane) {
  return {lane.at("id").get<LaneId>(), lane.value("name", std::string()),
          lane_kind_named(lane.value("kind", std::string("thread")))};
}

Span span_from_json(const json& span) {
  return {.lane = span.at("lane").get<LaneId>(),
          .state = span_state_named(span.value("state", std::string("running"))),
          .start_us = span.at("start_us").get<micros>(),
          .end_us = span.at("end_us").get<micros>(),
          .label = span.value("label", std::string()),
          .site = span.value("site", std::string())};
}

Trace trace_from_json(const json& lanes, const json& spans, const json& edges) {
  Trace trace;
  for (const json& lane : lanes) trace.lanes.push_back(lane_from_json(lane));
  for (const json& span : spans) trace.spans.push_back(span_from_json(span));
  for (const json& edge : edges) trace.edges.push_back(edge_from_json(edge));
  return trace;
}

Trace trace_from_json_text(std::string_view text, std::string& title) {
  Trace trace;
  std::string mode;
  std::string list;  // the top-level field being read: "lanes", "spans", "edges", "title"
  // Each element is turned into the Trace as soon as it is parsed and then
  // dropped from the document (the callback returns false): a run's JSON of a
  // million spans never becomes a tree of a million objects.
  const json::parser_callback_t take = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth == 1 && event == json::parse_event_t::key) list = parsed.get<std::string>();
    if (depth == 1 && event == json::parse_event_t::value && list == "title" && parsed.is_string())
      title = parsed.get<std::string>();
    if (depth == 1 && event == json::parse_event_t::value && list == "mode" && parsed.is_string())
      mode = parsed.get<std::string>();
    if (depth != 2 || event != json::parse_event_t::object_end) return true;
    if (list == "lanes") trace.lanes.push_back(lane_from_json(parsed));
    if (list == "spans") trace.spans.push_back(span_from_json(parsed));
    if (list == "edges") trace.edges.push_back(edge_from_json(parsed));
    return list != "lanes" && list != "spans" && list != "edges";
  };
  (void)json::parse(text, take);
  if (!mode.empty())
    for (Lane& lane : trace.lanes) lane.group = cli::export_group(mode, lane);
  return trace;
}

std::string cli_report(const json& request) {
  cli::Comparison comparison{.scenario = parse_scenario(request.at("scenario_json"),
                                                        request.value("scenario_source", std::string("scenario"))),
                             .runs = {}};
  for (const json& run : request.at("runs")) {
    cli::ModeRun mode_run;
    mode_run.request.mode = run.value("mode", std::string());
    mode_run.request.threads = run.value("threads", 1);
    mode_run.request.gil = run.value("gil", false);
    mode_run.request.params = run.value("params", json::object());
    mode_run.outcome.result = run.at("result");
    mode_run.trace = trace_from_json(run.value("lanes", json::array()), run.value("spans", json::array()),
                                     run.value("edges", json::array()));
    mode_run.round = run.value("round", 1);
    comparison.runs.push_back(std::move(mode_run));
  }
  comparison.ceilings = request.value("ceilings", std::vector<double>{});
  cli::add_speedups(comparison);
  const std::string format = request.value("format", std::string("json"));
  if (format == "table") return cli::comparison_table(comparison);
  if (format == "trace") return to_chrome_trace_json(cli::merged_trace(comparison), comparison.scenario.title);
  return cli::comparison_json(comparison).dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

json rounds_summary(const json& request) {
  const Scenario scenario =
      parse_scenario(request.at("scenario_json"), request.value("scenario_source", std::string("scenario")));
  std::vector<RoundRun> runs;
  for (const json& run : request.at("runs")) {
    runs.push_back({run.at("mode").get<std::string>(), run.value("round", 1), run.at("wall_ms").get<double>()});
  }
  json modes = json::array();
  const auto summaries = summarise_rounds(scenario, runs, request.value("ceilings", std::vector<double>{}));
  for (const auto& summary : summaries) {
    modes.push_back({{"mode", summary.mode}, {"shown_round", summary.shown_round}, {"fields", summary.fields()}});
  }
  json out = {{"modes", std::move(modes)}};
  if (const std::string note = spread_note(summaries); !note.empty()) out["spread_note"] = note;
  return out;
}

json ceiling_request_json(const json& request) {
  const Scenario scenario =
      parse_scenario(request.at("scenario_json"), request.value("scenario_source", std::string("scenario")));
  if (!claims_parallel_speedup(scenario, request.at("modes").get<std::vector<std::string>>())) return nullptr;
  const RunRequest run = ceiling_request(request.at("threads").get<int>());
  return {{"scenario", kCeilingLesson},
          {"mode", run.mode},
          {"threads", run.threads},
          {"gil", run.gil},
          {"params", run.params}};
}

}  // namespace playground
