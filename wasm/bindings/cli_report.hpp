#pragma once
// The native CLI's report (wasm/cli/report.cpp: the JSON object, the table,
// the merged trace) for runs made through the JavaScript engine API, so that
// `npm run cli:wasm` prints exactly what `npm run cli` prints.
#include <string>

#include <nlohmann/json.hpp>

#include "core/trace.hpp"

namespace playground {

// `request`: {"scenario_json": {...}, "scenario_source": "...",
//             "format": "json" | "table" | "trace",
//             "runs": [{"mode", "threads", "gil", "params",
//                       "result": {...}, "lanes": [...], "spans": [...]}]}
// Adds each run's speed-up against the scenario's baseline, as the CLI does.
// Throws RunError (ScenarioError) for a bad scenario.
[[nodiscard]] std::string cli_report(const nlohmann::json& request);

// Lanes and spans as JavaScript holds them (web/src/engine/types.ts) back
// into a Trace.
[[nodiscard]] Trace trace_from_json(const nlohmann::json& lanes, const nlohmann::json& spans,
                                    const nlohmann::json& edges = nlohmann::json::array());

}  // namespace playground
