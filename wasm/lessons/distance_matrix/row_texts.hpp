#pragma once
// The distance matrix's output, one row's lines at a time, as the rows are
// made.
//
// A computed row's lines are written in place, by whichever thread computed
// the row, into a slot of one buffer reserved before the first row starts
// (each slot as large as its row's lines can be). The threads then share no
// allocator and copy nothing, and the write stage hands the rows on in order
// as views of the buffer. Rows made elsewhere (by worker processes) are
// adopted as the strings they arrived in.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace playground::lessons::distance_matrix {

class RowTexts {
 public:
  // `rows` rows, none written yet.
  explicit RowTexts(std::size_t rows = 0);

  // Gives every row j a slot of rooms[j] bytes (rooms.size() == rows()), in
  // one buffer. Call once, before any slot() or finish().
  void reserve(const std::vector<std::size_t>& rooms);

  // Where row j's lines go: at most room(j) bytes from here, then finish().
  // Different rows may be written by different threads at the same time.
  [[nodiscard]] char* slot(std::size_t j) const;
  [[nodiscard]] std::size_t room(std::size_t j) const;

  // Row j's lines end at `end`, in its slot. Throws std::logic_error if
  // `end` is outside the slot (the lines were longer than the room said).
  void finish(std::size_t j, const char* end);

  // Row j's lines, made elsewhere, taken over. Not thread-safe.
  void adopt(std::size_t j, std::string lines);

  // Row j's lines so far (empty until written). Valid while this object, or
  // the handle storage() returns, lives.
  [[nodiscard]] std::string_view row(std::size_t j) const { return rows_[j]; }
  [[nodiscard]] std::size_t rows() const { return rows_.size(); }

  // What holds the rows' text: hand it to whoever keeps views of them.
  [[nodiscard]] std::shared_ptr<const void> storage() const { return storage_; }

 private:
  struct Storage;
  std::shared_ptr<Storage> storage_;
  std::vector<std::string_view> rows_;
};

}  // namespace playground::lessons::distance_matrix
