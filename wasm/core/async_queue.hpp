#pragma once
// AsyncQueue<T>: a bounded FIFO between tasks of one EventLoop (asyncio.Queue
// with a maxsize).
//
//   co_await q.put(v)   suspends while the queue is full; throws QueueClosed
//                       if the queue is (or gets) closed before v went in.
//   co_await q.get()    suspends while it is empty; std::nullopt once the
//                       queue is closed and drained.
//   q.close()           wakes every waiter; items already in stay gettable.
//
// Waiters are served in FIFO order, and nobody barges: a put hands its item
// straight to the longest-waiting getter, a get pulls in the longest-waiting
// putter's item. Waits record blocked_on_queue spans (sites "queue.put",
// "queue.get"); peak_depth() is the most items ever held at once. A get that
// takes an item records a queue edge from the put that gave it (issue 17).
// Loop thread only. Behaviour is undefined if the queue is destroyed while a
// task still waits on it.
#include <cstddef>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/causal_edge.hpp"
#include "core/event_loop.hpp"

namespace playground {

class QueueClosed : public std::runtime_error {
 public:
  QueueClosed() : std::runtime_error("put on a closed queue") {}
};

struct async_queue_options {
  std::size_t capacity = 1;  // at least 1
  std::string name = "queue";
};

template <class T>
class AsyncQueue {
  // An intrusive FIFO of waiting awaiters (they live in coroutine frames).
  template <class Node>
  struct WaitList {
    Node* head = nullptr;
    Node* tail = nullptr;
    [[nodiscard]] bool empty() const noexcept { return head == nullptr; }
    void push_back(Node* n) noexcept {
      n->prev = tail;
      n->next = nullptr;
      (tail ? tail->next : head) = n;
      tail = n;
      n->linked = true;
    }
    void remove(Node* n) noexcept {
      if (!n->linked) return;
      (n->prev ? n->prev->next : head) = n->next;
      (n->next ? n->next->prev : tail) = n->prev;
      n->prev = n->next = nullptr;
      n->linked = false;
    }
    Node* pop_front() noexcept {
      Node* n = head;
      remove(n);
      return n;
    }
  };

 public:
  class PutAwaiter;
  class GetAwaiter;

  AsyncQueue(EventLoop& loop, async_queue_options options) : loop_(&loop), options_(std::move(options)) {
    if (options_.capacity == 0) throw std::invalid_argument("AsyncQueue: capacity must be at least 1");
  }
  AsyncQueue(const AsyncQueue&) = delete;
  AsyncQueue& operator=(const AsyncQueue&) = delete;

  [[nodiscard]] PutAwaiter put(T value) { return PutAwaiter(*this, std::move(value)); }
  [[nodiscard]] GetAwaiter get() { return GetAwaiter(*this); }

  // Without waiting: false if full or closed.
  [[nodiscard]] bool try_put(T& value) { return try_put_from(value, here()); }
  // Without waiting: nullopt if empty.
  [[nodiscard]] std::optional<T> try_get() {
    std::optional<Slot> slot = take_slot();
    if (!slot) return std::nullopt;
    record_taken(slot->item, slot->origin);
    return std::optional<T>(std::move(slot->item));
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    while (!putters_.empty()) {
      PutAwaiter* p = putters_.pop_front();
      p->closed_ = true;
      p->wake();
    }
    while (!getters_.empty()) getters_.pop_front()->wake();  // item_ stays empty: nullopt
  }

  [[nodiscard]] bool closed() const noexcept { return closed_; }
  [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
  [[nodiscard]] std::size_t capacity() const noexcept { return options_.capacity; }
  [[nodiscard]] std::size_t peak_depth() const noexcept { return peak_; }
  [[nodiscard]] const std::string& name() const noexcept { return options_.name; }

  class PutAwaiter final : public detail::CancellableWait {
   public:
    PutAwaiter(AsyncQueue& q, T value) : q_(&q), value_(std::move(value)) {}
    PutAwaiter(const PutAwaiter&) = delete;
    PutAwaiter& operator=(const PutAwaiter&) = delete;
    ~PutAwaiter() { q_->putters_.remove(this); }

    bool await_ready() {
      if (q_->closed_) return closed_ = true;
      origin_ = q_->here();
      return q_->try_put_from(value_, origin_);
    }
    template <class Promise>
    bool await_suspend(coro::coroutine_handle<Promise> handle) {
      if (!begin(handle)) return false;
      q_->putters_.push_back(this);
      return true;
    }
    void await_resume() {
      end(SpanState::blocked_on_queue, q_->options_.name, "queue.put");
      if (closed_) throw QueueClosed();
    }

   private:
    friend class AsyncQueue;
    friend struct WaitList<PutAwaiter>;
    void unlink() noexcept override { q_->putters_.remove(this); }
    AsyncQueue* q_;
    T value_;
    EdgeEnd origin_;  // where the put began, for the queue edge of its item
    bool closed_ = false;
    PutAwaiter* prev = nullptr;
    PutAwaiter* next = nullptr;
    bool linked = false;
  };

  class GetAwaiter final : public detail::CancellableWait {
   public:
    explicit GetAwaiter(AsyncQueue& q) : q_(&q) {}
    GetAwaiter(const GetAwaiter&) = delete;
    GetAwaiter& operator=(const GetAwaiter&) = delete;
    ~GetAwaiter() { q_->getters_.remove(this); }

    bool await_ready() {
      if (std::optional<Slot> slot = q_->take_slot()) {
        item_.emplace(std::move(slot->item));
        origin_ = slot->origin;
        return true;
      }
      return q_->closed_;
    }
    template <class Promise>
    bool await_suspend(coro::coroutine_handle<Promise> handle) {
      if (!begin(handle)) return false;
      q_->getters_.push_back(this);
      return true;
    }
    std::optional<T> await_resume() {
      // A cancelled getter never took an item: cancel_wait unlinks it first,
      // and one already handed an item is no longer waiting (not cancellable).
      end(SpanState::blocked_on_queue, q_->options_.name, "queue.get");
      if (item_) q_->record_taken(*item_, origin_);
      return std::move(item_);
    }

   private:
    friend class AsyncQueue;
    friend struct WaitList<GetAwaiter>;
    void unlink() noexcept override { q_->getters_.remove(this); }
    AsyncQueue* q_;
    std::optional<T> item_;
    EdgeEnd origin_;  // where item_ was put
    GetAwaiter* prev = nullptr;
    GetAwaiter* next = nullptr;
    bool linked = false;
  };

 private:
  // An item with where it was put.
  struct Slot {
    T item;
    EdgeEnd origin;
  };

  // The running task's lane and the time now (untraced without a trace).
  [[nodiscard]] EdgeEnd here() const {
    TraceRecorder* trace = loop_->trace();
    const detail::TaskState* task = loop_->current();
    if (trace == nullptr || task == nullptr || !trace->records_edges()) return {};
    return EdgeEnd{task->lane, trace->now()};
  }
  // The queue edge of an item taken now by the running task.
  void record_taken(const T& item, const EdgeEnd& origin) const {
    if (origin.traced()) loop_->trace()->record_edge(Edge{EdgeKind::queue, origin, here(), edge_item_label(item)});
  }

  bool try_put_from(T& value, const EdgeEnd& origin) {
    if (closed_) return false;
    if (!getters_.empty()) {
      GetAwaiter* g = getters_.pop_front();
      g->item_.emplace(std::move(value));
      g->origin_ = origin;
      g->wake();
      return true;
    }
    if (items_.size() >= options_.capacity) return false;
    push_item(Slot{std::move(value), origin});
    return true;
  }
  std::optional<Slot> take_slot() {
    if (items_.empty()) return std::nullopt;
    std::optional<Slot> slot(std::move(items_.front()));
    items_.pop_front();
    // Room now: the longest-waiting putter's item goes in.
    if (!putters_.empty()) {
      PutAwaiter* p = putters_.pop_front();
      push_item(Slot{std::move(p->value_), p->origin_});
      p->wake();
    }
    return slot;
  }
  void push_item(Slot&& slot) {
    items_.push_back(std::move(slot));
    if (items_.size() > peak_) peak_ = items_.size();
  }

  EventLoop* loop_;  // the loop whose tasks may wait here
  async_queue_options options_;
  std::deque<Slot> items_;
  std::size_t peak_ = 0;
  bool closed_ = false;
  WaitList<PutAwaiter> putters_;
  WaitList<GetAwaiter> getters_;
};

}  // namespace playground
