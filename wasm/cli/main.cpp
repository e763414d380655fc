// playground: run the Concurrency Playground's lessons from the command line.
//
//   playground run SCENARIO [--mode M] [--threads N] [--gil | --no-gil]
//                  [--set NAME=VALUE]... [--input F.csv] [--output OUT.csv]
//                  [--trace T.json] [--json]
//   playground list [--json]
//
// Exit status: 0 on success, 2 for a usage or input error (one line on
// stderr saying what and where), 1 for anything unexpected.
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "cli/report.hpp"
#include "cli/run_command.hpp"
#include "cli/scenario_lookup.hpp"
#include "core/cancel_token.hpp"

namespace {

constexpr int kUsageError = 2;

int fail(const std::string& message, int status) {
  std::fprintf(stderr, "playground: %s\n", message.c_str());
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Concurrency Playground: run the course's concurrency lessons and compare their modes."};
  app.require_subcommand(1);

  playground::cli::RunCommandOptions run_options;
  std::string mode;
  std::string threads;
  bool gil = false;
  bool no_gil = false;
  CLI::App* run = app.add_subcommand("run", "Run one mode of a scenario, or every mode as a comparison.");
  run->add_option("scenario", run_options.scenario, "Scenario id (see `playground list`) or path to a .json file")
      ->required();
  run->add_option("--mode", mode, "Run only this mode (default: every mode, compared)");
  run->add_option("--threads", threads, "Worker threads for thread modes (default: the scenario's)");
  auto* gil_on = run->add_flag("--gil", gil, "Hold the simulated GIL in thread modes");
  run->add_flag("--no-gil", no_gil, "Run thread modes without the simulated GIL")->excludes(gil_on);
  run->add_option("--set", run_options.set, "Set a parameter: NAME=VALUE (repeatable)")->take_all();
  run->add_option("--input", run_options.input_path, "Input CSV of name,latitude,longitude (distance matrix)");
  run->add_option("--output", run_options.output_path, "Write the distance matrix's output CSV here");
  run->add_option("--trace", run_options.trace_path,
                  "Write the runs' trace here (Chrome Trace Event JSON, for Perfetto)");
  run->add_flag("--json", run_options.json, "Print one JSON object {scenario, runs: [...]} instead of a table");

  bool list_json = false;
  CLI::App* list = app.add_subcommand("list", "List the scenarios and their modes.");
  list->add_flag("--json", list_json, "Print JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError& error) {
    // One line, whatever CLI11 would print: the first line of its message.
    std::string message = error.what();
    message = message.substr(0, message.find('\n'));
    return fail(message + " (see playground --help)", kUsageError);
  }

  try {
    if (*list) {
      const auto scenarios = playground::cli::all_scenarios();
      const std::string text = list_json ? playground::cli::scenario_list_json(scenarios).dump() + "\n"
                                         : playground::cli::scenario_list_table(scenarios);
      std::fputs(text.c_str(), stdout);
      return 0;
    }
    if (!mode.empty()) run_options.mode = mode;
    if (run->count("--threads") > 0) run_options.threads = threads;
    if (gil) run_options.gil = true;
    if (no_gil) run_options.gil = false;
    playground::cli::run_command(run_options, stdout);
    return 0;
  } catch (const playground::Cancelled&) {
    return fail("cancelled", kUsageError);
  } catch (const playground::RunError& error) {
    return fail(error.what(), kUsageError);
  } catch (const std::exception& error) {
    return fail(std::string("internal error: ") + error.what(), 1);
  }
}
