// RowTexts: every row's lines land in its own slot, whichever thread writes
// them, and read back exactly; a row can never claim more than its room.
#include "lessons/distance_matrix/row_texts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace playground::lessons::distance_matrix {
namespace {

// Row j of a test: j lines of "j,i\n".
std::string lines_of(std::size_t j) {
  std::string lines;
  for (std::size_t i = 0; i < j; ++i) lines += std::to_string(j) + "," + std::to_string(i) + "\n";
  return lines;
}

void write_row(RowTexts& rows, std::size_t j) {
  const std::string lines = lines_of(j);
  char* const end = std::copy(lines.begin(), lines.end(), rows.slot(j));
  rows.finish(j, end);
}

TEST(RowTexts, rows_written_by_two_threads_read_back_exactly) {
  constexpr std::size_t kRows = 400;
  RowTexts rows(kRows);
  std::vector<std::size_t> rooms;
  for (std::size_t j = 0; j < kRows; ++j) rooms.push_back(lines_of(j).size() + j % 3);  // some with room to spare
  rows.reserve(rooms);
  // Interleaved rows, as a pool's workers take them.
  std::thread odd([&] {
    for (std::size_t j = 1; j < kRows; j += 2) write_row(rows, j);
  });
  for (std::size_t j = 0; j < kRows; j += 2) write_row(rows, j);
  odd.join();
  for (std::size_t j = 0; j < kRows; ++j) {
    ASSERT_EQ(rows.row(j), lines_of(j)) << "row " << j;
    ASSERT_EQ(rows.room(j), rooms[j]) << "row " << j;
  }
}

TEST(RowTexts, a_large_buffer_holds_every_byte) {
  // Over 2 MiB: natively the buffer is mapped for huge pages.
  constexpr std::size_t kRows = 3;
  constexpr std::size_t kRoom = std::size_t{3} << 20;
  RowTexts rows(kRows);
  rows.reserve({kRoom, kRoom, kRoom});
  for (std::size_t j = 0; j < kRows; ++j) {
    char* const slot = rows.slot(j);
    std::fill(slot, slot + kRoom, static_cast<char>('a' + j));
    rows.finish(j, slot + kRoom);
  }
  for (std::size_t j = 0; j < kRows; ++j) {
    const std::string_view row = rows.row(j);
    ASSERT_EQ(row.size(), kRoom);
    EXPECT_EQ(std::count(row.begin(), row.end(), static_cast<char>('a' + j)), static_cast<std::ptrdiff_t>(kRoom));
  }
}

TEST(RowTexts, finishing_a_row_outside_its_slot_is_refused) {
  RowTexts rows(3);
  rows.reserve({0, 4, 4});
  EXPECT_THROW(rows.finish(1, rows.slot(1) + 5), std::logic_error);
  EXPECT_THROW(rows.finish(2, rows.slot(2) - 1), std::logic_error);
  rows.finish(1, rows.slot(1) + 4);
  EXPECT_EQ(rows.row(1).size(), 4u);
  EXPECT_TRUE(rows.row(2).empty());
}

TEST(RowTexts, reserving_needs_one_room_per_row_and_happens_once) {
  RowTexts rows(2);
  EXPECT_THROW(rows.reserve({1}), std::logic_error);
  rows.reserve({0, 1});
  EXPECT_THROW(rows.reserve({0, 1}), std::logic_error);
}

TEST(RowTexts, adopted_rows_are_read_in_place_and_outlive_the_rows_object) {
  std::shared_ptr<const void> storage;
  std::string_view short_row, long_row;
  {
    RowTexts rows(3);
    rows.adopt(1, "1,0\n");  // small enough for the string's own storage
    rows.adopt(2, lines_of(200));
    short_row = rows.row(1);
    long_row = rows.row(2);
    EXPECT_TRUE(rows.row(0).empty());
    storage = rows.storage();
  }
  EXPECT_EQ(short_row, "1,0\n");
  EXPECT_EQ(long_row, lines_of(200));
}

}  // namespace
}  // namespace playground::lessons::distance_matrix
