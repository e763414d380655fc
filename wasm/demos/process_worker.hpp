#pragma once
// The distance matrix's worker process: the child side of the `processes`
// mode, and the little text protocol both sides speak over its pipes.
//
// Like Python's multiprocessing, the parent shares no memory with its
// workers: everything a worker needs is copied to it through its standard
// input, and its results come back through its standard output. That copying
// (and starting the process at all) is the price processes pay for running
// truly in parallel, and the demo times it.
//
// Request, parent → child (one item per line, numbers written with %.17g so
// they arrive as the very same doubles):
//   playground-distance-worker 1
//   locations N
//   LATITUDE LONGITUDE          (N lines, degrees)
//   pairs FIRST COUNT           (pair indices in the course's order)
//   end
// Response, child → parent:
//   ready                       (written at start-up, before the request is read)
//   DISTANCE_KM                 (COUNT lines, in pair order)
//   done COMPUTE_US             (how long the child computed, in microseconds)
// or, when the request is bad:
//   error MESSAGE
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "demos/locations_csv.hpp"

namespace playground {

// Set in the environment of every worker child. A program whose command line
// cannot take the `worker` subcommand (the unit-test binary) checks it
// instead before main() and becomes a worker.
inline constexpr const char* kWorkerEnvVar = "PLAYGROUND_PROCESS_WORKER";

struct Coordinates {
  double latitude = 0;   // degrees
  double longitude = 0;  // degrees
};

// One worker's share of the matrix: the pairs [first_pair, first_pair + pair_count).
struct WorkerRequest {
  std::vector<Coordinates> locations;  // all of them: any pair may need any location
  std::uint64_t first_pair = 0;
  std::uint64_t pair_count = 0;
};

struct WorkerResponse {
  std::vector<double> distances_km;  // pair_count of them, in pair order
  std::int64_t compute_us = 0;       // measured by the child
};

[[nodiscard]] std::vector<Coordinates> coordinates_of(const std::vector<Location>& locations);

// The request as protocol text.
[[nodiscard]] std::string format_worker_request(const WorkerRequest& request);

// Parses a whole response (everything the child wrote, "ready" line
// included). Throws RunError with the child's own message for an "error"
// line, or naming what is wrong with a garbled or truncated response.
[[nodiscard]] WorkerResponse parse_worker_response(std::string_view text, std::uint64_t expected_pairs);

// The distances of pairs [first_pair, first_pair + pair_count), with the
// same plain haversine kernel as the serial mode (so results are identical).
[[nodiscard]] std::vector<double> compute_pair_range(const std::vector<Coordinates>& locations,
                                                     std::uint64_t first_pair, std::uint64_t pair_count);

// The child's main loop: writes "ready", reads one request from `in`,
// computes, writes the response to `out`. Returns the process exit status
// (0 on success, 1 after writing an "error" line). The CLI's hidden
// `playground worker` subcommand calls it with stdin and stdout.
int run_process_worker(std::FILE* in, std::FILE* out);

}  // namespace playground
