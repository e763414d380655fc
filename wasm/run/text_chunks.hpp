#pragma once
// Text kept as the chunks it was made in, in order, never joined into one
// string. The distance matrix's output is tens of megabytes (20 MB for
// 1 000 locations), made row by row on several threads: joining it would
// copy all of it once more on one thread, a serial stage that caps what a
// pool can gain, and hold it twice in memory, which matters in WebAssembly.
//
// A chunk is either a string handed over (kept here) or a view of text that
// lives elsewhere, kept alive by a storage handle given to keep(): the rows
// of the distance matrix are views of the buffer they were written into.
#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace playground {

class TextChunks {
 public:
  TextChunks() = default;
  // Move-only: the views of owned chunks point into this object's strings.
  TextChunks(TextChunks&&) = default;
  TextChunks& operator=(TextChunks&&) = default;
  TextChunks(const TextChunks&) = delete;
  TextChunks& operator=(const TextChunks&) = delete;

  // Adds `chunk` at the end (taken over, not copied); an empty one is ignored.
  void append(std::string chunk);

  // Adds a view of text that this object does not own. Behaviour is
  // undefined unless the text outlives this object, or a handle given to
  // keep() holds it.
  void append_view(std::string_view chunk);

  // Holds `storage` for as long as this object lives (the memory that
  // append_view() chunks point into).
  void keep(std::shared_ptr<const void> storage);

  // Bytes in all chunks together.
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }

  // From byte `offset` to the end of the chunk that holds it: callers read
  // the whole text piece by piece without joining it. Empty at or past the end.
  [[nodiscard]] std::string_view from(std::size_t offset) const;

  [[nodiscard]] const std::vector<std::string_view>& chunks() const { return chunks_; }

  // The whole text as one string (a copy): for tests and small outputs.
  [[nodiscard]] std::string str() const;

 private:
  std::vector<std::string_view> chunks_;
  std::vector<std::size_t> starts_;  // starts_[k]: offset of chunks_[k]'s first byte
  std::size_t size_ = 0;
  std::deque<std::string> owned_;  // a deque: adding a string never moves the others
  std::vector<std::shared_ptr<const void>> kept_;
};

}  // namespace playground
