#pragma once
// How busy each lane of a run was: the time it spent computing, against the
// run's wall time. A pool of 4 workers that each computed for 90 ms of a
// 100 ms run was 90 % utilised; one that was busy 20 ms waited the rest.
//
// Measured by the lessons themselves (not taken from the trace), so untraced
// runs and benchmarks report it too.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace playground {

// The calling thread's CPU time in microseconds, where the platform keeps
// one per thread (Linux: CLOCK_THREAD_CPUTIME_ID); elsewhere real time. A
// thread blocked waiting (for the simulated GIL, a queue, a sleep) uses no
// CPU, so differences of this clock measure work, not waiting.
[[nodiscard]] micros thread_cpu_us();

class LaneUsage {
 public:
  LaneUsage();

  // Adds `busy_us` to the lane called `name`. Thread-safe. `width` > 1 makes
  // it a lane that stands for that many threads at once (a thread-per-task
  // executor's short-lived threads, shown as one line): its utilisation is
  // then busy / (wall × width).
  void add(const std::string& name, micros busy_us, int width = 1);

  // Adds `busy_us` to the calling thread's lane, named `prefix` and a number
  // given in the order threads first report ("worker 1", "worker 2"…): for
  // pool threads, whose names the lesson does not choose. Thread-safe, and
  // after a thread's first call it takes no lock: a pool's workers call it
  // once per job, and a lock they all share would make them wait for each
  // other on every job.
  void add_for_this_thread(std::string_view prefix, micros busy_us);

  // [{"lane": name, "busy_ms": .., "utilisation": busy / (wall × width)}] in the order
  // lanes first reported.
  [[nodiscard]] nlohmann::json to_json(micros wall_us) const;

  // The sum of every lane's busy time.
  [[nodiscard]] micros total_busy_us() const;

 private:
  // A lane's tally. Aligned to a cache line of its own: two pool workers
  // add to their own tallies at the same time, and tallies made one after
  // the other would otherwise share a line that bounces between their cores.
  struct alignas(64) Busy {
    std::atomic<micros> us{0};  // relaxed: read once the threads have been joined
    int width = 1;
  };
  Busy& lane_locked(const std::string& name, int width);

  const std::uint64_t id_;  // tells the tallies of this object from an earlier one's at the same address
  mutable std::mutex mutex_;
  std::vector<std::string> order_;
  std::map<std::string, Busy> busy_;
  std::map<std::thread::id, std::string> thread_names_;
};

}  // namespace playground
