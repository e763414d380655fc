#pragma once
// A bounded blocking queue for threads, like Python's queue.Queue(maxsize)
// with close() added: put() blocks while it is full (backpressure), get()
// blocks while it is empty, and close() ends both.
//
// Wake-up order is FIFO: threads blocked in get() receive items in the order
// they started waiting, and threads blocked in put() get their items in in
// the order they started waiting. An item put while getters wait goes
// straight to the first of them (it never sits in the queue), and the slot a
// get() frees goes straight to the first waiting putter, so a thread that
// arrives later can never overtake one that is waiting, and each put or get
// wakes exactly the one thread it concerns.
//
// Blocking waits release the simulated GIL, show as blocked_on_queue on the
// thread's lane, and throw Cancelled when the token is cancelled. Each item
// taken by get() on a traced thread records a queue edge from the put that
// gave it (core/causal_edge.hpp).
#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "core/blocking_wait.hpp"
#include "core/cancel_token.hpp"
#include "core/causal_edge.hpp"

namespace playground {

struct BlockingQueueOptions {
  std::size_t capacity = 1;       // >= 1: items the queue holds before put() blocks
  CancelToken* cancel = nullptr;  // null: waits are not cancellable
};

template <class T>
class BlockingQueue {
 public:
  explicit BlockingQueue(BlockingQueueOptions options) : options_(options) {
    if (options_.capacity < 1) throw std::invalid_argument("queue capacity must be at least 1");
  }
  // Behaviour is undefined if a thread is still blocked in put() or get():
  // close() and let them return first.
  ~BlockingQueue() = default;
  BlockingQueue(const BlockingQueue&) = delete;
  BlockingQueue& operator=(const BlockingQueue&) = delete;

  // Adds `item`, blocking while the queue is full. Returns false, without
  // adding it, if the queue is closed (before or while waiting). Throws
  // Cancelled if cancelled while waiting (the item is then dropped).
  bool put(T item, std::string_view site = {}) {
    const EdgeEnd origin = here_on_lane();
    {
      std::lock_guard lock(mutex_);
      if (closed_) return false;
      if (put_locked(item, origin)) return true;
    }
    PutWaiter waiter{&item, origin};
    BlockingWait blocking(
        options_.cancel,
        [this, &waiter] {
          std::lock_guard lock(mutex_);
          waiter.wake.notify_one();
        },
        SpanState::blocked_on_queue, "put (queue full)", site);
    std::unique_lock lock(mutex_);
    if (closed_) return false;
    if (put_locked(item, origin)) return true;  // a slot freed up while we got ready to wait
    putters_.push_back(&waiter);
    waiter.wake.wait(lock, [&] { return waiter.done || blocking.cancelled(); });
    if (!waiter.done) {
      putters_.remove(&waiter);
      throw Cancelled();
    }
    return waiter.accepted;
  }

  // Adds `item` if there is room now; moves from it only when it returns true.
  bool try_put(T&& item) {
    const EdgeEnd origin = here_on_lane();
    std::lock_guard lock(mutex_);
    return !closed_ && put_locked(item, origin);
  }

  // Takes the oldest item, blocking while the queue is empty. Returns nullopt
  // once the queue is closed and empty. Throws Cancelled if cancelled while
  // waiting (an item already handed over wins over cancellation).
  std::optional<T> get(std::string_view site = {}) {
    {
      std::unique_lock lock(mutex_);
      if (std::optional<Slot> slot = get_locked()) {
        lock.unlock();  // the edge is recorded outside the queue's lock
        return taken(std::move(*slot));
      }
      if (closed_) return std::nullopt;
    }
    GetWaiter waiter;
    BlockingWait blocking(
        options_.cancel,
        [this, &waiter] {
          std::lock_guard lock(mutex_);
          waiter.wake.notify_one();
        },
        SpanState::blocked_on_queue, "get (queue empty)", site);
    std::unique_lock lock(mutex_);
    if (std::optional<Slot> slot = get_locked()) {
      lock.unlock();
      return taken(std::move(*slot));
    }
    if (closed_) return std::nullopt;
    getters_.push_back(&waiter);
    waiter.wake.wait(lock, [&] { return waiter.done || blocking.cancelled(); });
    if (!waiter.done) {
      getters_.remove(&waiter);
      throw Cancelled();
    }
    if (!waiter.item) return std::nullopt;
    lock.unlock();
    return taken(Slot{std::move(*waiter.item), waiter.origin});
  }

  // Takes the oldest item if there is one now.
  std::optional<T> try_get() {
    std::unique_lock lock(mutex_);
    std::optional<Slot> slot = get_locked();
    lock.unlock();
    if (!slot) return std::nullopt;
    return taken(std::move(*slot));
  }

  // No more puts: waiting and later put() calls return false; get() drains
  // what is left, then returns nullopt. Idempotent.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    // Notified under the lock: each waiter's condition variable lives on its
    // own stack and is gone as soon as it can take the lock and return.
    while (GetWaiter* getter = getters_.pop_front()) {
      getter->done = true;
      getter->wake.notify_one();
    }
    while (PutWaiter* putter = putters_.pop_front()) {
      putter->done = true;
      putter->wake.notify_one();
    }
  }

  [[nodiscard]] bool closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }
  [[nodiscard]] std::size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }
  // The most items the queue has held at once (items handed straight to a
  // waiting getter never count: they did not wait in the queue).
  [[nodiscard]] std::size_t peak_size() const {
    std::lock_guard lock(mutex_);
    return peak_size_;
  }
  [[nodiscard]] std::size_t capacity() const noexcept { return options_.capacity; }
  // Threads blocked in get() / put() right now.
  [[nodiscard]] std::size_t waiting_getters() const {
    std::lock_guard lock(mutex_);
    return getters_.size();
  }
  [[nodiscard]] std::size_t waiting_putters() const {
    std::lock_guard lock(mutex_);
    return putters_.size();
  }

 private:
  // A FIFO of waiters that live on their threads' stacks, linked in place.
  template <class W>
  class WaiterList {
   public:
    void push_back(W* w) {
      w->prev = tail_;
      w->next = nullptr;
      (tail_ ? tail_->next : head_) = w;
      tail_ = w;
      ++size_;
    }
    W* pop_front() {
      W* w = head_;
      if (w != nullptr) remove(w);
      return w;
    }
    void remove(W* w) {
      (w->prev ? w->prev->next : head_) = w->next;
      (w->next ? w->next->prev : tail_) = w->prev;
      w->prev = w->next = nullptr;
      --size_;
    }
    [[nodiscard]] std::size_t size() const { return size_; }

   private:
    W* head_ = nullptr;
    W* tail_ = nullptr;
    std::size_t size_ = 0;
  };

  // An item with where it was put, for the queue edge of the get that takes it.
  struct Slot {
    T item;
    EdgeEnd origin;
  };

  // Records the queue edge of a taken item (on a traced thread) and yields it.
  static std::optional<T> taken(Slot&& slot) {
    record_edge_here(EdgeKind::queue, slot.origin, [&] { return edge_item_label(slot.item); });
    return std::optional<T>(std::move(slot.item));
  }

  struct GetWaiter {
    std::condition_variable wake;
    std::optional<T> item;  // handed over by put(); stays empty if closed
    EdgeEnd origin;         // where the handed-over item was put
    bool done = false;
    GetWaiter* prev = nullptr;
    GetWaiter* next = nullptr;
  };
  struct PutWaiter {
    PutWaiter(T* i, EdgeEnd o) : item(i), origin(o) {}
    T* item;  // moved from by the get() that accepts it
    EdgeEnd origin;
    std::condition_variable wake;
    bool done = false;
    bool accepted = false;  // false when woken by close()
    PutWaiter* prev = nullptr;
    PutWaiter* next = nullptr;
  };

  // With the lock held and the queue open: hands `item` to the first waiting
  // getter, or queues it if there is room. False when full.
  bool put_locked(T& item, const EdgeEnd& origin) {
    if (GetWaiter* getter = getters_.pop_front()) {
      getter->item.emplace(std::move(item));
      getter->origin = origin;
      getter->done = true;
      getter->wake.notify_one();
      return true;
    }
    if (items_.size() >= options_.capacity) return false;
    items_.push_back(Slot{std::move(item), origin});
    peak_size_ = std::max(peak_size_, items_.size());
    return true;
  }

  // With the lock held: takes the oldest item, and lets the first waiting
  // putter into the slot it frees.
  std::optional<Slot> get_locked() {
    if (items_.empty()) return std::nullopt;
    std::optional<Slot> item(std::move(items_.front()));
    items_.pop_front();
    if (PutWaiter* putter = putters_.pop_front()) {
      items_.push_back(Slot{std::move(*putter->item), putter->origin});
      putter->accepted = true;
      putter->done = true;
      putter->wake.notify_one();
    }
    return item;
  }

  BlockingQueueOptions options_;
  mutable std::mutex mutex_;
  std::deque<Slot> items_;
  WaiterList<GetWaiter> getters_;  // non-empty only while items_ is empty
  WaiterList<PutWaiter> putters_;  // non-empty only while items_ is full
  std::size_t peak_size_ = 0;
  bool closed_ = false;
};

}  // namespace playground
