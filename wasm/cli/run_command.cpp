#include "cli/run_command.hpp"

#include <cerrno>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cli/report.hpp"
#include "cli/scenario_lookup.hpp"
#include "core/clock.hpp"
#include "lessons/distance_matrix/locations_csv.hpp"
#include "run/number_format.hpp"
#include "run/rounds.hpp"
#include "run/text_file.hpp"

namespace playground::cli {
namespace {

void write_file(const std::string& path, const std::vector<std::string_view>& chunks) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) throw RunError("cannot write \"" + path + "\": " + std::strerror(errno));
  bool written = true;
  for (const std::string_view chunk : chunks) {
    written = written && std::fwrite(chunk.data(), 1, chunk.size(), file) == chunk.size();
  }
  const int write_errno = errno;
  if (std::fclose(file) != 0 || !written) {
    throw RunError("cannot write \"" + path + "\": " + std::strerror(written ? errno : write_errno));
  }
}

std::map<std::string, std::string> parse_overrides(const std::vector<std::string>& assignments) {
  std::map<std::string, std::string> overrides;
  for (const auto& assignment : assignments) {
    auto [name, value] = split_assignment(assignment);
    if (overrides.count(name)) throw ScenarioError("parameter \"" + name + "\" is set twice");
    overrides.emplace(std::move(name), std::move(value));
  }
  return overrides;
}

std::optional<std::int64_t> parse_threads(const Scenario& scenario, const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  const auto value = parse_integer(*text);
  if (!value) {
    throw ScenarioError("threads must be an integer between " + std::to_string(scenario.threads.min) + " and " +
                        std::to_string(scenario.threads.max) + " for scenario \"" + scenario.id + "\" (got \"" +
                        text->substr(0, 40) + "\")");
  }
  return value;
}

// The input CSV's text: --input, else the scenario's first data file. It is
// parsed here once so that a bad file is reported with its path before
// anything runs; the lesson parses the same text again.
std::string input_csv(const FoundScenario& found, const RunCommandOptions& options) {
  const Scenario& scenario = found.scenario;
  if (scenario.data.empty()) {
    if (!options.input_path.empty()) {
      throw ScenarioError("--input: scenario \"" + scenario.id + "\" reads no input file");
    }
    return {};
  }
  const std::string path = options.input_path.empty() ? found.folder + "/" + scenario.data.front() : options.input_path;
  (void)lessons::distance_matrix::read_locations_file(path);
  return read_text_file(path);
}

ModeRun run_one(const Lesson& demo, RunRequest request) {
  SteadyClock clock;
  TraceRecorder recorder(clock);
  CancelToken cancel;
  Progress progress;
  RunContext context{.trace = &recorder, .cancel = &cancel, .progress = &progress};
  ModeRun run;
  run.outcome = demo.run(request, context);
  const double measured_ms = static_cast<double>(clock.now_us()) / 1000.0;
  run.trace = recorder.snapshot();
  // The contract's fields, in case a demo leaves one out.
  auto& result = run.outcome.result;
  if (!result.contains("mode")) result["mode"] = request.mode;
  if (!result.contains("threads")) result["threads"] = request.threads;
  if (!result.contains("gil")) result["gil"] = request.gil;
  if (!result.contains("wall_ms")) result["wall_ms"] = measured_ms;
  run.request = std::move(request);
  return run;
}

}  // namespace

void run_command(const RunCommandOptions& options, std::FILE* out) {
  const FoundScenario found = find_scenario(options.scenario);
  const Scenario& scenario = found.scenario;
  // Every choice is checked before the first mode runs.
  RunChoices choices;
  choices.threads = parse_threads(scenario, options.threads);
  choices.gil = options.gil;
  for (const auto& [name, value] : parse_overrides(options.set)) choices.params[name] = value;
  if (!options.output_path.empty() && scenario.data.empty()) {
    throw ScenarioError("--output: scenario \"" + scenario.id + "\" writes no output CSV");
  }
  choices.input_csv = input_csv(found, options);
  std::vector<RunRequest> requests;
  for (const auto& mode : options.mode ? std::vector<std::string>{*options.mode} : scenario.modes) {
    choices.mode = mode;
    requests.push_back(make_run_request(scenario, choices));
  }

  const Lesson* demo = find_lesson(scenario.demo);
  if (demo == nullptr) {
    throw ScenarioError(scenario.source + ": demo \"" + scenario.demo + "\" is not in this build");
  }

  Comparison comparison{.scenario = scenario, .runs = {}, .ceilings = {}, .spread_note = {}};
  const bool with_ceiling =
      claims_parallel_speedup(scenario, options.mode ? std::vector{*options.mode} : scenario.modes);
  comparison.ceilings = run_rounds(requests, with_ceiling, [&](const RunRequest& request, int round) {
    comparison.runs.push_back(run_one(*demo, request));
    comparison.runs.back().round = round;
  });
  add_speedups(comparison);

  if (!options.output_path.empty()) {
    const ModeRun* with_output = nullptr;
    for (const auto& run : comparison.runs) {
      if (!run.outcome.output_csv.empty()) with_output = &run;
    }
    if (with_output == nullptr) throw RunError("--output: no mode of \"" + scenario.id + "\" produced an output CSV");
    write_file(options.output_path, with_output->outcome.output_csv.chunks());
  }
  if (!options.trace_path.empty()) {
    const std::string trace = to_chrome_trace_json(merged_trace(comparison), scenario.title);
    write_file(options.trace_path, {trace});
  }
  const std::string report =
      options.json ? comparison_json(comparison).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"
                   : comparison_table(comparison);
  std::fputs(report.c_str(), out);
  std::fflush(out);
}

}  // namespace playground::cli
