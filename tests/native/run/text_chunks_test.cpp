// TextChunks: text read piece by piece must be the text appended, byte for byte.
#include "run/text_chunks.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace playground {
namespace {

// Reads `text` the way the WebAssembly bindings do: from(offset), then on
// from offset + what came back, at most `limit` bytes at a time.
std::string read_in_pieces(const TextChunks& text, std::size_t limit, int& reads) {
  std::string out;
  reads = 0;
  while (out.size() < text.size()) {
    const std::string_view piece = text.from(out.size()).substr(0, limit);
    if (piece.empty()) break;
    out += piece;
    ++reads;
  }
  return out;
}

TEST(TextChunks, starts_empty) {
  const TextChunks text;
  EXPECT_TRUE(text.empty());
  EXPECT_EQ(text.size(), 0u);
  EXPECT_EQ(text.str(), "");
  EXPECT_TRUE(text.from(0).empty());
}

TEST(TextChunks, keeps_chunks_in_order_and_skips_empty_ones) {
  TextChunks text;
  text.append("header\n");
  text.append("");
  text.append("a,b,1\n");
  text.append("a,c,2\nb,c,3\n");
  EXPECT_EQ(text.size(), 25u);
  EXPECT_EQ(text.chunks().size(), 3u);
  EXPECT_EQ(text.str(), "header\na,b,1\na,c,2\nb,c,3\n");
}

TEST(TextChunks, from_an_offset_reaches_the_end_of_the_chunk_holding_it) {
  TextChunks text;
  text.append("abc");
  text.append("defg");
  EXPECT_EQ(text.from(0), "abc");
  EXPECT_EQ(text.from(2), "c");
  EXPECT_EQ(text.from(3), "defg");
  EXPECT_EQ(text.from(6), "g");
  EXPECT_TRUE(text.from(7).empty());
  EXPECT_TRUE(text.from(1000).empty());
}

TEST(TextChunks, read_in_pieces_of_any_size_gives_back_every_byte_once) {
  TextChunks text;
  std::string expected;
  for (int row = 1; row < 200; ++row) {
    std::string chunk;
    for (int i = 0; i < row; ++i) chunk += "x" + std::to_string(row) + "," + std::to_string(i) + "\n";
    expected += chunk;
    text.append(std::move(chunk));
  }
  ASSERT_EQ(text.size(), expected.size());
  for (const std::size_t limit : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, expected.size()}) {
    int reads = 0;
    EXPECT_EQ(read_in_pieces(text, limit, reads), expected) << "limit " << limit;
    // Never more reads than one per limit-sized piece plus one per chunk boundary.
    EXPECT_LE(reads, static_cast<int>(expected.size() / limit + text.chunks().size() + 1)) << "limit " << limit;
  }
}

TEST(TextChunks, views_and_owned_chunks_read_back_in_the_order_appended) {
  const auto storage = std::make_shared<std::string>("row one\nrow two\n");
  TextChunks text;
  text.append("header\n");
  text.append_view(std::string_view(*storage).substr(0, 8));
  text.append_view(std::string_view(*storage).substr(8));
  text.keep(storage);
  EXPECT_EQ(text.chunks().size(), 3u);
  EXPECT_EQ(text.str(), "header\nrow one\nrow two\n");
}

TEST(TextChunks, kept_storage_lives_as_long_as_the_chunks_even_after_a_move) {
  std::weak_ptr<std::string> watch;
  TextChunks moved;
  {
    auto storage = std::make_shared<std::string>("kept text");
    watch = storage;
    TextChunks text;
    text.append("short");  // inside the string itself (small-string storage), not on the heap
    text.append_view(*storage);
    text.keep(std::move(storage));
    moved = std::move(text);
  }
  EXPECT_FALSE(watch.expired());
  EXPECT_EQ(moved.str(), "shortkept text");
  EXPECT_EQ(moved.from(5), "kept text");
  moved = TextChunks();
  EXPECT_TRUE(watch.expired());
}

}  // namespace
}  // namespace playground
