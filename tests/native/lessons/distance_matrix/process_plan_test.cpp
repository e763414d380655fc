// lessons/distance_matrix/process_plan: how the processes mode splits the rows.
#include "lessons/distance_matrix/process_plan.hpp"

#include <gtest/gtest.h>

#include "lessons/distance_matrix/distance_output.hpp"

namespace playground::lessons::distance_matrix {
namespace {

TEST(ProcessPlan, split_rows_covers_rows_1_to_n_minus_1_once_in_order) {
  for (std::size_t rows : {2u, 3u, 10u, 101u, 1000u}) {
    for (int count = 1; count <= static_cast<int>(rows - 1) && count <= 16; ++count) {
      const auto shares = split_rows(rows, count);
      ASSERT_EQ(shares.size(), static_cast<std::size_t>(count));
      std::size_t next = 1;
      std::uint64_t pairs = 0;
      for (const RowShare& share : shares) {
        EXPECT_EQ(share.first_row, next);
        std::uint64_t share_pairs = 0;
        for (std::size_t r = share.first_row; r < share.first_row + share.row_count; ++r) share_pairs += r;
        EXPECT_EQ(share.pair_count, share_pairs);
        next += share.row_count;
        pairs += share.pair_count;
      }
      EXPECT_EQ(next, rows) << rows << " rows, " << count << " shares";
      EXPECT_EQ(pairs, pair_count(rows));
    }
  }
}

TEST(ProcessPlan, split_rows_gives_shares_of_about_the_same_number_of_pairs) {
  const auto shares = split_rows(1000, 4);
  for (const RowShare& share : shares) {
    // Each within one row (at most 999 pairs) of a quarter.
    EXPECT_NEAR(static_cast<double>(share.pair_count), pair_count(1000) / 4.0, 1000.0);
  }
  EXPECT_GT(shares.front().row_count, shares.back().row_count);  // early rows are short
}

}  // namespace
}  // namespace playground::lessons::distance_matrix
