#include "cli/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "run/number_format.hpp"
#include "run/rounds.hpp"

namespace playground::cli {
namespace {

// Fields every run has: they get columns of their own.
const std::set<std::string> kColumns = {"mode",    "threads",       "gil",        "wall_ms",  "speedup",
                                        "rounds",  "shown_round",   "median_ms",  "range_ms", "speedup_range",
                                        "ceiling", "ceiling_range", "spread_note"};
constexpr std::size_t kMaxDetailChars = 60;
// A latency summary (run/latency_stats, server-load's latency_ms) is shown
// whole, its fields in the order of the distribution.
const std::vector<std::string> kSummaryOrder = {"p50", "p95", "p99", "max", "mean"};

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string pad(std::string text, std::size_t width, bool right) {
  if (text.size() >= width) return text;
  const std::string spaces(width - text.size(), ' ');
  return right ? spaces + text : text + spaces;
}

// A demo field for the details line; lists and objects (per-item latencies,
// orders) stay in --json, where they can be read in full.
std::string scalar_text(const nlohmann::json& value) {
  if (value.is_number_float()) {
    const double number = value.get<double>();
    return std::abs(number) >= 100 ? fixed(number, 1) : format_double(std::round(number * 1000) / 1000);
  }
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    if (text.size() > kMaxDetailChars) text = text.substr(0, kMaxDetailChars) + "...";
    return text;
  }
  if (value.is_object() && value.contains("p50")) {
    std::string out;
    for (const std::string& key : kSummaryOrder) {
      if (value.contains(key)) out += (out.empty() ? "" : " ") + key + "=" + scalar_text(value.at(key));
    }
    return "{" + out + "}";
  }
  if (value.is_object() && value.size() <= 4) {
    std::string out;
    for (const auto& item : value.items()) {
      if (!item.value().is_primitive()) return {};
      out += (out.empty() ? "" : " ") + item.key() + "=" + scalar_text(item.value());
    }
    return "{" + out + "}";
  }
  if (value.is_primitive()) return value.dump();
  return {};
}

std::string range_text(const nlohmann::json& range, int decimals, const char* unit) {
  return fixed(range.at(0).get<double>(), decimals) + "-" + fixed(range.at(1).get<double>(), decimals) + unit;
}

// "median of 3 rounds 120.1 ms (118.0-130.2 ms), speed-up 1.85x (1.80-1.90x),
// ceiling on this machine 1.95x (1.90-1.97x)"; empty for one round. (Rounds too
// far apart are said once for all modes, below these lines.)
std::string rounds_line(const nlohmann::json& result) {
  if (!result.contains("range_ms")) return {};  // one round (a lesson's own "rounds" are its business)
  std::string line = "median of " + std::to_string(result.at("rounds").get<int>()) + " rounds " +
                     fixed(result.at("median_ms").get<double>(), 1) + " ms (" +
                     range_text(result.at("range_ms"), 1, " ms") + ")";
  if (result.contains("speedup_range")) {
    line += ", speed-up " + fixed(result.at("speedup").get<double>(), 2) + "x (" +
            range_text(result.at("speedup_range"), 2, "x") + ")";
  }
  if (result.contains("ceiling")) {
    line += ", ceiling on this machine " + fixed(result.at("ceiling").get<double>(), 2) + "x (" +
            range_text(result.at("ceiling_range"), 2, "x") + ")";
  }
  return line;
}

}  // namespace

void add_speedups(Comparison& comparison) {
  std::vector<RoundRun> measured;
  for (const auto& run : comparison.runs) {
    measured.push_back({run.request.mode, run.round, run.outcome.result.value("wall_ms", 0.0)});
  }
  std::vector<ModeRun> shown;
  const auto summaries = summarise_rounds(comparison.scenario, measured, comparison.ceilings);
  comparison.spread_note = spread_note(summaries);
  for (const auto& summary : summaries) {
    for (auto& run : comparison.runs) {
      if (run.request.mode != summary.mode || run.round != summary.shown_round) continue;
      run.outcome.result.update(summary.fields());
      shown.push_back(std::move(run));
      break;
    }
  }
  comparison.runs = std::move(shown);
}

nlohmann::json comparison_json(const Comparison& comparison) {
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& run : comparison.runs) runs.push_back(run.outcome.result);
  nlohmann::json out = {{"scenario", comparison.scenario.id},
                        {"title", comparison.scenario.title},
                        {"baseline", comparison.scenario.baseline},
                        {"runs", std::move(runs)}};
  if (!comparison.spread_note.empty()) out["spread_note"] = comparison.spread_note;
  if (!comparison.scenario.references.empty()) {
    nlohmann::json references = nlohmann::json::array();
    for (const auto& reference : comparison.scenario.references) {
      references.push_back({{"label", reference.label},
                            {"wall_ms", reference.wall_ms},
                            {"params", reference.params},
                            {"source", reference.source}});
    }
    out["references"] = std::move(references);
  }
  return out;
}

std::string comparison_table(const Comparison& comparison) {
  const Scenario& scenario = comparison.scenario;
  std::size_t mode_width = 4;
  for (const auto& run : comparison.runs) mode_width = std::max(mode_width, run.request.mode.size());
  for (const auto& reference : scenario.references) mode_width = std::max(mode_width, reference.label.size());
  std::string out = scenario.title + " (" + scenario.id + ")\n\n";
  out += pad("mode", mode_width, false) + "  threads  gil      wall ms  speed-up\n";
  for (const auto& run : comparison.runs) {
    const auto& result = run.outcome.result;
    const ModeSpec* spec = scenario.find_mode(run.request.mode);
    const bool baseline = spec != nullptr && spec->compared_with == spec->id;
    // A baseline that measures its own speed-up (Amdahl's pool, against one thread) shows it.
    const std::string own = baseline ? spec->own_speedup_field : std::string();
    const bool has_own = !own.empty() && result.contains(own) && result.at(own).is_number();
    const std::string speedup = result.contains("speedup") ? fixed(result["speedup"].get<double>(), 2) + "x"
                                : has_own                  ? fixed(result.at(own).get<double>(), 2) + "x"
                                : baseline                 ? std::string("baseline")
                                                           : std::string("-");
    out += pad(run.request.mode, mode_width, false) + "  " +
           pad(std::to_string(result.value("threads", run.request.threads)), 7, true) + "  " +
           pad(result.value("gil", run.request.gil) ? "on" : "off", 3, false) + "  " +
           pad(fixed(result.value("wall_ms", 0.0), 1), 11, true) + "  " + pad(speedup, 8, true) + "\n";
  }
  // Quoted figures, not measured here: marked as such, with what they were measured with.
  for (const auto& reference : scenario.references) {
    std::string params;
    for (const auto& item : reference.params.items()) params += " " + item.key() + "=" + item.value().dump();
    out += pad(reference.label, mode_width, false) + "  " + pad("-", 7, true) + "  " + pad("-", 3, false) + "  " +
           pad(fixed(reference.wall_ms, 1), 11, true) + "  " + pad("-", 8, true) + "  reference: " + reference.source +
           (params.empty() ? "" : ";" + params) + "\n";
  }
  out += "\n";
  for (const auto& run : comparison.runs) {
    const std::string rounds = rounds_line(run.outcome.result);
    if (!rounds.empty()) out += run.request.mode + ": " + rounds + "\n";
  }
  if (!comparison.spread_note.empty()) out += comparison.spread_note + "\n";
  for (const auto& run : comparison.runs) {
    std::string details;
    for (const auto& item : run.outcome.result.items()) {
      if (kColumns.count(item.key())) continue;
      const std::string text = scalar_text(item.value());
      if (!text.empty()) details += (details.empty() ? "" : ", ") + item.key() + "=" + text;
    }
    if (!details.empty()) out += run.request.mode + ": " + details + "\n";
  }
  if (comparison.runs.size() > 1 || !scenario.notice.empty()) {
    out += "\nWhat to notice:\n";
    for (const auto& line : scenario.notice) out += "  - " + line + "\n";
  }
  return out;
}

std::string export_group(std::string_view mode, const Lane& lane) {
  std::string group(mode);
  if (lane.kind == LaneKind::process) group += ": " + lane.name;
  return group;
}

Trace merged_trace(const Comparison& comparison) {
  Trace merged;
  for (const auto& run : comparison.runs) {
    const LaneId offset = static_cast<LaneId>(merged.lanes.size());
    for (const auto& lane : run.trace.lanes) {
      merged.lanes.push_back(Lane{.id = lane.id + offset,
                                  .name = run.request.mode + ": " + lane.name,
                                  .kind = lane.kind,
                                  .group = export_group(run.request.mode, lane)});
    }
    for (auto span : run.trace.spans) {
      span.lane += offset;
      merged.spans.push_back(std::move(span));
    }
    for (auto edge : run.trace.edges) {
      edge.from.lane += offset;
      edge.to.lane += offset;
      merged.edges.push_back(std::move(edge));
    }
    merged.dropped += run.trace.dropped;
    merged.dropped_edges += run.trace.dropped_edges;
  }
  std::stable_sort(merged.spans.begin(), merged.spans.end(),
                   [](const Span& a, const Span& b) { return a.start_us < b.start_us; });
  std::stable_sort(merged.edges.begin(), merged.edges.end(),
                   [](const Edge& a, const Edge& b) { return a.to.at_us < b.to.at_us; });
  return merged;
}

std::string scenario_list_table(const std::vector<Scenario>& scenarios) {
  std::size_t id_width = 2;
  for (const auto& scenario : scenarios) id_width = std::max(id_width, scenario.id.size());
  std::string out;
  for (const auto& scenario : scenarios) {
    std::string modes;
    for (const auto& mode : scenario.modes) modes += (modes.empty() ? "" : ", ") + mode;
    out += pad(scenario.id, id_width, false) + "  " + scenario.title + "\n" + std::string(id_width, ' ') +
           "  modes: " + modes + " (baseline " + scenario.baseline + ")\n";
  }
  return out;
}

nlohmann::json scenario_list_json(const std::vector<Scenario>& scenarios) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& scenario : scenarios) {
    list.push_back(
        {{"id", scenario.id}, {"title", scenario.title}, {"modes", scenario.modes}, {"baseline", scenario.baseline}});
  }
  return {{"scenarios", std::move(list)}};
}

}  // namespace playground::cli
