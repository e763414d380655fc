#pragma once
// The thread-safety lesson's own lock: a mutex that knows who holds it and
// who waits for it, so that a deadlock can be seen, named and ended instead
// of hanging the run.
//
// Every lock of a run lives in one LockTable, and the table's state (each
// lock's holder, each thread's wait) is guarded by ONE std::mutex and one
// condition variable. A thread that waits for a lock therefore never holds
// two std::mutexes at once, so ThreadSanitizer sees no lock-order inversion
// even when the lesson takes its accounts in opposite orders on purpose:
// the inversion lives in the wait-for graph below, where it is detected.
//
// Deadlock detection works like a database's (PostgreSQL's deadlock_timeout):
// a waiter sleeps for check_every, then follows the wait-for graph (thread ->
// the lock it waits for -> that lock's holder -> ...). If the path comes back
// to itself, the run is deadlocked: every waiter, now and later, is released
// with DeadlockError, and the threads unwind, unlocking what they hold.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/cancel_token.hpp"
#include "core/clock.hpp"
#include "core/thread_lane.hpp"
#include "core/trace.hpp"

namespace playground::lessons::thread_safety {

// Thrown by LockTable::lock() once the run is deadlocked; what() names the cycle.
class DeadlockError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LockTableOptions {
  micros check_every_us = 50'000;  // how long a waiter waits before (and between) looking for a cycle; > 0
  CancelToken* cancel = nullptr;   // wakes waiters and fails them with Cancelled
};

// What the detector found, on the table's clock (which starts with the table).
struct DeadlockReport {
  std::string cycle;       // "thread 1 holds account A and waits for account B; thread 2 holds ..."
  micros formed_us = 0;    // when the last wait of the cycle began
  micros detected_us = 0;  // when a waiter saw the cycle
  // For each thread of the cycle (by index; empty for others), what its lane
  // says about the wait: "deadlock: waits for account B held by thread 2".
  std::vector<std::string> marks;
};

struct LockStats {
  std::uint64_t acquisitions = 0;  // successful lock() and try_lock()
  std::uint64_t waits = 0;         // lock() calls that found the lock held and waited
  micros wait_us = 0;              // time spent in those waits, summed over threads
};

class LockTable {
 public:
  explicit LockTable(LockTableOptions options);
  LockTable(const LockTable&) = delete;
  LockTable& operator=(const LockTable&) = delete;

  // Registers a lock ("account A") or a thread ("thread 1"); returns its index.
  // Call before the threads start.
  int add_lock(std::string name);
  int add_thread(std::string name);

  // Takes `lock` for `thread`, waiting while another thread holds it; the
  // wait shows as waiting_for_lock "wait for <lock>" on the thread's lane.
  // Throws DeadlockError when the run is (or becomes) deadlocked, Cancelled
  // when cancelled. Behaviour is undefined if `thread` already holds `lock`.
  void lock(int thread, int lock);
  // Takes `lock` if it is free; never waits.
  [[nodiscard]] bool try_lock(int thread, int lock);
  // Lets go of `lock`, which `thread` holds, and wakes the waiters. A waiter
  // that takes it records a lock edge from this release (issue 17).
  void unlock(int thread, int lock);

  [[nodiscard]] const std::string& lock_name(int lock) const { return locks_.at(static_cast<std::size_t>(lock)).name; }
  [[nodiscard]] std::optional<DeadlockReport> deadlock() const;
  [[nodiscard]] LockStats stats() const;

 private:
  struct LockState {
    std::string name;
    int holder = -1;      // thread index, -1 when free
    EdgeEnd released_at;  // the last unlock: a waiter's lock edge starts there
  };
  struct ThreadState {
    std::string name;
    int waiting_for = -1;  // lock index, -1 when not waiting
    micros waiting_since = 0;
  };

  // With mutex_ held: the cycle through `thread`'s wait, if there is one.
  [[nodiscard]] std::optional<DeadlockReport> find_cycle_locked(int thread, micros now) const;

  LockTableOptions options_;
  SteadyClock clock_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;  // a lock was released, a deadlock found, or the run cancelled
  std::vector<LockState> locks_;
  std::vector<ThreadState> threads_;
  std::optional<DeadlockReport> deadlock_;
  LockStats stats_;
};

// Holds a lock of a LockTable for a scope, and shows "holding <lock>" on the
// thread's lane meanwhile (what profilers such as Tracy draw on lock lanes).
class LockGuard {
 public:
  LockGuard(LockTable& table, int thread, int lock) : table_(table), thread_(thread), lock_(lock) {
    table_.lock(thread_, lock_);
    holding_.emplace(SpanState::running, "holding " + table_.lock_name(lock_), "thread-safety.holding");
  }
  ~LockGuard() {
    holding_.reset();  // the lane stops showing the lock before another thread can take it
    table_.unlock(thread_, lock_);
  }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  LockTable& table_;
  int thread_;
  int lock_;
  std::optional<LaneState> holding_;
};

}  // namespace playground::lessons::thread_safety
