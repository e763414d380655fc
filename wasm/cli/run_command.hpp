#pragma once
// `playground run SCENARIO ...`: checks every choice before anything runs,
// runs the chosen mode (or every mode, as a comparison), adds the speed-up
// against the scenario's baseline, and writes the report, the output CSV and
// the trace where asked.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "core/trace.hpp"
#include "run/lesson.hpp"
#include "run/scenario.hpp"

namespace playground::cli {

struct RunCommandOptions {
  std::string scenario;                // an id or a path to a .json file
  std::optional<std::string> mode;     // none: every mode, in the scenario's order
  std::optional<std::string> threads;  // as typed; none: the scenario's default
  std::optional<bool> gil;             // none: the scenario's default
  std::vector<std::string> set;        // NAME=VALUE overrides
  std::string input_path;              // distance matrix: input CSV (default: the scenario's first data file)
  std::string output_path;             // distance matrix: where to write the output CSV
  std::string trace_path;              // where to write Chrome Trace Event JSON
  bool json = false;                   // one JSON object on stdout instead of a table
};

// One mode's run.
struct ModeRun {
  RunRequest request;
  RunOutcome outcome;  // outcome.result has mode, threads, gil, wall_ms, speedup (when the baseline ran), …
  Trace trace;
  int round = 1;  // which round of the comparison it was (rounds count from 1)
};

struct Comparison {
  Scenario scenario;
  std::vector<ModeRun> runs;
  std::vector<double> ceilings;  // the machine's ceiling in each round (run/rounds.hpp); empty: not measured
  std::string spread_note;       // the modes whose rounds are too far apart to trust, in one sentence; else empty
};

// Runs the command and prints its report on `out`. Bad choices or input
// throw ScenarioError / RunError (the caller prints one line and exits 2).
void run_command(const RunCommandOptions& options, std::FILE* out);

}  // namespace playground::cli
