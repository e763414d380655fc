#include "lessons/distance_matrix/process_plan.hpp"

#include "lessons/distance_matrix/distance_output.hpp"

namespace playground::lessons::distance_matrix {

std::vector<RowShare> split_rows(std::size_t rows, int count) {
  std::vector<RowShare> shares(static_cast<std::size_t>(count > 0 ? count : 0));
  const std::uint64_t pairs = pair_count(rows);
  std::size_t row = 1;
  std::uint64_t assigned = 0;
  for (int k = 0; k < count; ++k) {
    RowShare& share = shares[static_cast<std::size_t>(k)];
    const std::uint64_t target = pairs * static_cast<std::uint64_t>(k + 1) / static_cast<std::uint64_t>(count);
    share.first_row = row;
    while (row < rows && (assigned < target || k == count - 1)) {
      assigned += row;
      share.pair_count += row;
      ++row;
    }
    share.row_count = row - share.first_row;
  }
  return shares;
}

}  // namespace playground::lessons::distance_matrix
