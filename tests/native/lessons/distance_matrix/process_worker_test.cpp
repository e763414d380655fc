#include "lessons/distance_matrix/process_worker.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "lessons/distance_matrix/distance_output.hpp"
#include "lessons/distance_matrix/haversine.hpp"
#include "processes/protocol.hpp"
#include "run/lesson.hpp"

namespace playground::lessons::distance_matrix {
namespace {

// Serves `share` as a child does (processes::serve_child, through temporary
// files); returns what it wrote after its "ready" line.
std::string run_worker_on(const std::string& share, int* status) {
  const std::string input = processes::child_request("distance-matrix", share);
  std::FILE* in = std::tmpfile();
  std::FILE* out = std::tmpfile();
  std::fwrite(input.data(), 1, input.size(), in);
  std::rewind(in);
  *status = processes::serve_child(in, out);
  std::rewind(out);
  std::string text;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, out)) > 0) text.append(buffer, got);
  std::fclose(in);
  std::fclose(out);
  EXPECT_EQ(text.substr(0, 6), "ready\n");
  return text.substr(std::min<std::size_t>(6, text.size()));
}

const std::vector<Location> kCities = {
    {"Marysville", 48.0517637, -122.1770818},
    {"Perris", 33.7825194, -117.22864779999999},
    {"Cleveland, \"OH\"", 41.499320000000004, -81.6943605},  // a name the CSV must quote
    {"Worcester\nMA", 42.262593200000005, -71.8022934},      // and one with a line break
    {"Columbia", 34.0007104, -81.0348144}};

// Rows [first, first + count) as the serial mode writes them.
std::string serial_rows(std::size_t first, std::size_t count) {
  std::string text;
  for (std::size_t j = first; j < first + count; ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      append_distance_row(text, kCities[i].name, kCities[j].name, haversine_km(kCities[i], kCities[j]));
    }
  }
  return text;
}

TEST(ProcessWorker, answers_with_its_rows_exactly_as_the_serial_mode_writes_them) {
  const WorkerRequest request{.locations = kCities, .first_row = 2, .row_count = 3};
  int status = -1;
  const std::string output = run_worker_on(format_worker_request(request), &status);
  EXPECT_EQ(status, 0);
  const WorkerResponse response = parse_worker_response(output, 2, 3);
  ASSERT_EQ(response.rows_text.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ(response.rows_text[k], serial_rows(2 + k, 1)) << "row " << 2 + k;
  EXPECT_GE(response.compute_us, 0);
}

TEST(ProcessWorker, coordinates_cross_the_protocol_as_the_same_doubles) {
  const WorkerRequest request{.locations = {{"a", 0.1, -179.99999999999997}, {"b", -89.999999999999986, 1e-300}},
                              .first_row = 1,
                              .row_count = 1};
  const std::string text = format_worker_request(request);
  EXPECT_NE(text.find("-179.99999999999997"), std::string::npos) << text;
  EXPECT_NE(text.find("1e-300"), std::string::npos) << text;
  int status = -1;
  const WorkerResponse response = parse_worker_response(run_worker_on(text, &status), 1, 1);
  std::string expected;
  append_distance_row(expected, "a", "b", haversine_km(0.1, -179.99999999999997, -89.999999999999986, 1e-300));
  EXPECT_EQ(response.rows_text.at(0), expected);
}

TEST(ProcessWorker, a_bad_request_comes_back_as_the_workers_error_message) {
  int status = -1;
  const std::string output = run_worker_on("locations 2\n1 2 1\nA\n", &status);
  EXPECT_EQ(status, 1);
  try {
    (void)parse_worker_response(output, 1, 1);
    FAIL() << "expected RunError";
  } catch (const RunError& error) {
    EXPECT_NE(std::string(error.what()).find("worker process: worker protocol"), std::string::npos) << error.what();
  }
}

TEST(ProcessWorker, rows_beyond_the_matrix_are_refused) {
  const WorkerRequest request{.locations = kCities, .first_row = 3, .row_count = 5};  // rows 1..4 only
  int status = -1;
  const std::string output = run_worker_on(format_worker_request(request), &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(output.find("error worker protocol: rows 3+5 are not rows 1..4 of 5 locations"), std::string::npos)
      << output;
}

TEST(ProcessWorker, a_truncated_or_garbled_response_is_a_run_error) {
  EXPECT_THROW((void)parse_worker_response("row 1 10\nabc\n", 1, 1), RunError);
  EXPECT_THROW((void)parse_worker_response("", 1, 1), RunError);
  EXPECT_THROW((void)parse_worker_response("row 2 3\nabc\ndone 1\n", 1, 1), RunError);  // wrong row
  EXPECT_THROW((void)parse_worker_response("row 1 3\nabc\n", 1, 1), RunError);          // no done
  const WorkerResponse ok = parse_worker_response("row 1 3\na\nb\nrow 2 0\n\ndone 7\n", 1, 2);
  EXPECT_EQ(ok.rows_text, (std::vector<std::string>{"a\nb", ""}));
  EXPECT_EQ(ok.compute_us, 7);
}

}  // namespace
}  // namespace playground::lessons::distance_matrix
