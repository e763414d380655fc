#pragma once
// Text kept as the chunks it was made in, in order, never joined into one
// string. The distance matrix's output is tens of megabytes (20 MB for
// 1 000 locations), made row by row on several threads: joining it would
// copy all of it once more on one thread, a serial stage that caps what a
// pool can gain, and hold it twice in memory, which matters in WebAssembly.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace playground {

class TextChunks {
 public:
  // Adds `chunk` at the end (taken over, not copied); an empty one is ignored.
  void append(std::string chunk);

  // Bytes in all chunks together.
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }

  // From byte `offset` to the end of the chunk that holds it: callers read
  // the whole text piece by piece without joining it. Empty at or past the end.
  [[nodiscard]] std::string_view from(std::size_t offset) const;

  [[nodiscard]] const std::vector<std::string>& chunks() const { return chunks_; }

  // The whole text as one string (a copy): for tests and small outputs.
  [[nodiscard]] std::string str() const;

 private:
  std::vector<std::string> chunks_;
  std::vector<std::size_t> starts_;  // starts_[k]: offset of chunks_[k]'s first byte
  std::size_t size_ = 0;
};

}  // namespace playground
