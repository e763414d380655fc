// The one parent driver of every processes mode, fed by hand: the children
// are served in this process (processes::serve_child on each request), and
// their output is handed to the driver in small pieces, as pipes or worker
// messages may cut it.
#include "processes/parent.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/trace.hpp"
#include "lessons/cpu_bound/cpu_bound.hpp"
#include "lessons/distance_matrix/distance_matrix.hpp"
#include "lessons/lesson_test_support.hpp"
#include "lessons/server_load/server_load.hpp"
#include "processes/protocol.hpp"
#include "processes/worker_parent.hpp"
#include "run/request.hpp"
#include "run/text_file.hpp"

namespace playground::processes {
namespace {

// What a child writes for `request`, as a child process would.
std::string serve(const std::string& request, int* status) {
  std::FILE* in = fmemopen(const_cast<char*>(request.data()), request.size(), "r");
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&text, &size);
  *status = serve_child(in, out);
  std::fclose(in);
  std::fclose(out);
  std::string output(text, size);
  std::free(text);
  return output;
}

// Drives `parent` through every child's events, handing on output in pieces of `piece` bytes.
RunOutcome drive(ProcessesParent& parent, std::size_t piece) {
  for (std::size_t k = 0; k < parent.size(); ++k) parent.spawned(k);
  for (std::size_t k = 0; k < parent.size(); ++k) {
    int status = -1;
    const std::string output = serve(parent.request(k), &status);
    parent.output(k, output.substr(0, 3));  // "rea": not yet ready
    EXPECT_FALSE(parent.has_said_ready(k));
    parent.output(k, output.substr(3, 3));  // "dy\n"
    EXPECT_TRUE(parent.has_said_ready(k));
    parent.sent(k);
    for (std::size_t at = 6; at < output.size(); at += piece) parent.output(k, output.substr(at, piece));
    parent.closed(k, status);
  }
  EXPECT_TRUE(parent.all_closed());
  return parent.finish();
}

RunRequest request_for(const Lesson& lesson, const std::string& mode, nlohmann::json params, int threads) {
  RunRequest request;
  request.mode = mode;
  request.threads = threads;
  request.params = std::move(params);
  return testing::resolved(lesson, std::move(request));
}

TEST(ProcessesParent, cpu_bound_children_compute_exactly_the_serial_jobs) {
  const Lesson& lesson = lessons::cpu_bound::lesson();
  const nlohmann::json params = {{"jobs", 5}, {"work_ms", 2}};
  SteadyClock clock;
  TraceRecorder trace(clock);
  RunContext context{.trace = &trace};
  ProcessesParent parent(lesson, request_for(lesson, "processes", params, 2), context);
  ASSERT_EQ(parent.size(), 2u);
  const RunOutcome outcome = drive(parent, 7);
  RunContext plain;
  const RunOutcome serial = lesson.run(request_for(lesson, "serial", params, 1), plain);
  EXPECT_EQ(outcome.result.at("checksum"), serial.result.at("checksum"));
  EXPECT_EQ(outcome.result.at("steps_per_job"), serial.result.at("steps_per_job"));
  EXPECT_EQ(outcome.result.at("threads"), 2);
  EXPECT_GE(outcome.result.at("startup_ms").get<double>(), 0.0);
  int process_lanes = 0;
  for (const Lane& lane : trace.lanes()) process_lanes += lane.kind == LaneKind::process ? 1 : 0;
  EXPECT_EQ(process_lanes, 2);
}

TEST(ProcessesParent, distance_matrix_children_write_what_serial_writes) {
  const Lesson& lesson = lessons::distance_matrix::lesson();
  const nlohmann::json params = {{"read_delay_ms", 0}, {"write_delay_ms", 0}};
  RunRequest request = request_for(lesson, "processes", params, 3);
  request.input_csv = read_text_file(std::string(PLAYGROUND_SOURCE_DIR) + "/scenarios/data/many_locations.csv");
  RunContext context;
  ProcessesParent parent(lesson, request, context);
  ASSERT_EQ(parent.size(), 3u);
  const RunOutcome outcome = drive(parent, 4096);
  request.mode = "serial";
  RunContext plain;
  const RunOutcome serial = lesson.run(request, plain);
  EXPECT_EQ(outcome.output_csv.str(), serial.output_csv.str());
  ASSERT_EQ(outcome.result.at("processes").size(), 3u);
  EXPECT_EQ(outcome.result.at("processes")[0].at("bytes_in").get<std::size_t>(), parent.request(0).size());
}

TEST(ProcessesParent, a_childs_error_line_is_the_runs_error) {
  const Lesson& lesson = lessons::cpu_bound::lesson();
  RunContext context;
  ProcessesParent parent(lesson, request_for(lesson, "processes", {{"jobs", 1}, {"work_ms", 1}}, 1), context);
  parent.spawned(0);
  parent.output(0, "ready\nerror the share was garbled\n");
  parent.sent(0);
  parent.closed(0, 1);
  try {
    (void)parent.finish();
    FAIL() << "expected RunError";
  } catch (const RunError& error) {
    EXPECT_STREQ(error.what(), "worker process 1: the share was garbled");
  }
}

TEST(ProcessesParent, a_child_that_stops_early_is_named_with_what_it_did) {
  const Lesson& lesson = lessons::cpu_bound::lesson();
  RunContext context;
  ProcessesParent parent(lesson, request_for(lesson, "processes", {{"jobs", 2}, {"work_ms", 1}}, 1), context);
  parent.spawned(0);
  parent.output(0, "ready\nstart 0\n");
  parent.sent(0);
  parent.closed(0, 137);
  EXPECT_THROW((void)parent.finish(), RunError);
}

TEST(ProcessesParent, a_server_childs_malformed_line_is_an_error_naming_it) {
  const Lesson& lesson = lessons::server_load::lesson();
  // Request 1 (id 0) went to process 1 of 2, request 2 to process 2.
  for (const std::string line : {"ran 0 5 3", "ran 0 -1 3", "ran 1 0 3", "ran 0 0", "waited 0 0 3", "waited x",
                                 "done 0 1 2", "done 7 0 1 2 3", "hello"}) {
    RunContext context;
    ProcessesParent parent(lesson, request_for(lesson, "processes", {{"burst", 2}, {"cpu_ms", 0}, {"io_ms", 1}}, 2),
                           context);
    parent.spawned(0);
    parent.output(0, "ready\n");
    parent.sent(0);
    try {
      parent.output(0, line + "\n");
      ADD_FAILURE() << "no error for \"" << line << "\"";
    } catch (const RunError& error) {
      EXPECT_EQ(error.what(), "worker process 1 sent \"" + line + "\"");
    }
  }
}

// As the WebAssembly builds drive it (issue 17): the parent's polls carry,
// beside the spans, the messages to and from each child as causal edges
// between the lanes those spans are on.
TEST(ProcessesRun, its_polls_carry_the_messages_to_and_from_each_child_as_edges_between_their_lanes) {
  std::ifstream file(std::string(PLAYGROUND_SOURCE_DIR) + "/scenarios/cpu-bound.json");
  std::stringstream scenario;
  scenario << file.rdbuf();
  ProcessesRun run(resolve_request({{"scenario_json", nlohmann::json::parse(scenario.str())},
                                    {"mode", "processes"},
                                    {"threads", 2},
                                    {"params", {{"jobs", 2}, {"work_ms", 1}}}}));
  const nlohmann::json plan = run.start();
  ASSERT_EQ(plan.at("children").size(), 2u);
  std::map<int, std::string> lane_names;
  std::vector<int> span_lanes;
  std::vector<nlohmann::json> edges;
  const auto collect = [&] {
    const nlohmann::json news = run.poll();
    for (const auto& lane : news.at("lanes")) lane_names[lane.at("id").get<int>()] = lane.at("name").get<std::string>();
    for (const auto& span : news.at("spans")) span_lanes.push_back(span.at("lane").get<int>());
    for (const auto& edge : news.at("edges")) edges.push_back(edge);
  };
  for (int k = 0; k < 2; ++k) run.spawned(k);
  for (int k = 0; k < 2; ++k) {
    const std::string request = plan.at("children")[k].at("request").get<std::string>();
    int status = -1;
    const std::string output = serve(request, &status);
    run.ready(k);
    run.sent(k, request.size());
    collect();  // the share's edge comes with the poll after it was sent
    EXPECT_EQ(std::count_if(
                  edges.begin(), edges.end(),
                  [](const nlohmann::json& e) { return e.at("label").get<std::string>().starts_with("its share"); }),
              k + 1);
    run.output(k, output);
    run.closed(k, status);
  }
  (void)run.finish();
  collect();
  std::vector<std::string> seen;
  for (const auto& e : edges) {
    const int from = e.at("from_lane").get<int>();
    const int to = e.at("to_lane").get<int>();
    EXPECT_EQ(e.at("kind"), "message");
    EXPECT_LE(e.at("from_us").get<std::int64_t>(), e.at("to_us").get<std::int64_t>());
    for (const int lane : {from, to}) EXPECT_NE(std::count(span_lanes.begin(), span_lanes.end(), lane), 0) << lane;
    const std::string label = e.at("label").get<std::string>();
    seen.push_back(lane_names[from] + " -> " + lane_names[to] + ": " + label.substr(0, label.find(" (")));
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{"main -> process 1: its share", "main -> process 2: its share",
                                            "process 1 -> main: its answer", "process 2 -> main: its answer"}));
}

TEST(Protocol, a_request_for_a_lesson_without_processes_is_an_error_line) {
  int status = -1;
  EXPECT_EQ(serve(child_request("sleep", "x\n"), &status), "ready\nerror lesson \"sleep\" has no processes mode\n");
  EXPECT_EQ(status, 1);
  EXPECT_EQ(serve("hello\n", &status).substr(0, 12), "ready\nerror ");
  EXPECT_EQ(child_error("error boom\nmore"), "boom");
  EXPECT_EQ(child_error("row 1 2\n"), "");
}

}  // namespace
}  // namespace playground::processes
