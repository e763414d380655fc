#include "lessons/distance_matrix/distance_matrix.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "core/cancel_token.hpp"
#include "core/clock.hpp"
#include "core/trace.hpp"
#include "lessons/distance_matrix/distance_output.hpp"
#include "lessons/distance_matrix/locations_csv.hpp"
#include "lessons/lesson_test_support.hpp"
#include "run/text_file.hpp"

namespace playground::lessons::distance_matrix {
namespace {

std::string data_file(const std::string& name) {
  return read_text_file(std::string(PLAYGROUND_SOURCE_DIR) + "/scenarios/data/" + name);
}

// The first `n` lines of the course's many_locations.csv.
std::string first_locations(std::size_t n) {
  const std::string all = data_file("many_locations.csv");
  std::size_t end = 0;
  for (std::size_t k = 0; k < n; ++k) end = all.find('\n', end) + 1;
  return all.substr(0, end);
}

RunRequest request_for(const std::string& mode, const std::string& csv, int threads = 4) {
  RunRequest request;
  request.mode = mode;
  request.threads = threads;
  request.input_csv = csv;
  request.params = {{"read_delay_ms", 0}, {"write_delay_ms", 0}};
  return testing::resolved(lesson(), std::move(request));
}

RunOutcome run_mode(const RunRequest& request) {
  RunContext context;
  return lesson().run(testing::resolved(lesson(), request), context);
}

// An independent haversine, in long double, straight from the formula.
double reference_km(double lat1, double lon1, double lat2, double lon2) {
  const long double to_rad = 3.14159265358979323846264338327950288L / 180.0L;
  const long double p1 = lat1 * to_rad, p2 = lat2 * to_rad;
  const long double dp = (lat2 - lat1) * to_rad, dl = (lon2 - lon1) * to_rad;
  const long double a =
      std::sin(dp / 2) * std::sin(dp / 2) + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  return static_cast<double>(2.0L * 6371.0088L * std::asin(std::sqrt(a)));
}

// Output rows split into (origin, destination, distance) text fields.
struct Row {
  std::string origin, destination;
  double km;
};
std::vector<Row> parse_output(const std::string& csv) {
  std::vector<Row> rows;
  std::size_t pos = csv.find('\n') + 1;  // past the header
  while (pos < csv.size()) {
    const std::size_t end = csv.find('\n', pos);
    const std::string line = csv.substr(pos, end - pos);
    const std::size_t c2 = line.rfind(',');
    const std::size_t c1 = line.rfind(',', c2 - 1);
    rows.push_back({line.substr(0, c1), line.substr(c1 + 1, c2 - c1 - 1), std::stod(line.substr(c2 + 1))});
    pos = end + 1;
  }
  return rows;
}

class EveryMode : public ::testing::TestWithParam<const char*> {};

TEST_P(EveryMode, every_mode_writes_the_serial_output_byte_for_byte) {
  for (const char* file : {"five_locations.csv", "many_locations.csv"}) {
    const std::string csv = data_file(file);
    const RunOutcome serial = run_mode(request_for("serial", csv));
    const RunOutcome other = run_mode(request_for(GetParam(), csv, 3));
    EXPECT_EQ(other.output_csv.str(), serial.output_csv.str()) << GetParam() << " on " << file;
    EXPECT_EQ(other.result.at("mode"), GetParam());
    EXPECT_EQ(other.result.at("pairs").get<std::size_t>(), pair_count(parse_locations_csv(csv).size()));
  }
}

INSTANTIATE_TEST_SUITE_P(DistanceMatrix, EveryMode, ::testing::Values("threads", "pool", "coroutines", "processes"));

TEST(DistanceMatrix, thread_modes_with_the_gil_write_the_same_output) {
  const std::string csv = data_file("many_locations.csv");
  const RunOutcome serial = run_mode(request_for("serial", csv));
  for (const char* mode : {"threads", "pool"}) {
    RunRequest request = request_for(mode, csv, 4);
    request.gil = true;
    const RunOutcome outcome = run_mode(request);
    EXPECT_EQ(outcome.output_csv.str(), serial.output_csv.str()) << mode;
    EXPECT_TRUE(outcome.result.at("gil").get<bool>());
    EXPECT_GT(outcome.result.at("gil_stats").at("acquisitions").get<std::uint64_t>(), 0u) << mode;
  }
}

TEST(DistanceMatrix, optimised_kernel_gives_the_same_pairs_within_1e_12) {
  const std::string csv = data_file("many_locations.csv");
  const std::vector<Row> serial = parse_output(run_mode(request_for("serial", csv)).output_csv.str());
  const std::vector<Row> optimised = parse_output(run_mode(request_for("optimised", csv)).output_csv.str());
  ASSERT_EQ(optimised.size(), serial.size());
  for (std::size_t k = 0; k < serial.size(); ++k) {
    EXPECT_EQ(optimised[k].origin, serial[k].origin);
    EXPECT_EQ(optimised[k].destination, serial[k].destination);
    EXPECT_NEAR(optimised[k].km, serial[k].km, 1e-12 * serial[k].km + 1e-12) << "row " << k;
  }
}

TEST(DistanceMatrix, output_matches_an_independent_haversine_in_the_course_pair_order) {
  const std::string csv = data_file("five_locations.csv");
  const std::vector<Location> locations = parse_locations_csv(csv);
  const RunOutcome outcome = run_mode(request_for("serial", csv));
  const std::string csv_text = outcome.output_csv.str();
  ASSERT_EQ(csv_text.substr(0, csv_text.find('\n')), "origin,destination,distance_km");
  const std::vector<Row> rows = parse_output(outcome.output_csv.str());
  const std::vector<std::pair<int, int>> order = {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3},
                                                  {2, 3}, {0, 4}, {1, 4}, {2, 4}, {3, 4}};
  ASSERT_EQ(rows.size(), order.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Location& a = locations[order[k].first];
    const Location& b = locations[order[k].second];
    EXPECT_EQ(rows[k].origin, a.name);
    EXPECT_EQ(rows[k].destination, b.name);
    const double expected = reference_km(a.latitude, a.longitude, b.latitude, b.longitude);
    EXPECT_NEAR(rows[k].km, expected, 1e-9 * expected) << a.name << " → " << b.name;
  }
}

TEST(DistanceMatrix, result_has_pairs_locations_and_busy_lanes) {
  const RunOutcome outcome = run_mode(request_for("pool", data_file("many_locations.csv"), 2));
  const nlohmann::json& result = outcome.result;
  EXPECT_EQ(result.at("locations").get<int>(), 250);
  EXPECT_EQ(result.at("pairs").get<int>(), 31125);
  EXPECT_EQ(result.at("threads").get<int>(), 2);
  EXPECT_GT(result.at("wall_ms").get<double>(), 0.0);
  ASSERT_TRUE(result.at("lanes").is_array());
  ASSERT_GE(result.at("lanes").size(), 1u);
  for (const auto& lane : result.at("lanes")) {
    EXPECT_GE(lane.at("busy_ms").get<double>(), 0.0);
    EXPECT_GE(lane.at("utilisation").get<double>(), 0.0);
  }
  EXPECT_GE(result.at("kernel_ms").get<double>(), 0.0);
  EXPECT_GE(result.at("format_ms").get<double>(), 0.0);
}

TEST(DistanceMatrix, progress_counts_every_pair) {
  RunContext context;
  Progress progress;
  context.progress = &progress;
  (void)lesson().run(request_for("coroutines", data_file("many_locations.csv")), context);
  EXPECT_EQ(progress.total.load(), 31125);
  EXPECT_EQ(progress.done.load(), 31125);
}

TEST(DistanceMatrix, thread_per_task_says_how_often_the_cap_was_reached) {
  const RunOutcome outcome = run_mode(request_for("threads", data_file("many_locations.csv"), 2));
  const nlohmann::json& stats = outcome.result.at("thread_per_task");
  EXPECT_EQ(stats.at("threads_started").get<int>(), 249);  // one per row 1..249
  EXPECT_LE(stats.at("peak_live").get<int>(), 2);
  EXPECT_EQ(stats.at("max_live_threads").get<int>(), 2);
  if (stats.at("cap_waits").get<int>() > 0) {
    EXPECT_FALSE(stats.at("note").get<std::string>().empty());
  }
}

TEST(DistanceMatrix, processes_report_their_start_up_and_copy_costs_on_process_lanes) {
  SteadyClock clock;
  TraceRecorder trace(clock);
  RunContext context;
  context.trace = &trace;
  const RunOutcome outcome = lesson().run(request_for("processes", data_file("many_locations.csv"), 2), context);
  ASSERT_EQ(outcome.result.at("processes").size(), 2u);
  EXPECT_FALSE(outcome.result.contains("kernel_ms"));  // the children's CPU is theirs: see lanes
  for (const auto& process : outcome.result.at("processes")) {
    EXPECT_GT(process.at("startup_ms").get<double>(), 0.0);
    EXPECT_GT(process.at("bytes_in").get<std::size_t>(), 250u * 4);
    EXPECT_GT(process.at("bytes_out").get<std::size_t>(), 15000u);
  }
  const Trace snapshot = trace.snapshot();
  int process_lanes = 0;
  for (const Lane& lane : snapshot.lanes) process_lanes += lane.kind == LaneKind::process ? 1 : 0;
  EXPECT_EQ(process_lanes, 2);
  int starting = 0, copy_in = 0;
  for (const Span& span : snapshot.spans) {
    if (span.site == "distance.processes.start" && span.state == SpanState::starting) ++starting;
    if (span.site == "distance.processes.copy-in") ++copy_in;
  }
  EXPECT_EQ(starting, 2);
  EXPECT_EQ(copy_in, 2);
}

TEST(DistanceMatrix, serial_trace_shows_reading_computing_and_writing) {
  SteadyClock clock;
  TraceRecorder trace(clock);
  RunContext context;
  context.trace = &trace;
  RunRequest request = request_for("serial", data_file("five_locations.csv"));
  request.params = {{"read_delay_ms", 1}, {"write_delay_ms", 1}};
  (void)lesson().run(testing::resolved(lesson(), request), context);
  int reads = 0, computes = 0, writes = 0;
  for (const Span& span : trace.snapshot().spans) {
    reads += span.site == "distance.serial.read" ? 1 : 0;
    computes += span.site == "distance.serial.compute" ? 1 : 0;
    writes += span.site == "distance.serial.write" ? 1 : 0;
  }
  EXPECT_EQ(reads, 5);
  EXPECT_LE(computes, 4);  // one per row, minus rows too quick to measure
  EXPECT_EQ(writes, 10);
}

// Serial: n reads, then the pairs, then one write per pair. The pipeline
// overlaps them: row j can be written once it is read, so the time is what
// the slowest path through the stages costs (computed here step by step).
TEST(DistanceMatrix, pipeline_with_delays_beats_serial_by_the_overlap) {
  if (PLAYGROUND_SANITIZED) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  const std::size_t n = 12;
  const double read_ms = 8.0, write_ms = 2.0;
  RunRequest request = request_for("serial", first_locations(n));
  request.params = {{"read_delay_ms", read_ms * 10}, {"write_delay_ms", write_ms * 10}, {"time_scale", 0.1}};

  const double serial_ms = run_mode(request).result.at("wall_ms").get<double>();
  request.mode = "coroutines";
  const double pipeline_ms = run_mode(request).result.at("wall_ms").get<double>();

  // The model: row j is read at (j+1)·read; its j pairs are written one by
  // one, after the row is read and after the previous row's writes.
  double write_end = 0;
  for (std::size_t j = 1; j < n; ++j) {
    write_end = std::max(write_end, static_cast<double>(j + 1) * read_ms) + static_cast<double>(j) * write_ms;
  }
  const double serial_model = n * read_ms + pair_count(n) * write_ms;  // 96 + 132 ms
  EXPECT_GT(serial_ms, 0.95 * serial_model);
  EXPECT_LT(serial_ms, 1.5 * serial_model);
  EXPECT_GT(pipeline_ms, 0.95 * write_end);
  EXPECT_LT(pipeline_ms, 1.3 * write_end);
  EXPECT_LT(pipeline_ms / serial_ms, 1.3 * write_end / serial_model)
      << "pipeline " << pipeline_ms << " ms, serial " << serial_ms << " ms";
}

class CancelMode : public ::testing::TestWithParam<const char*> {};

TEST_P(CancelMode, cancelling_a_long_run_stops_it_promptly) {
  // 250 rows at 1 s each: minutes, unless cancellation works.
  RunRequest request = request_for(GetParam(), data_file("many_locations.csv"), 2);
  request.params = {{"read_delay_ms", 1000}, {"write_delay_ms", 1000}};
  CancelToken token;
  RunContext context;
  context.cancel = &token;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    token.cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW((void)lesson().run(testing::resolved(lesson(), request), context), Cancelled);
  const auto took = std::chrono::steady_clock::now() - start;
  canceller.join();
  EXPECT_LT(took, std::chrono::seconds(5));
}

INSTANTIATE_TEST_SUITE_P(DistanceMatrix, CancelMode,
                         ::testing::Values("serial", "threads", "pool", "coroutines", "processes", "optimised"));

TEST(DistanceMatrix, bad_csv_is_a_run_error_naming_the_line) {
  try {
    (void)run_mode(request_for("serial", "Paris,48.85,2.35\nNowhere,abc,1\n"));
    FAIL() << "expected RunError";
  } catch (const RunError& error) {
    EXPECT_NE(std::string(error.what()).find("line 2"), std::string::npos) << error.what();
  }
}

TEST(DistanceMatrix, unknown_mode_is_a_run_error_listing_the_modes) {
  try {
    (void)run_mode(request_for("quantum", data_file("five_locations.csv")));
    FAIL() << "expected RunError";
  } catch (const RunError& error) {
    EXPECT_NE(std::string(error.what()).find("pool"), std::string::npos) << error.what();
  }
}

TEST(DistanceMatrix, one_location_gives_a_header_and_no_pairs_in_every_mode) {
  for (const std::string& mode : lesson().modes()) {
    const RunOutcome outcome = run_mode(request_for(mode, "Lonely,10,20\n"));
    EXPECT_EQ(outcome.output_csv.str(), "origin,destination,distance_km\n") << mode;
    EXPECT_EQ(outcome.result.at("pairs").get<int>(), 0) << mode;
  }
}

}  // namespace
}  // namespace playground::lessons::distance_matrix
