#pragma once
// The native CLI's report (wasm/cli/report.cpp: the JSON object, the table,
// the merged trace) for runs made through the JavaScript engine API, so that
// `npm run cli:wasm` prints exactly what `npm run cli` prints.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/trace.hpp"

namespace playground {

// `request`: {"scenario_json": {...}, "scenario_source": "...",
//             "format": "json" | "table" | "trace",
//             "runs": [{"mode", "threads", "gil", "params",
//                       "result": {...}, "lanes": [...], "spans": [...],
//                       "round": 1}],   (rounds count from 1; default 1)
//             "ceilings": [...]}        (the machine's ceiling per round, optional)
// Adds each run's speed-up against the scenario's baseline, as the CLI does.
// Throws RunError (ScenarioError) for a bad scenario.
[[nodiscard]] std::string cli_report(const nlohmann::json& request);

// The page's numbers for a comparison's rounds (run/rounds.hpp):
// {"scenario_json", "runs": [{"mode", "round", "wall_ms"}], "ceilings": [...]}
// -> {"modes": [{"mode", "shown_round", "fields": the fields its result gains
//                (ModeRounds::fields: speedup, rounds, median_ms, range_ms, …)}]}
[[nodiscard]] nlohmann::json rounds_summary(const nlohmann::json& request);

// {"scenario_json", "modes", "threads"} -> the run that measures the
// machine's ceiling on those threads, as a request for the JS API
// ({"scenario", "mode", "threads", "gil", "params"}), or null when the modes
// claim no parallel speed-up.
[[nodiscard]] nlohmann::json ceiling_request_json(const nlohmann::json& request);

// Lanes and spans as JavaScript holds them (web/src/engine/types.ts) back
// into a Trace.
[[nodiscard]] Trace trace_from_json(const nlohmann::json& lanes, const nlohmann::json& spans,
                                    const nlohmann::json& edges = nlohmann::json::array());
[[nodiscard]] Lane lane_from_json(const nlohmann::json& lane);
[[nodiscard]] Span span_from_json(const nlohmann::json& span);
// The same from the text {"title", "mode", "lanes", "spans", "edges"}, each
// element read and dropped in turn (a big run's spans are never all a JSON
// tree); sets `title` if the text has one. With a "mode", each lane goes to
// its process of the export as the CLI's export puts it (cli::export_group).
// Throws nlohmann::json::exception.
[[nodiscard]] Trace trace_from_json_text(std::string_view text, std::string& title);

}  // namespace playground
