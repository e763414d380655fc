#pragma once
// What the distance matrix's processes mode decides and reports, in one
// place for both of its parents: the native one (distance_processes.cpp,
// child processes) and the WebAssembly one (bindings/processes.cpp, Web
// Workers driven from JavaScript). Two copies of this drifted twice.
#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace playground::lessons::distance_matrix {

// One worker's share: rows first_row … first_row + row_count - 1 (row j
// holds the j pairs (0, j) … (j-1, j)).
struct RowShare {
  std::size_t first_row = 1;
  std::size_t row_count = 0;
  std::uint64_t pair_count = 0;
};

// Splits rows 1…rows-1 into `count` runs of consecutive rows with about the
// same number of pairs each (later shares have fewer, longer rows). `count`
// is at most rows - 1; the last share takes whatever is left.
[[nodiscard]] std::vector<RowShare> split_rows(std::size_t rows, int count);

// What one worker cost, in run time (µs) and bytes copied.
struct ProcessCost {
  RowShare share;
  micros started_at = 0;      // just before it was started
  micros ready_at = 0;        // it said "ready": start-up is over
  micros sent_at = 0;         // its share has been copied in
  micros first_result_at = 0; // its first distances arrived
  micros done_at = 0;         // its output has ended
  std::size_t bytes_in = 0;
  std::size_t bytes_out = 0;
};

// The result's "processes" list: [{rows, pairs, startup_ms, copy_in_ms,
// copy_out_ms, bytes_in, bytes_out}, ...].
[[nodiscard]] nlohmann::json process_costs_json(const std::vector<ProcessCost>& costs);

}  // namespace playground::lessons::distance_matrix
