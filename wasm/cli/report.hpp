#pragma once
// What the CLI prints: a comparison as a table for people or as one JSON
// object for programs, the scenario list, and one Chrome trace for all the
// modes of a comparison.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_command.hpp"
#include "core/trace.hpp"

namespace playground::cli {

// Adds "speedup" to each run's result: the wall time of the mode it is
// compared with (its scenario's compared_with) over its own, in the same
// round, when that mode ran. With several rounds, keeps one run per mode (its
// median round) with the rounds' fields (run/rounds.hpp: rounds, median_ms,
// range_ms, speedup_range, ceiling, spread_note…). The one place speed-ups
// are computed, for the native CLI and the WebAssembly one alike.
void add_speedups(Comparison& comparison);

// {"scenario": id, "title": …, "baseline": mode, "runs": [result, …]}: each
// result as the lesson returned it (mode, threads, gil, wall_ms, its own
// fields) plus "speedup" against the baseline when the baseline ran.
[[nodiscard]] nlohmann::json comparison_json(const Comparison& comparison);

// One line per mode (threads, GIL, wall time, speed-up), the lesson's own
// scalar fields under it, then what the reader should notice.
[[nodiscard]] std::string comparison_table(const Comparison& comparison);

// Every mode's trace in one: lanes are renamed "<mode>: <lane>" and every
// mode starts at time 0, so the modes line up on one time axis.
[[nodiscard]] Trace merged_trace(const Comparison& comparison);

// The process a lane of mode `mode` belongs to in an export: the mode, or,
// for a process of processes mode, "<mode>: <its name>" (so that Perfetto
// groups and collapses each of them). The page's export uses it too.
[[nodiscard]] std::string export_group(std::string_view mode, const Lane& lane);

[[nodiscard]] std::string scenario_list_table(const std::vector<Scenario>& scenarios);
[[nodiscard]] nlohmann::json scenario_list_json(const std::vector<Scenario>& scenarios);

}  // namespace playground::cli
