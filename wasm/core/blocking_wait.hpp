#pragma once
// What every blocking wait on a thread does, in one place.
//
// While a thread blocks (a full or empty queue, a sleep standing in for I/O,
// a wait for a result or for a thread slot) it:
// - lets go of the simulated GIL, as CPython does around blocking calls;
// - shows the wait on its trace lane (blocked_on_queue, waiting_on_io, idle);
// - can be woken by the run's CancelToken, so cancelling reaches it at once
//   instead of when the wait would have ended.
//
// Usage, with the primitive's own mutex `m` and condition variable `cv`:
//
//   BlockingWait blocking(cancel, [&] { std::lock_guard l(m); cv.notify_all(); },
//                         SpanState::blocked_on_queue, "get", site);
//   std::unique_lock lock(m);   // declared after: released before `blocking` ends
//   cv.wait(lock, [&] { return ready || blocking.cancelled(); });
//
// The wake-up must take the mutex the waiter checks its condition under, or
// the wake-up can fall between the check and the wait. The BlockingWait must
// outlive the lock: it unregisters the wake-up (which takes that mutex) and
// takes the GIL back (which may block) only once the lock is released.
#include <functional>
#include <string_view>

#include "core/cancel_token.hpp"
#include "core/clock.hpp"
#include "core/gil.hpp"
#include "core/thread_lane.hpp"

namespace playground {

class BlockingWait {
 public:
  BlockingWait(CancelToken* cancel, std::function<void()> wake, SpanState state, std::string_view label = {},
               std::string_view site = {})
      : cancel_(cancel), lane_(state, label, site), wake_on_cancel_(cancel, std::move(wake)) {}

  [[nodiscard]] bool cancelled() const { return cancel_ != nullptr && cancel_->cancelled(); }

 private:
  CancelToken* cancel_;
  // Order matters: destroyed bottom-up, so the wake-up goes first, then the
  // lane leaves the waiting state, then the GIL is taken back (a wait of its
  // own, shown as waiting_for_gil).
  GilRelease gil_;
  LaneState lane_;
  CancelRegistration wake_on_cancel_;
};

// Blocks the calling thread for `duration` of real time, standing in for I/O
// (time.sleep, a network call): releases the GIL, shows waiting_on_io with
// `label` on the lane, and throws Cancelled as soon as `cancel` is cancelled
// (also when it already was). A duration <= 0 returns at once.
void thread_sleep(micros duration, CancelToken* cancel = nullptr, std::string_view label = "sleep",
                  std::string_view site = {});

// As thread_sleep, shown in `state` instead: a wait that stands for nothing
// to do (a server worker idle until the next request arrives) is `idle`.
void thread_wait(micros duration, CancelToken* cancel, SpanState state, std::string_view label,
                 std::string_view site = {});

}  // namespace playground
