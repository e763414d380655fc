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
// A worker gets every location (any pair may need any of them) and a range
// of rows; it computes their distances and answers with their output lines,
// exactly the text the other modes write for those rows.
//
// Request, parent → child (numbers written so they read back to the same
// doubles; a name is sent as its length in bytes, then the bytes, so it may
// hold any character, commas and line breaks included):
//   playground-distance-worker 2
//   locations N
//   LATITUDE LONGITUDE NAME_BYTES     (N times: this line, then
//   NAME                               the name and a line break)
//   rows FIRST COUNT                  (rows FIRST … FIRST+COUNT-1; row j = pairs (0,j)…(j-1,j))
//   end
// Response, child → parent:
//   ready                             (written at start-up, before the request is read)
//   row J TEXT_BYTES                  (COUNT times: this line, then
//   TEXT                               the row's output lines and a line break)
//   done COMPUTE_US                   (how long the child computed, in microseconds)
// or, when the request is bad:
//   error MESSAGE
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "lessons/distance_matrix/locations_csv.hpp"

namespace playground::lessons::distance_matrix {

// Set in the environment of every worker child. A program whose command line
// cannot take the `worker` subcommand (the unit-test binary) checks it
// instead before main() and becomes a worker.
inline constexpr const char* kWorkerEnvVar = "PLAYGROUND_PROCESS_WORKER";

// One worker's share of the matrix: rows [first_row, first_row + row_count).
struct WorkerRequest {
  std::vector<Location> locations;
  std::size_t first_row = 1;
  std::size_t row_count = 0;
};

struct WorkerResponse {
  std::vector<std::string> rows_text;  // row_count of them, from first_row on
  std::int64_t compute_us = 0;         // measured by the child
};

// The request as protocol text.
[[nodiscard]] std::string format_worker_request(const WorkerRequest& request);

// Parses a whole response (everything the child wrote, "ready" line
// included) to a request for rows [first_row, first_row + row_count).
// Throws RunError with the child's own message for an "error" line, or
// naming what is wrong with a garbled or truncated response.
[[nodiscard]] WorkerResponse parse_worker_response(std::string_view text, std::size_t first_row,
                                                   std::size_t row_count);

// The child's main loop: writes "ready", reads one request from `in`,
// computes, writes the response to `out`. Returns the process exit status
// (0 on success, 1 after writing an "error" line). The CLI's hidden
// `playground worker` subcommand calls it with stdin and stdout.
int run_process_worker(std::FILE* in, std::FILE* out);

}  // namespace playground::lessons::distance_matrix
