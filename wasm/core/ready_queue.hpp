#pragma once
// The event loop's ready queue: a FIFO ring buffer of coroutines to resume.
//
// It is the hot path of every coroutine switch (target: tens of millions of
// resumes per second), so it is a power-of-two ring that only ever grows:
// push and pop are an index mask and a copy, with no allocation once warm.
// Single-threaded: only the loop thread touches it.
#include <cstddef>
#include <utility>
#include <vector>

#include "core/coro_compat.hpp"

namespace playground::detail {

struct TaskState;

struct ReadyEntry {
  coro::coroutine_handle<> handle;
  TaskState* task = nullptr;  // the spawned task the coroutine runs in (its trace lane)
};

class ReadyQueue {
 public:
  ReadyQueue() : ring_(64) {}

  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  void push(ReadyEntry entry) {
    if (size_ == ring_.size()) grow();
    ring_[(head_ + size_) & (ring_.size() - 1)] = entry;
    ++size_;
  }

  // Behaviour is undefined if the queue is empty.
  ReadyEntry pop() noexcept {
    ReadyEntry entry = ring_[head_];
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
    return entry;
  }

  void clear() noexcept {
    head_ = 0;
    size_ = 0;
  }

 private:
  void grow() {
    std::vector<ReadyEntry> bigger(ring_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
    ring_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<ReadyEntry> ring_;  // size is a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace playground::detail
