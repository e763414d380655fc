#pragma once
// The WebAssembly build without threads (the "single" flavour) cannot block
// on a condition variable: no other thread exists to notify it, so every
// wait returns at once and a waiting demo would spin a core at 100 %.
// Instead, it gives the wait to the host: emscripten_sleep (Asyncify) saves
// the wasm stack, returns to the worker's JavaScript event loop, and resumes
// from a setTimeout when the time is up. Meanwhile the worker is idle and
// can answer messages (a poll, a cancel).
//
// Only for that build (compiled with -sASYNCIFY; see wasm/bindings/
// CMakeLists.txt). A caller must be reached from an entry that JavaScript
// calls asynchronously (ccall with {async: true}), never from an Embind
// function, which cannot be suspended.
#if !defined(__EMSCRIPTEN__) || PLAYGROUND_HAS_THREADS
#error "host_sleep is for the Emscripten build without threads"
#endif
#include <emscripten/emscripten.h>

#include <algorithm>

#include "core/clock.hpp"

namespace playground {

// The longest single sleep: a cancel made meanwhile is seen within it.
inline constexpr micros kHostSleepSliceUs = 50'000;

// While the run is suspended the host may not call into the module, so the
// run hands its news (progress, new spans) out itself, just before it
// returns to the host's event loop: the bindings set this while a run
// executes (bindings.cpp, SessionHandle::execute), and it is called at most
// every kHostNewsIntervalMs.
inline void (*host_news)() = nullptr;
inline constexpr double kHostNewsIntervalMs = 50;

inline void send_host_news_if_due() {
  static double last_ms = 0;
  if (host_news == nullptr) return;
  const double now_ms = emscripten_get_now();
  if (now_ms - last_ms < kHostNewsIntervalMs) return;
  last_ms = now_ms;
  host_news();
}

// Sleeps about `duration` (at most one slice; at least 1 ms, the host's
// timer granularity) on the host's event loop.
inline void host_sleep(micros duration) {
  const micros slice = std::clamp<micros>(duration, 0, kHostSleepSliceUs);
  send_host_news_if_due();
  emscripten_sleep(static_cast<unsigned>(std::max<micros>(1, (slice + 999) / 1000)));
}

// Whether the call running now may suspend: true only inside the plain
// exports JavaScript calls with ccall {async: true} (SuspendableCall). An
// Embind call (a processes parent's output, read as its children report)
// must never suspend: it would return to JavaScript half done, and the rest
// would run later, inside whichever call comes next.
inline bool host_may_suspend = false;

class SuspendableCall {
 public:
  SuspendableCall() : outer_(host_may_suspend) { host_may_suspend = true; }
  ~SuspendableCall() { host_may_suspend = outer_; }
  SuspendableCall(const SuspendableCall&) = delete;
  SuspendableCall& operator=(const SuspendableCall&) = delete;

 private:
  bool outer_;
};

// How long work that never waits may hold the host's event loop.
inline constexpr double kHostYieldIntervalMs = 100;

// Returns to the host's event loop for a moment if it has not run for
// kHostYieldIntervalMs: CPU-bound work (the distance matrix, serially) never
// sleeps, and meanwhile the worker could neither read the run's progress
// nor receive a message. Costs a timer's delay (about 1–4 ms) per interval.
inline void host_yield_if_due() {
  if (!host_may_suspend) return;
  static double last_ms = emscripten_get_now();
  const double now_ms = emscripten_get_now();
  if (now_ms - last_ms < kHostYieldIntervalMs) return;
  send_host_news_if_due();
  emscripten_sleep(0);
  last_ms = emscripten_get_now();
}

}  // namespace playground
