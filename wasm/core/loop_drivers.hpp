#pragma once
// Drivers for an EventLoop: they call step() and decide how to wait between
// steps. None of them busy-waits.
//
//  - run_blocking: real time. Sleeps on a condition variable until the next
//    timer is due or another thread posts (run_in_executor finishing);
//    native and pthread builds.
//  - run_virtual: virtual time. When nothing is ready it moves the
//    VirtualClock straight to the next deadline: deterministic, instant,
//    exact timings (tests, and demos that only want the shape).
//  - external_step: one step for a host event loop that does the waiting
//    itself (the browser build without threads), used like this from JS:
//
//        function tick() {
//          const s = engine.step();              // calls external_step()
//          if (s.finished) return done();
//          if (s.delay_us !== undefined) setTimeout(tick, s.delay_us / 1000);
//          // else: only a post can wake the loop; the host calls tick() then
//        }
//
// run_blocking and run_virtual return once every task has finished (read
// results and exceptions through the TaskHandles) and throw Cancelled if the
// loop's CancelToken was cancelled.
#include <optional>

#include "core/clock.hpp"
#include "core/event_loop.hpp"

namespace playground {

// Drives `loop` with its own (real) clock until every task has finished.
void run_blocking(EventLoop& loop);

// Drives `loop`, whose clock must be `clock`, fast-forwarding time. Throws
// std::runtime_error if tasks are left waiting on something nothing can
// wake (a deadlock) rather than hanging.
void run_virtual(EventLoop& loop, VirtualClock& clock);

struct ExternalStep {
  bool finished = false;
  std::optional<micros> delay_us;  // run the next step after this long (0: as soon as possible)
};
[[nodiscard]] ExternalStep external_step(EventLoop& loop);

}  // namespace playground
