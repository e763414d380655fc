#include "core/blocking_wait.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace playground {

void thread_sleep(micros duration, CancelToken* cancel, std::string_view label, std::string_view site) {
  if (cancel != nullptr) cancel->throw_if_cancelled();
  if (duration <= 0) return;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(duration);
  std::mutex mutex;
  std::condition_variable woken;
  BlockingWait blocking(cancel, [&] {
    std::lock_guard lock(mutex);
    woken.notify_all();
  }, SpanState::waiting_on_io, label, site);
  {
    std::unique_lock lock(mutex);
    woken.wait_until(lock, deadline, [&] { return blocking.cancelled(); });
  }
  if (blocking.cancelled()) throw Cancelled();
}

}  // namespace playground
