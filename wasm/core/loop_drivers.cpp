#include "core/loop_drivers.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#if defined(__EMSCRIPTEN__) && !PLAYGROUND_HAS_THREADS
#include "core/host_sleep.hpp"
#endif

namespace playground {

namespace {
void throw_if_cancelled(const EventLoop& loop) {
  if (loop.cancel_token() != nullptr && loop.cancel_token()->cancelled()) throw Cancelled();
}
}  // namespace

void run_blocking(EventLoop& loop) {
  for (;;) {
    const StepResult r = loop.step();
    if (r.finished) break;
    if (loop.has_ready()) continue;
    std::optional<micros> timeout;
    if (r.next_deadline) {
      timeout = *r.next_deadline - loop.now();
      if (*timeout <= 0) continue;
    }
#if defined(__EMSCRIPTEN__) && !PLAYGROUND_HAS_THREADS
    // No other thread can post or notify here: a condition-variable wait
    // would return at once and the loop would spin. The browser's event
    // loop does the waiting instead (host_sleep.hpp).
    host_sleep(timeout.value_or(kHostSleepSliceUs));
#else
    loop.wait_for_wakeup(timeout);
#endif
  }
  throw_if_cancelled(loop);
}

void run_virtual(EventLoop& loop, VirtualClock& clock) {
  if (&loop.clock() != &clock) throw std::invalid_argument("run_virtual: the loop must run on this VirtualClock");
  for (;;) {
    const StepResult r = loop.step();
    if (r.finished) break;
    if (loop.has_ready()) continue;
    if (r.next_deadline) {
      clock.advance_to(*r.next_deadline);
    } else if (r.did_work) {
      continue;  // a post may have made something ready; look again before waiting
    } else if (loop.external_pending() > 0) {
      // Only executor work can wake a task now: wait for its post in real
      // time (virtual time does not move meanwhile).
      loop.wait_for_wakeup(std::nullopt);
    } else {
      throw std::runtime_error("event loop stalled: " + std::to_string(loop.live_tasks()) +
                               " task(s) wait for something nothing will wake (deadlock)");
    }
  }
  throw_if_cancelled(loop);
}

ExternalStep external_step(EventLoop& loop) {
  const StepResult r = loop.step();
  ExternalStep out;
  out.finished = r.finished;
  if (!r.finished && r.next_deadline) out.delay_us = std::max<micros>(0, *r.next_deadline - loop.now());
  return out;
}

}  // namespace playground
