#include "run/text_chunks.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace playground {

void TextChunks::append(std::string chunk) {
  if (chunk.empty()) return;
  owned_.push_back(std::move(chunk));
  append_view(owned_.back());
}

void TextChunks::append_view(std::string_view chunk) {
  if (chunk.empty()) return;
  starts_.push_back(size_);
  size_ += chunk.size();
  chunks_.push_back(chunk);
}

void TextChunks::keep(std::shared_ptr<const void> storage) {
  if (storage) kept_.push_back(std::move(storage));
}

std::string_view TextChunks::from(std::size_t offset) const {
  if (offset >= size_) return {};
  // The last chunk starting at or before `offset` holds it.
  const auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto k = static_cast<std::size_t>(std::distance(starts_.begin(), after)) - 1;
  return chunks_[k].substr(offset - starts_[k]);
}

std::string TextChunks::str() const {
  std::string text;
  text.reserve(size_);
  for (const std::string_view chunk : chunks_) text += chunk;
  return text;
}

}  // namespace playground
