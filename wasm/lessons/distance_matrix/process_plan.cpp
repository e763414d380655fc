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

nlohmann::json process_costs_json(const std::vector<ProcessCost>& costs) {
  const auto ms = [](micros from, micros to) { return static_cast<double>(to - from) / 1000.0; };
  nlohmann::json list = nlohmann::json::array();
  for (const ProcessCost& c : costs) {
    list.push_back({{"rows", c.share.row_count},
                    {"pairs", c.share.pair_count},
                    {"startup_ms", ms(c.started_at, c.ready_at)},
                    {"copy_in_ms", ms(c.ready_at, c.sent_at)},
                    {"copy_out_ms", ms(c.first_result_at, c.done_at)},
                    {"bytes_in", c.bytes_in},
                    {"bytes_out", c.bytes_out}});
  }
  return list;
}

}  // namespace playground::lessons::distance_matrix
