#pragma once
// The distance matrix's share of work for one child of the `processes` mode
// and its answer, as text (inside the protocol of processes/protocol.hpp).
//
// A child gets every location (any pair may need any of them) and a range
// of rows; it computes their distances and answers with their output lines,
// exactly the text the other modes write for those rows.
//
// Share, parent → child (numbers written so they read back to the same
// doubles; a name is sent as its length in bytes, then the bytes, so it may
// hold any character, commas and line breaks included):
//   locations N
//   LATITUDE LONGITUDE NAME_BYTES     (N times: this line, then
//   NAME                               the name and a line break)
//   rows FIRST COUNT                  (rows FIRST … FIRST+COUNT-1; row j = pairs (0,j)…(j-1,j))
//   end
// Answer, child → parent:
//   row J TEXT_BYTES                  (COUNT times: this line, then
//   TEXT                               the row's output lines and a line break)
//   done COMPUTE_US                   (how long the child computed, in microseconds)
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "lessons/distance_matrix/locations_csv.hpp"

namespace playground::lessons::distance_matrix {

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

// Parses a whole answer (everything the child wrote after "ready") to a
// request for rows [first_row, first_row + row_count).
// Throws RunError with the child's own message for an "error" line, or
// naming what is wrong with a garbled or truncated response.
[[nodiscard]] WorkerResponse parse_worker_response(std::string_view text, std::size_t first_row, std::size_t row_count);

// The child's side: computes the rows of `share` and writes their answer to `out`.
// Throws RunError naming what is wrong with a bad share.
void serve_rows(std::string_view share, std::FILE* out);

}  // namespace playground::lessons::distance_matrix
