#include "lessons/thread_safety/lesson_lock.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "core/causal_edge.hpp"

namespace playground::lessons::thread_safety {

LockTable::LockTable(LockTableOptions options) : options_(options) {
  if (options_.check_every_us <= 0) throw std::invalid_argument("LockTable: check_every_us must be > 0");
}

int LockTable::add_lock(std::string name) {
  std::lock_guard guard(mutex_);
  locks_.push_back({std::move(name), -1, {}});
  return static_cast<int>(locks_.size()) - 1;
}

int LockTable::add_thread(std::string name) {
  std::lock_guard guard(mutex_);
  threads_.push_back({std::move(name)});
  return static_cast<int>(threads_.size()) - 1;
}

bool LockTable::try_lock(int thread, int lock) {
  std::lock_guard guard(mutex_);
  LockState& state = locks_.at(static_cast<std::size_t>(lock));
  if (state.holder >= 0) return false;
  state.holder = thread;
  ++stats_.acquisitions;
  return true;
}

void LockTable::unlock(int thread, int lock) {
  const EdgeEnd here = here_on_lane();
  {
    std::lock_guard guard(mutex_);
    LockState& state = locks_.at(static_cast<std::size_t>(lock));
    if (state.holder != thread)
      throw std::logic_error("LockTable: " + state.name + " unlocked by a thread not holding it");
    state.holder = -1;
    state.released_at = here;
  }
  changed_.notify_all();
}

void LockTable::lock(int thread, int lock) {
  // The fast path: a free lock is taken without touching the trace or the token.
  if (try_lock(thread, lock)) return;

  const std::string& name = lock_name(lock);
  LaneState waiting(SpanState::waiting_for_lock, "wait for " + name, "thread-safety.wait");
  // Declared before the unique_lock below, so destroyed after it is released:
  // unregistering must not happen while holding the mutex the wake-up takes.
  CancelRegistration wake(options_.cancel, [this] {
    std::lock_guard guard(mutex_);
    changed_.notify_all();
  });

  std::unique_lock guard(mutex_);
  ThreadState& me = threads_.at(static_cast<std::size_t>(thread));
  LockState& wanted = locks_.at(static_cast<std::size_t>(lock));
  const micros started = clock_.now_us();
  me.waiting_for = lock;
  me.waiting_since = started;
  ++stats_.waits;
  // Leaves the wait-for graph and counts the wait, however the wait ends.
  const auto stop_waiting = [&] {
    me.waiting_for = -1;
    stats_.wait_us += clock_.now_us() - started;
  };

  micros next_check = started + options_.check_every_us;
  for (;;) {
    if (deadlock_) {
      // Said on the lane before it leaves the wait: this span is where the cycle closed.
      const std::string& mark = deadlock_->marks[static_cast<std::size_t>(thread)];
      if (ThreadLane* lane = ThreadLane::current(); lane != nullptr && !mark.empty()) lane->relabel(mark);
      stop_waiting();
      throw DeadlockError("deadlock: " + deadlock_->cycle);
    }
    if (options_.cancel != nullptr && options_.cancel->cancelled()) {
      stop_waiting();
      throw Cancelled();
    }
    if (wanted.holder < 0) {
      wanted.holder = thread;
      ++stats_.acquisitions;
      stop_waiting();
      record_edge_here(EdgeKind::lock, wanted.released_at, [&] { return name; });
      return;
    }
    const micros now = clock_.now_us();
    if (now >= next_check) {
      deadlock_ = find_cycle_locked(thread, now);
      if (deadlock_) {
        changed_.notify_all();  // every other waiter must leave too
        continue;
      }
      next_check = now + options_.check_every_us;
    }
    changed_.wait_for(guard, std::chrono::microseconds(next_check - now));
  }
}

std::optional<DeadlockReport> LockTable::find_cycle_locked(int thread, micros now) const {
  // Each thread waits for at most one lock and each lock has at most one
  // holder, so the graph is a path: follow it at most threads_.size() steps.
  std::vector<int> path{thread};
  int at = thread;
  for (std::size_t step = 0; step < threads_.size(); ++step) {
    const int lock = threads_[static_cast<std::size_t>(at)].waiting_for;
    if (lock < 0) return std::nullopt;
    const int holder = locks_[static_cast<std::size_t>(lock)].holder;
    if (holder < 0) return std::nullopt;  // released meanwhile: the waiter will take it
    if (holder == thread) break;
    path.push_back(holder);
    at = holder;
  }
  if (threads_[static_cast<std::size_t>(at)].waiting_for < 0 ||
      locks_[static_cast<std::size_t>(threads_[static_cast<std::size_t>(at)].waiting_for)].holder != thread) {
    return std::nullopt;  // a path that ends in a cycle not through `thread`: its own waiters will find it
  }

  // Told from the lowest-numbered thread, each thread with the lock it holds
  // (the one its predecessor waits for) and the lock it waits for.
  std::size_t first = 0;
  for (std::size_t i = 1; i < path.size(); ++i) {
    if (path[i] < path[first]) first = i;
  }
  DeadlockReport report;
  report.detected_us = now;
  report.marks.resize(threads_.size());
  for (std::size_t k = 0; k < path.size(); ++k) {
    const std::size_t i = (first + k) % path.size();
    const std::size_t before = (i + path.size() - 1) % path.size();
    const ThreadState& t = threads_[static_cast<std::size_t>(path[i])];
    const int holds = threads_[static_cast<std::size_t>(path[before])].waiting_for;
    if (k > 0) report.cycle += "; ";
    report.cycle += t.name + " holds " + locks_[static_cast<std::size_t>(holds)].name + " and waits for " +
                    locks_[static_cast<std::size_t>(t.waiting_for)].name;
    report.formed_us = std::max(report.formed_us, t.waiting_since);
    const std::size_t next = (i + 1) % path.size();
    report.marks[static_cast<std::size_t>(path[i])] = "deadlock: waits for " +
                                                      locks_[static_cast<std::size_t>(t.waiting_for)].name +
                                                      " held by " + threads_[static_cast<std::size_t>(path[next])].name;
  }
  return report;
}

std::optional<DeadlockReport> LockTable::deadlock() const {
  std::lock_guard guard(mutex_);
  return deadlock_;
}

LockStats LockTable::stats() const {
  std::lock_guard guard(mutex_);
  return stats_;
}

}  // namespace playground::lessons::thread_safety
