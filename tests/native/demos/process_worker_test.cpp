#include "demos/process_worker.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "demos/demo.hpp"
#include "demos/distance_output.hpp"
#include "demos/haversine.hpp"

namespace playground {
namespace {

// The processes mode starts this very executable as its worker, with
// kWorkerEnvVar set. The test binary's main() belongs to GoogleTest and has
// no `worker` subcommand, so the worker takes over here, before main().
const bool kIsWorkerProcess = [] {
  if (std::getenv(kWorkerEnvVar) != nullptr) std::exit(run_process_worker(stdin, stdout));
  return false;
}();

// Runs the worker on `input` through temporary files; returns what it wrote.
std::string run_worker_on(const std::string& input, int* status) {
  std::FILE* in = std::tmpfile();
  std::FILE* out = std::tmpfile();
  std::fwrite(input.data(), 1, input.size(), in);
  std::rewind(in);
  *status = run_process_worker(in, out);
  std::rewind(out);
  std::string text;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, out)) > 0) text.append(buffer, got);
  std::fclose(in);
  std::fclose(out);
  return text;
}

const std::vector<Coordinates> kCities = {
    {48.0517637, -122.1770818}, {33.7825194, -117.22864779999999}, {41.499320000000004, -81.6943605},
    {42.262593200000005, -71.8022934}, {34.0007104, -81.0348144}};

TEST(ProcessWorker, computes_its_share_of_pairs_bit_for_bit_like_the_plain_kernel) {
  const WorkerRequest request{.locations = kCities, .first_pair = 3, .pair_count = 5};
  int status = -1;
  const std::string output = run_worker_on(format_worker_request(request), &status);
  EXPECT_EQ(status, 0);
  const WorkerResponse response = parse_worker_response(output, 5);
  ASSERT_EQ(response.distances_km.size(), 5u);
  for (std::uint64_t k = 0; k < 5; ++k) {
    const LocationPair pair = pair_at(3 + k);
    const Coordinates& a = kCities[pair.origin];
    const Coordinates& b = kCities[pair.destination];
    EXPECT_EQ(response.distances_km[k], haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)) << k;
  }
  EXPECT_GE(response.compute_us, 0);
}

TEST(ProcessWorker, coordinates_cross_the_protocol_as_the_same_doubles) {
  const WorkerRequest request{.locations = {{0.1, -179.99999999999997}, {-89.999999999999986, 1e-300}},
                              .first_pair = 0, .pair_count = 1};
  const std::string text = format_worker_request(request);
  EXPECT_NE(text.find("-179.99999999999997"), std::string::npos) << text;
  EXPECT_NE(text.find("1e-300"), std::string::npos) << text;
  int status = -1;
  const WorkerResponse response = parse_worker_response(run_worker_on(text, &status), 1);
  EXPECT_EQ(response.distances_km[0], haversine_km(0.1, -179.99999999999997, -89.999999999999986, 1e-300));
}

TEST(ProcessWorker, a_bad_request_comes_back_as_the_workers_error_message) {
  int status = -1;
  const std::string output = run_worker_on("playground-distance-worker 1\nlocations 2\n1 2\n", &status);
  EXPECT_EQ(status, 1);
  try {
    (void)parse_worker_response(output, 1);
    FAIL() << "expected RunError";
  } catch (const RunError& error) {
    EXPECT_NE(std::string(error.what()).find("worker process: worker protocol"), std::string::npos) << error.what();
  }
}

TEST(ProcessWorker, pairs_beyond_the_matrix_are_refused) {
  const WorkerRequest request{.locations = kCities, .first_pair = 8, .pair_count = 5};  // 10 pairs only
  int status = -1;
  const std::string output = run_worker_on(format_worker_request(request), &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(output.find("error worker protocol: pairs beyond the 10 pairs of 5 locations"), std::string::npos) << output;
}

TEST(ProcessWorker, a_truncated_response_is_a_run_error) {
  EXPECT_THROW((void)parse_worker_response("ready\n1.5\n", 3), RunError);
  EXPECT_THROW((void)parse_worker_response("", 1), RunError);
  EXPECT_THROW((void)parse_worker_response("ready\n1.5\nnot-a-number\ndone 1\n", 2), RunError);
  const WorkerResponse ok = parse_worker_response("ready\n1.5\n2.25\ndone 7\n", 2);
  EXPECT_EQ(ok.distances_km, (std::vector<double>{1.5, 2.25}));
  EXPECT_EQ(ok.compute_us, 7);
}

}  // namespace
}  // namespace playground
