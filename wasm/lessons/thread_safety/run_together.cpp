#include <condition_variable>
#include <exception>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "core/job.hpp"
#include "core/thread_lane.hpp"
#include "lessons/thread_safety/thread_safety_run.hpp"
#include "run/lesson_support.hpp"

namespace playground::lessons::thread_safety {

void run_together(const RunContext& context, int count, const std::function<void(int)>& body) {
  std::mutex mutex;
  std::condition_variable all_started;
  int started = 0;
  bool failed_to_start = false;  // a thread could not be created: the others leave without running
  FirstError errors;
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(count));
  const auto join_all = [&] {
    for (std::thread& t : threads) t.join();
  };
  for (int i = 0; i < count; ++i) {
    const LaneId lane = add_lane(context, "thread " + std::to_string(i + 1), LaneKind::thread);
    try {
      threads.emplace_back([&, lane, i] {
        ThreadLane on_lane(context.trace, lane);
        {
          // The start gate: a thread started early must not finish its share
          // before the last one exists, or nothing would overlap.
          LaneState waiting(SpanState::starting, "wait for the other threads to start", "thread-safety.start");
          std::unique_lock lock(mutex);
          ++started;
          all_started.notify_all();
          all_started.wait(lock, [&] { return started == count || failed_to_start; });
          if (failed_to_start) return;
        }
        on_lane.set(SpanState::running);
        try {
          body(i);
        } catch (...) {
          errors.record(std::current_exception());
        }
      });
    } catch (const std::system_error& e) {
      {
        std::lock_guard lock(mutex);
        failed_to_start = true;
      }
      all_started.notify_all();
      join_all();
      throw RunError("thread-safety: could not start thread " + std::to_string(i + 1) + " of " + std::to_string(count) +
                     " (" + e.what() + ")");
    }
  }
  join_all();
  errors.rethrow_and_clear();
}

}  // namespace playground::lessons::thread_safety
