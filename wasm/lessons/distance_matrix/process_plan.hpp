#pragma once
// How the distance matrix's processes mode splits its rows among the
// children (distance_processes.cpp).
#include <cstddef>
#include <cstdint>
#include <vector>

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

}  // namespace playground::lessons::distance_matrix
