#pragma once
// Thread-per-task: every job gets a thread of its own, created for it and
// joined after it, like `threading.Thread(target=f).start()` in a loop. The
// course uses it to show what creating threads costs; the trace shows that
// cost as a `starting` span before each job.
//
// Live threads are capped (a browser has a fixed pthread pool, and a machine
// has limits too): at the cap, submit() blocks until a thread finishes. That
// changes what the demo measures, so the executor counts it and says so in
// cap_note(), for the result shown to the reader.
//
// Lanes are per slot, not per thread: "thread 1" ... "thread <cap>", each
// used by one thread at a time, so 10 000 tasks do not make 10 000 rows.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/cancel_token.hpp"
#include "core/executor.hpp"
#include "core/gil.hpp"
#include "core/trace.hpp"

namespace playground {

struct ThreadPerTaskOptions {
  int max_live_threads = 64;    // >= 1: threads started and not yet joined
  std::string name = "thread";  // lane names: "thread 1", "thread 2", ...
  TraceRecorder* trace = nullptr;
  CancelToken* cancel = nullptr;
  Gil* gil = nullptr;  // null: jobs run without the simulated GIL
};

struct ThreadPerTaskStats {
  std::uint64_t threads_started = 0;
  int peak_live = 0;            // most threads alive at once
  std::uint64_t cap_waits = 0;  // submits that had to wait for a thread to finish
};

// How long starting a thread may keep finding the platform out of threads.
inline constexpr std::chrono::seconds kThreadStartPatience{5};

class ThreadPerTaskExecutor final : public Executor {
 public:
  explicit ThreadPerTaskExecutor(ThreadPerTaskOptions options);
  // Joins every thread (waiting for their jobs, which should observe the
  // token). Behaviour is undefined if a submit() is still in progress.
  ~ThreadPerTaskExecutor() override;
  ThreadPerTaskExecutor(const ThreadPerTaskExecutor&) = delete;
  ThreadPerTaskExecutor& operator=(const ThreadPerTaskExecutor&) = delete;

  // Waits for every thread started so far, joins them, then rethrows the
  // first exception of a posted job.
  void wait_all() override;
  [[nodiscard]] CancelToken* cancel_token() const noexcept override { return options_.cancel; }

  [[nodiscard]] ThreadPerTaskStats stats() const;
  // One sentence for the reader when the cap changed the run, else "".
  [[nodiscard]] std::string cap_note() const;
  [[nodiscard]] int max_live_threads() const noexcept { return options_.max_live_threads; }

 protected:
  // Starts a thread for `job`, first waiting for a free slot at the cap.
  // Throws std::runtime_error if the platform refuses a new thread.
  void execute(JobPtr job) override;

 private:
  // busy: claimed by a submit, then running its thread; the thread itself
  // marks it finished, so nobody else writes the state while it runs.
  enum class SlotState : std::uint8_t { free, busy, finished };
  struct Slot {
    SlotState state = SlotState::free;
    std::thread thread;  // joinable when finished, and when busy until re-started
    LaneId lane = -1;
  };

  // Picks a slot (a finished one first, keeping lanes few) and marks it
  // busy; nullopt at the cap. Caller holds mutex_.
  std::optional<std::size_t> claim_slot_locked();
  std::size_t claim_slot();
  // Starts the slot's thread for `job`, waiting while the platform says
  // "try again" (EAGAIN), at most kThreadStartPatience. Throws
  // std::system_error if it cannot, Cancelled if the run is cancelled.
  void start_thread(Slot& slot, std::size_t index, micros created_at, JobPtr job);
  void run_thread(std::size_t index, micros created_at, JobPtr job);

  ThreadPerTaskOptions options_;
  std::vector<Slot> slots_;  // never resized, so a claimed slot is its claimer's alone

  mutable std::mutex mutex_;
  std::condition_variable slot_finished_;
  int busy_ = 0;  // slots whose thread is being started or running
  int live_ = 0;  // slots busy, or finished and not yet joined
  ThreadPerTaskStats stats_;
};

}  // namespace playground
