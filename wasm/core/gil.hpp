#pragma once
// The simulated GIL: CPython's global interpreter lock, rebuilt on real
// threads so the reader can watch what it does to CPU-bound threads.
//
// It follows CPython's "new GIL" (Python/ceval_gil.c, since 3.2):
// - a thread that wants the GIL waits on a condition variable for one switch
//   interval (sys.setswitchinterval, default 5 ms); if the holder has not
//   changed in that time, it sets drop_request;
// - the holder runs "interpreted" code that calls gil_checkpoint() often (the
//   eval breaker); when drop_request is set it drops the GIL and waits until
//   another thread has taken it (forced switching), then queues up again;
// - blocking calls (simulated I/O, queue waits, waits for results) release
//   the GIL while they block (Py_BEGIN_ALLOW_THREADS): see blocking_wait.hpp.
//
// A thread holds the GIL through a GilHold for the length of its Python-like
// work. Code shared by GIL-on and GIL-off modes passes a null Gil*: then
// GilHold, GilRelease and gil_checkpoint() do nothing.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <thread>

#include "core/cancel_token.hpp"
#include "core/clock.hpp"
#include "core/trace.hpp"

namespace playground {

struct GilOptions {
  micros switch_interval_us = 5000;  // like sys.setswitchinterval(0.005); must be > 0
  CancelToken* cancel = nullptr;     // wakes and fails threads waiting for the GIL
};

struct GilStats {
  std::uint64_t acquisitions = 0;     // times any thread took the GIL
  std::uint64_t handoffs = 0;         // acquisitions by a thread other than the last holder (not the first)
  std::uint64_t drop_requests = 0;    // times a waiter asked the holder to let go
  std::uint64_t forced_switches = 0;  // times a holder let go because it was asked
};

class Gil {
 public:
  explicit Gil(GilOptions options = {});
  Gil(const Gil&) = delete;
  Gil& operator=(const Gil&) = delete;

  // Blocks until the calling thread holds the GIL; the wait shows as
  // waiting_for_gil on the thread's lane. Throws Cancelled if the token is
  // cancelled while waiting. Behaviour is undefined if the caller already
  // holds it (it is not recursive).
  void acquire(std::string_view site = {});
  // As acquire(), but ignores cancellation: for taking the GIL back after a
  // blocking call, where throwing is not an option. Still bounded: the holder
  // lets go within a switch interval of being asked.
  void acquire_uncancellable(std::string_view site = {});
  // Lets go and wakes one waiting thread. The caller must hold the GIL.
  void release();
  // The eval breaker's slow path: lets go because a waiter asked, waits until
  // another thread has taken the GIL, then waits to get it back.
  // Throws Cancelled (without the GIL) if cancelled meanwhile.
  void yield_to_waiter(std::string_view site = {});

  // True when a waiter has asked the holder to let go. relaxed: it is a hint
  // polled in hot loops; the hand-off itself is ordered by the mutex.
  [[nodiscard]] bool drop_requested() const noexcept { return drop_request_.load(std::memory_order_relaxed); }

  [[nodiscard]] micros switch_interval_us() const noexcept { return options_.switch_interval_us; }
  [[nodiscard]] GilStats stats() const;

 private:
  // Takes the GIL; the caller holds `lock` and has seen it free.
  void take_locked(std::unique_lock<std::mutex>& lock);
  void acquire_slow(std::string_view site, CancelToken* cancel);

  GilOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable gil_free_;  // signalled when the GIL is dropped
  std::condition_variable switched_;  // signalled when a thread takes the GIL
  bool locked_ = false;
  int waiters_ = 0;                  // threads blocked in acquire
  std::uint64_t switch_number_ = 0;  // acquisitions so far: tells a waiter whether the holder changed
  std::thread::id last_holder_;
  EdgeEnd released_at_;  // where the GIL was last let go: a hand-off's gil edge starts there
  std::atomic<bool> drop_request_{false};
  GilStats stats_;
};

// Holds `gil` on the calling thread for a scope: acquires it on construction
// (which may throw Cancelled) and releases it on destruction. Makes itself
// the thread's current hold, so gil_checkpoint() and blocking waits find it.
// A null `gil` holds nothing.
class GilHold {
 public:
  explicit GilHold(Gil* gil, std::string_view site = {});
  ~GilHold();
  GilHold(const GilHold&) = delete;
  GilHold& operator=(const GilHold&) = delete;

  // The calling thread's hold, or null.
  [[nodiscard]] static GilHold* current() noexcept { return current_; }
  [[nodiscard]] Gil* gil() const noexcept { return gil_; }
  [[nodiscard]] bool held() const noexcept { return held_; }

 private:
  friend class GilRelease;
  friend void gil_checkpoint(std::string_view site);
  void yield(std::string_view site);

  static constinit thread_local GilHold* current_;

  Gil* gil_;
  GilHold* previous_;
  bool held_ = false;
};

// The eval breaker: interpreted work calls this often (every loop iteration
// is fine: when nobody waits it is a thread-local read and a relaxed load).
// Hands the GIL to a waiter that has waited a switch interval.
inline void gil_checkpoint(std::string_view site = {}) {
  GilHold* hold = GilHold::current_;
  if (hold != nullptr && hold->held_ && hold->gil_->drop_requested()) [[unlikely]] {
    hold->yield(site);
  }
}

// Releases the calling thread's GIL (if it holds one) for a scope and takes
// it back afterwards, like Py_BEGIN/END_ALLOW_THREADS around a blocking call.
// Taking it back ignores cancellation (destructors cannot throw); see
// Gil::acquire_uncancellable.
class GilRelease {
 public:
  GilRelease();
  ~GilRelease();
  GilRelease(const GilRelease&) = delete;
  GilRelease& operator=(const GilRelease&) = delete;

 private:
  GilHold* released_ = nullptr;
};

}  // namespace playground
