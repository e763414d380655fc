#include "core/blocking_wait.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>

#if defined(__EMSCRIPTEN__) && !PLAYGROUND_HAS_THREADS
#include "core/host_sleep.hpp"
#endif

namespace playground {

void thread_sleep(micros duration, CancelToken* cancel, std::string_view label, std::string_view site) {
  thread_wait(duration, cancel, SpanState::waiting_on_io, label, site);
}

void thread_wait(micros duration, CancelToken* cancel, SpanState state, std::string_view label, std::string_view site) {
  if (cancel != nullptr) cancel->throw_if_cancelled();
  if (duration <= 0) return;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(duration);
  std::mutex mutex;
  std::condition_variable woken;
  BlockingWait blocking(
      cancel,
      [&] {
        std::lock_guard lock(mutex);
        woken.notify_all();
      },
      state, label, site);
#if defined(__EMSCRIPTEN__) && !PLAYGROUND_HAS_THREADS
  // Without threads nothing could notify `woken`, and its wait would return
  // at once (a spin): the host's event loop sleeps instead, in slices, so a
  // cancel from JavaScript is seen soon (host_sleep.hpp).
  for (auto now = std::chrono::steady_clock::now(); now < deadline && !blocking.cancelled();
       now = std::chrono::steady_clock::now()) {
    host_sleep(std::chrono::duration_cast<std::chrono::microseconds>(deadline - now).count());
  }
#else
  {
    std::unique_lock lock(mutex);
    woken.wait_until(lock, deadline, [&] { return blocking.cancelled(); });
  }
#endif
  if (blocking.cancelled()) throw Cancelled();
}

}  // namespace playground
