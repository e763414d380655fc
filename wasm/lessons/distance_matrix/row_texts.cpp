#include "lessons/distance_matrix/row_texts.hpp"

#include <cstdint>
#include <new>
#include <stdexcept>
#include <utility>

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#endif

namespace playground::lessons::distance_matrix {

namespace {

// Memory for text that is written once: `size` bytes, not zeroed.
//
// Every byte of the buffer is new memory, and natively the first touch of
// each 4 KiB page is a page fault. On the virtual machines this project is
// measured on, one costs about 8 µs: the 5 000 of a 1 000-location output
// took longer than computing every distance, and the pool's threads waited
// for each other in the kernel while taking them. So on Linux a large buffer
// is mapped on a 2 MiB boundary and offered as transparent huge pages: one
// fault per 2 MiB where the system allows it (THP "madvise" or "always"),
// and the same 4 KiB pages as before where it does not. In WebAssembly the
// engine's memory is reused from run to run, so there is nothing to gain.
std::shared_ptr<char> text_memory(std::size_t size) {
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  if (size >= kHugePage) {
    const std::size_t mapped = size + kHugePage;  // room to start on a huge page
    void* const map = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) throw std::bad_alloc();
    const std::uintptr_t start = (reinterpret_cast<std::uintptr_t>(map) + kHugePage - 1) & ~(kHugePage - 1);
    char* const text = reinterpret_cast<char*>(start);
    (void)::madvise(text, size, MADV_HUGEPAGE);  // a hint: refused where THP is off, and that is fine
    return {text, [map, mapped](char*) { ::munmap(map, mapped); }};
  }
#endif
  return {new char[size], std::default_delete<char[]>()};
}

}  // namespace

struct RowTexts::Storage {
  std::shared_ptr<char> buffer;         // every computed row's slot
  std::vector<std::size_t> slot_start;  // row j's slot: [slot_start[j], slot_start[j + 1])
  std::vector<std::string> adopted;     // rows made elsewhere; never resized, so views stay valid
};

RowTexts::RowTexts(std::size_t rows) : storage_(std::make_shared<Storage>()), rows_(rows) {
  storage_->slot_start.assign(rows + 1, 0);
}

void RowTexts::reserve(const std::vector<std::size_t>& rooms) {
  if (rooms.size() != rows_.size()) throw std::logic_error("RowTexts::reserve: one room per row");
  if (storage_->buffer) throw std::logic_error("RowTexts::reserve: already reserved");
  std::size_t total = 0;
  for (std::size_t j = 0; j < rooms.size(); ++j) {
    storage_->slot_start[j] = total;
    total += rooms[j];
  }
  storage_->slot_start[rooms.size()] = total;
  storage_->buffer = text_memory(total);
}

char* RowTexts::slot(std::size_t j) const { return storage_->buffer.get() + storage_->slot_start[j]; }

std::size_t RowTexts::room(std::size_t j) const { return storage_->slot_start[j + 1] - storage_->slot_start[j]; }

void RowTexts::finish(std::size_t j, const char* end) {
  const char* const begin = slot(j);
  if (end < begin || end > begin + room(j))
    throw std::logic_error("RowTexts::finish: row " + std::to_string(j) + " overflowed its slot");
  rows_[j] = std::string_view(begin, static_cast<std::size_t>(end - begin));
}

void RowTexts::adopt(std::size_t j, std::string lines) {
  if (storage_->adopted.empty()) storage_->adopted.resize(rows_.size());
  storage_->adopted[j] = std::move(lines);
  rows_[j] = storage_->adopted[j];
}

}  // namespace playground::lessons::distance_matrix
