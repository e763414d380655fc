// The native CLI, run as a program: the contract in DESIGN.md (flags, one
// JSON object with --json, one line on stderr and exit status 2 for bad
// input). The binary is found next to this test binary's build tree.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "lessons/distance_matrix/distance_output.hpp"
#include "lessons/distance_matrix/haversine.hpp"
#include "lessons/distance_matrix/locations_csv.hpp"

namespace playground {
namespace {

namespace fs = std::filesystem;
using namespace lessons::distance_matrix;
const fs::path kSourceDir = PLAYGROUND_SOURCE_DIR;

// build/<preset>/tests/native/playground_tests → build/<preset>/wasm/cli/playground
fs::path cli_binary() {
  const fs::path self = fs::read_symlink("/proc/self/exe");
  return self.parent_path().parent_path().parent_path() / "wasm" / "cli" / "playground";
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct CliResult {
  int status = -1;
  std::string out;
  std::string err;
};

// A scratch folder for one test, removed afterwards.
class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() /
              ("playground_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

CliResult run_cli(const std::vector<std::string>& args, const std::string& env = "") {
  const fs::path binary = cli_binary();
  EXPECT_TRUE(fs::exists(binary)) << binary << " is missing: build the `playground` target";
  TempDir scratch;
  const fs::path err_file = scratch.path() / "stderr";
  std::string command = env + (env.empty() ? "" : " ") + shell_quote(binary.string());
  for (const auto& arg : args) command += " " + shell_quote(arg);
  command += " 2>" + shell_quote(err_file.string()) + " </dev/null";
  CliResult result;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), got);
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.err = read_all(err_file);
  return result;
}

// A usage or input error: status 2, nothing on stdout, one line on stderr.
void expect_usage_error(const CliResult& result, const std::string& message_part) {
  EXPECT_EQ(result.status, 2) << result.err;
  EXPECT_EQ(result.out, "");
  ASSERT_FALSE(result.err.empty());
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "more than one line: " << result.err;
  EXPECT_NE(result.err.find(message_part), std::string::npos) << result.err;
}

TEST(Cli, list_names_every_scenario_and_its_modes) {
  const CliResult result = run_cli({"list"});
  ASSERT_EQ(result.status, 0) << result.err;
  for (const char* id : {"sleep", "io-requests", "cpu-bound", "distance-matrix", "producer-consumer", "event-loop",
                         "amdahl", "thread-safety", "server-load"}) {
    EXPECT_NE(result.out.find(id), std::string::npos) << id;
  }
  EXPECT_NE(result.out.find("serial, threads, coroutines, first-completed"), std::string::npos);
  const auto json = nlohmann::json::parse(run_cli({"list", "--json"}).out);
  EXPECT_EQ(json.at("scenarios").size(), 9u);
}

TEST(Cli, run_without_a_mode_compares_every_mode_in_one_json_object) {
  const CliResult result = run_cli({"run", "sleep", "--json", "--set", "time_scale=0.05"});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);  // exactly one object: parse() rejects trailing text
  EXPECT_EQ(json.at("scenario"), "sleep");
  const auto& runs = json.at("runs");
  ASSERT_EQ(runs.size(), 4u);
  const std::vector<std::string> modes = {"serial", "threads", "coroutines", "first-completed"};
  for (std::size_t i = 0; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i].at("mode"), modes[i]);
    EXPECT_TRUE(runs[i].at("threads").is_number_integer());
    EXPECT_TRUE(runs[i].at("gil").is_boolean());
    EXPECT_GT(runs[i].at("wall_ms").get<double>(), 0.0);
    // The baseline has none: 1.00x against itself would say nothing.
    EXPECT_EQ(runs[i].contains("speedup"), i > 0) << modes[i];
    if (i > 0) EXPECT_GT(runs[i].at("speedup").get<double>(), 0.0);
  }
}

TEST(Cli, a_cpu_bound_comparison_reports_each_modes_median_round_its_range_and_the_machines_ceiling) {
  const CliResult result = run_cli(
      {"run", "cpu-bound", "--json", "--no-gil", "--threads", "2", "--set", "rounds=3", "--set", "time_scale=0.02"});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  for (const auto& run : json.at("runs")) {
    const std::string mode = run.at("mode");
    EXPECT_EQ(run.at("rounds"), 3) << mode;
    const auto range = run.at("range_ms");
    const double median = run.at("median_ms");
    EXPECT_LE(range[0].get<double>(), median) << mode;
    EXPECT_GE(range[1].get<double>(), median) << mode;
    EXPECT_DOUBLE_EQ(run.at("wall_ms").get<double>(), median) << mode;
    EXPECT_GE(run.at("shown_round").get<int>(), 1) << mode;  // the median round's trace is the one shown
    EXPECT_LE(run.at("shown_round").get<int>(), 3) << mode;
    // A baseline (compared with itself: serial and the fib modes' serial twins) has no speed-up.
    const bool baseline = mode == "serial" || mode == "recursive-serial" || mode == "iterative-serial";
    EXPECT_EQ(run.contains("speedup_range"), !baseline) << mode;
    if (!baseline) EXPECT_LE(run.at("speedup_range")[0].get<double>(), run.at("speedup").get<double>()) << mode;
    const bool parallel = mode == "threads" || mode == "processes";
    EXPECT_EQ(run.contains("ceiling"), parallel) << mode;
    if (parallel) {
      EXPECT_GT(run.at("ceiling").get<double>(), 0.0)
          << mode;  // measured (its size depends on how busy the machine is)
      EXPECT_LE(run.at("ceiling_range")[0].get<double>(), run.at("ceiling").get<double>()) << mode;
    }
  }
  const CliResult table = run_cli({"run", "cpu-bound", "--mode", "serial", "--set", "time_scale=0.02"});
  EXPECT_NE(table.out.find("serial: median of 3 rounds"), std::string::npos) << table.out;
}

TEST(Cli, run_with_a_mode_threads_and_gil_runs_just_that) {
  const CliResult result =
      run_cli({"run", "sleep", "--mode", "threads", "--threads", "3", "--gil", "--json", "--set", "time_scale=0.05"});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json.at("runs").size(), 1u);
  EXPECT_EQ(json["runs"][0].at("mode"), "threads");
  EXPECT_EQ(json["runs"][0].at("gil"), true);
}

TEST(Cli, the_table_shows_each_mode_and_what_to_notice) {
  const CliResult result = run_cli({"run", "sleep", "--set", "time_scale=0.05"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("mode             threads  gil      wall ms  speed-up"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("first-completed"), std::string::npos);
  EXPECT_NE(result.out.find("What to notice:"), std::string::npos);
  const auto serial = result.out.find("\nserial ");
  ASSERT_NE(serial, std::string::npos) << result.out;
  EXPECT_NE(result.out.substr(serial, result.out.find('\n', serial + 1) - serial).find("baseline"), std::string::npos)
      << result.out;
}

TEST(Cli, amdahls_table_shows_the_pools_own_speed_up_against_one_thread) {
  const CliResult table = run_cli({"run", "amdahl", "--threads", "2", "--set", "rounds=1", "--set", "time_scale=0.05"});
  ASSERT_EQ(table.status, 0) << table.err;
  const auto pool = table.out.find("\npool ");
  ASSERT_NE(pool, std::string::npos) << table.out;
  const std::string row = table.out.substr(pool + 1, table.out.find('\n', pool + 1) - pool - 1);
  EXPECT_EQ(row.find("baseline"), std::string::npos) << row;
  EXPECT_EQ(row.back(), 'x') << row;
}

TEST(Cli, the_server_load_table_shows_response_time_percentiles_and_max) {
  const CliResult result = run_cli({"run", "server-load", "--mode", "coroutines", "--set", "burst=20", "--set",
                                    "cpu_ms=1", "--set", "io_ms=10", "--set", "backlog=20"});
  ASSERT_EQ(result.status, 0) << result.err;
  // In the distribution's order: p50 <= p95 <= p99 <= max.
  const auto at = result.out.find("latency_ms={p50=");
  ASSERT_NE(at, std::string::npos) << result.out;
  double p50 = 0, p95 = 0, p99 = 0, max = 0;
  ASSERT_EQ(std::sscanf(result.out.c_str() + at, "latency_ms={p50=%lf p95=%lf p99=%lf max=%lf", &p50, &p95, &p99, &max),
            4)
      << result.out;
  EXPECT_GT(p50, 0);
  EXPECT_LE(p50, p95);
  EXPECT_LE(p95, p99);
  EXPECT_LE(p99, max);
}

TEST(Cli, the_event_loop_table_shows_the_courses_figures_as_labelled_reference_rows) {
  const CliResult table = run_cli({"run", "event-loop", "--set", "actions=2000"});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("direct-resume"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("asyncio              -  -        16200.0         -  reference: the course's measurement, "
                           "Python asyncio; actions=500000"),
            std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("uvloop               -  -        11300.0"), std::string::npos) << table.out;
  const auto json = nlohmann::json::parse(run_cli({"run", "event-loop", "--set", "actions=2000", "--json"}).out);
  ASSERT_EQ(json.at("references").size(), 2u);
  EXPECT_EQ(json["references"][0].at("label"), "asyncio");
  EXPECT_EQ(json["references"][0].at("wall_ms"), 16200.0);
  EXPECT_EQ(json["references"][0].at("params"), (nlohmann::json{{"actions", 500000}}));
  EXPECT_FALSE(
      nlohmann::json::parse(run_cli({"run", "sleep", "--mode", "serial", "--json", "--set", "time_scale=0.02"}).out)
          .contains("references"));
}

TEST(Cli, each_fib_mode_gets_its_speed_up_against_its_serial_twin) {
  // One round: its speed-up is then exactly the twin's time over the mode's (with more, the median
  // of each round's ratio, which need not be the ratio of the median times).
  const CliResult result =
      run_cli({"run", "cpu-bound", "--set", "fib_n=15", "--set", "time_scale=0.02", "--set", "rounds=1", "--json"});
  ASSERT_EQ(result.status, 0) << result.err;
  std::map<std::string, nlohmann::json> runs;
  const auto json = nlohmann::json::parse(result.out);
  for (const auto& run : json.at("runs")) runs[run.at("mode").get<std::string>()] = run;
  const auto against = [&](const std::string& mode, const std::string& twin) {
    return runs.at(twin).at("wall_ms").get<double>() / runs.at(mode).at("wall_ms").get<double>();
  };
  EXPECT_DOUBLE_EQ(runs.at("recursive-coroutines").at("speedup").get<double>(),
                   against("recursive-coroutines", "recursive-serial"));
  EXPECT_DOUBLE_EQ(runs.at("iterative-coroutines").at("speedup").get<double>(),
                   against("iterative-coroutines", "iterative-serial"));
  EXPECT_FALSE(runs.at("recursive-serial").contains("speedup"));  // each twin is a baseline of its own
  EXPECT_FALSE(runs.at("iterative-serial").contains("speedup"));
}

TEST(Cli, a_scenario_can_be_given_as_a_path) {
  const CliResult result = run_cli({"run", (kSourceDir / "scenarios" / "sleep.json").string(), "--mode", "coroutines",
                                    "--json", "--set", "time_scale=0.05"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out).at("scenario"), "sleep");
}

TEST(Cli, the_scenarios_folder_can_come_from_the_environment) {
  TempDir folder;
  fs::copy_file(kSourceDir / "scenarios" / "sleep.json", folder.path() / "sleep.json");
  const CliResult result = run_cli({"list"}, "PLAYGROUND_SCENARIOS=" + shell_quote(folder.path().string()));
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("sleep"), std::string::npos);
  EXPECT_EQ(result.out.find("amdahl"), std::string::npos);
}

TEST(Cli, an_unknown_scenario_lists_the_known_ones) {
  expect_usage_error(run_cli({"run", "nope"}), "unknown scenario \"nope\"");
  expect_usage_error(run_cli({"run", "nope"}), "amdahl, cpu-bound, distance-matrix");
  expect_usage_error(run_cli({"run", "/nonexistent/x.json"}), "cannot read \"/nonexistent/x.json\"");
}

TEST(Cli, an_unknown_mode_lists_the_scenarios_modes) {
  expect_usage_error(
      run_cli({"run", "sleep", "--mode", "pool"}),
      "unknown mode \"pool\" for scenario \"sleep\" (modes: serial, threads, coroutines, first-completed)");
}

TEST(Cli, a_bad_parameter_names_it_and_its_range) {
  expect_usage_error(run_cli({"run", "producer-consumer", "--set", "queue_size=abc"}),
                     "parameter \"queue_size\" must be an integer between 1 and 1000 (got \"abc\")");
  expect_usage_error(run_cli({"run", "sleep", "--set", "bogus=1"}), "unknown parameter \"bogus\"");
  expect_usage_error(run_cli({"run", "sleep", "--set", "first_ms"}), "--set expects NAME=VALUE");
  expect_usage_error(run_cli({"run", "sleep", "--set", "first_ms=5", "--set", "first_ms=6"}),
                     "parameter \"first_ms\" is set twice");
}

TEST(Cli, a_bad_thread_count_names_the_range) {
  expect_usage_error(run_cli({"run", "sleep", "--threads", "0"}),
                     "threads must be an integer between 1 and 64 for scenario \"sleep\" (got 0)");
  expect_usage_error(run_cli({"run", "sleep", "--threads", "many"}),
                     "threads must be an integer between 1 and 64 for scenario \"sleep\" (got \"many\")");
}

TEST(Cli, usage_errors_are_one_line_with_status_2) {
  expect_usage_error(run_cli({}), "");
  expect_usage_error(run_cli({"run"}), "scenario");
  expect_usage_error(run_cli({"run", "sleep", "--frobnicate"}), "--frobnicate");
  expect_usage_error(run_cli({"run", "sleep", "--gil", "--no-gil"}), "");
  expect_usage_error(run_cli({"run", "sleep", "--output", "x.csv"}),
                     "--output: scenario \"sleep\" writes no output CSV");
  expect_usage_error(run_cli({"run", "sleep", "--input", "x.csv"}), "--input: scenario \"sleep\" reads no input file");
}

TEST(Cli, help_goes_to_stdout_with_status_0) {
  const CliResult result = run_cli({"run", "--help"});
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.out.find("--set"), std::string::npos);
}

TEST(Cli, trace_writes_chrome_trace_event_json_with_every_modes_lanes) {
  TempDir folder;
  const fs::path trace = folder.path() / "trace.json";
  const CliResult result = run_cli({"run", "sleep", "--set", "time_scale=0.05", "--trace", trace.string(), "--json"});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(read_all(trace));
  ASSERT_TRUE(json.contains("traceEvents"));
  std::size_t complete_events = 0;
  bool serial_lane = false, coroutine_lane = false;
  for (const auto& event : json.at("traceEvents")) {
    if (event.value("ph", "") == "X") ++complete_events;
    if (event.value("ph", "") == "M" && event.contains("args")) {
      const std::string name = event["args"].value("name", "");
      serial_lane = serial_lane || name.rfind("serial: ", 0) == 0;
      coroutine_lane = coroutine_lane || name.rfind("coroutines: ", 0) == 0;
    }
  }
  EXPECT_GT(complete_events, 0u);
  EXPECT_TRUE(serial_lane);
  EXPECT_TRUE(coroutine_lane);
}

// Issue 17: each mode is a named process, and the causal edges (the sleeps'
// timers, the joins they release) are flow events inside slices. (Whether
// first-completed cancels depends on timing: on a busy machine both sleeps
// can end in one step.)
TEST(Cli, trace_has_a_process_per_mode_and_flows_bound_to_slices) {
  TempDir folder;
  const fs::path trace = folder.path() / "trace.json";
  const CliResult result = run_cli({"run", "sleep", "--set", "time_scale=0.05", "--trace", trace.string(), "--json"});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto events = nlohmann::json::parse(read_all(trace)).at("traceEvents");
  std::set<std::string> processes;
  std::vector<nlohmann::json> slices, flows;
  for (const auto& e : events) {
    if (e.value("name", "") == "process_name") processes.insert(e.at("args").at("name").get<std::string>());
    if (e.value("ph", "") == "X") slices.push_back(e);
    if (e.value("ph", "") == "s" || e.value("ph", "") == "f") flows.push_back(e);
  }
  EXPECT_EQ(processes, (std::set<std::string>{"serial", "threads", "coroutines", "first-completed"}));
  std::set<std::string> kinds;
  for (const auto& flow : flows) {
    kinds.insert(flow.at("cat").get<std::string>());
    const auto ts = flow.at("ts").get<std::int64_t>();
    const bool inside = std::any_of(slices.begin(), slices.end(), [&](const nlohmann::json& x) {
      const auto start = x.at("ts").get<std::int64_t>();
      return x.at("pid") == flow.at("pid") && x.at("tid") == flow.at("tid") && start <= ts &&
             ts < start + x.at("dur").get<std::int64_t>();
    });
    EXPECT_TRUE(inside) << flow.dump();
  }
  EXPECT_TRUE(kinds.count("edge.timer")) << "sleeps resumed by their timers";
  EXPECT_TRUE(kinds.count("edge.join")) << "a task's end released the wait for it";
}

TEST(Cli, a_bad_input_csv_is_named_with_its_line_and_field) {
  const fs::path bad = kSourceDir / "tests" / "data" / "bad_latitude.csv";
  expect_usage_error(run_cli({"run", "distance-matrix", "--mode", "serial", "--input", bad.string()}),
                     bad.string() + ": line 3, field \"latitude\": 123.4 is outside [-90, 90]");
  expect_usage_error(run_cli({"run", "distance-matrix", "--input", "/nonexistent.csv"}),
                     "cannot read \"/nonexistent.csv\"");
}

TEST(Cli, distance_matrix_output_has_every_pair_in_order_with_exact_distances) {
  TempDir folder;
  const fs::path input = kSourceDir / "tests" / "data" / "awkward_locations.csv";
  const fs::path output = folder.path() / "out.csv";
  const CliResult result =
      run_cli({"run", "distance-matrix", "--mode", "serial", "--set", "read_delay_ms=0", "--set", "write_delay_ms=0",
               "--input", input.string(), "--output", output.string(), "--json"});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  const auto locations = read_locations_file(input.string());
  EXPECT_EQ(json.at("runs")[0].at("pairs"), pair_count(locations.size()));
  // The same rows the data layer writes for the same distances.
  std::vector<double> distances;
  for (const auto& pair : all_pairs(locations.size())) {
    distances.push_back(haversine_km(locations[pair.origin], locations[pair.destination]));
  }
  EXPECT_EQ(read_all(output), format_distance_csv(locations, distances));
}

TEST(Cli, every_scenario_runs_every_mode_with_the_contract_fields) {
  // Lessons scaled down: correctness of the report, not timing.
  const std::vector<std::vector<std::string>> runs = {
      {"sleep", "--set", "time_scale=0.02"},
      {"io-requests", "--set", "time_scale=0.02"},
      {"cpu-bound", "--set", "time_scale=0.02", "--set", "fib_n=12", "--threads", "2"},
      {"distance-matrix", "--set", "time_scale=0.02", "--threads", "2"},
      {"producer-consumer", "--set", "time_scale=0.02", "--set", "items=5"},
      {"event-loop", "--set", "actions=20000"},
      {"amdahl", "--set", "time_scale=0.02", "--threads", "2"},
  };
  for (const auto& args : runs) {
    SCOPED_TRACE(args[0]);
    std::vector<std::string> command = {"run"};
    command.insert(command.end(), args.begin(), args.end());
    command.push_back("--json");
    const CliResult result = run_cli(command);
    ASSERT_EQ(result.status, 0) << result.err;
    const auto json = nlohmann::json::parse(result.out);
    ASSERT_EQ(json.at("scenario"), args[0]);
    for (const auto& run : json.at("runs")) {
      SCOPED_TRACE(run.value("mode", "?"));
      EXPECT_TRUE(run.at("mode").is_string());
      EXPECT_TRUE(run.at("threads").is_number_integer());
      EXPECT_TRUE(run.at("gil").is_boolean());
      EXPECT_GE(run.at("wall_ms").get<double>(), 0.0);
      if (args[0] == "distance-matrix") EXPECT_EQ(run.at("pairs"), 10);
      if (args[0] == "producer-consumer") {
        EXPECT_EQ(run.at("items_consumed"), 5);
        for (const char* key : {"p50", "p95", "max"}) EXPECT_TRUE(run.at("latency_ms").at(key).is_number()) << key;
      }
      if (args[0] == "event-loop") {
        EXPECT_EQ(run.at("actions"), 20000);
        EXPECT_GT(run.at("actions_per_s").get<double>(), 0.0);
      }
    }
  }
}

// The CLI serves as a processes-mode child when started as one, whatever
// its command line (processes/protocol.hpp).
TEST(Cli, started_as_a_child_it_answers_a_bad_request_with_an_error_line) {
  const CliResult result = run_cli({"run", "sleep"}, "PLAYGROUND_PROCESS_CHILD=1");  // stdin is /dev/null
  EXPECT_NE(result.status, 0);
  EXPECT_EQ(result.out.substr(0, 12), "ready\nerror ") << result.out;
}

}  // namespace
}  // namespace playground
