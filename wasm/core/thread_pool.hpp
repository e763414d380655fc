#pragma once
// A fixed-size thread pool, like Python's ThreadPoolExecutor(max_workers=N):
// N threads started once, a shared FIFO of jobs, submit() returning a
// future-like JobHandle, wait_all(), and a clean shutdown.
//
// On the trace each worker is a lane ("pool worker 1", ...): its start-up
// cost, idle while the queue is empty, running while it runs a job (jobs add
// their own detail with LaneState). With a Gil in the options every job runs
// holding the GIL, as Python threads run Python code.
//
// Cancellation: once the token is cancelled, jobs that have not started are
// failed with Cancelled instead of run (their handles throw Cancelled; posted
// ones make wait_all() throw), and running jobs are expected to check the
// token themselves. wait_all() and JobHandle::wait() wake at once.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/cancel_token.hpp"
#include "core/executor.hpp"
#include "core/gil.hpp"
#include "core/trace.hpp"

namespace playground {

struct ThreadPoolOptions {
  int threads = 1;                   // >= 1
  std::string name = "pool worker";  // lane names: "pool worker 1", "pool worker 2", ...
  TraceRecorder* trace = nullptr;    // null: untraced
  CancelToken* cancel = nullptr;     // null: not cancellable
  Gil* gil = nullptr;                // null: jobs run without the simulated GIL
};

class ThreadPool final : public Executor {
 public:
  // Starts the workers. Throws std::invalid_argument for threads < 1, and
  // std::runtime_error if the threads cannot be started (a build without
  // threads, or the platform's limit; workers already started are stopped).
  explicit ThreadPool(ThreadPoolOptions options);
  // shutdown(). Behaviour is undefined if called from a worker.
  ~ThreadPool() override;
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void wait_all() override;
  [[nodiscard]] CancelToken* cancel_token() const noexcept override { return options_.cancel; }

  // Stops accepting jobs, lets the workers finish every job already queued,
  // and joins them. Idempotent; call it from the thread that owns the pool.
  void shutdown();

  [[nodiscard]] int size() const noexcept { return static_cast<int>(workers_.size()); }
  [[nodiscard]] std::uint64_t executed() const;  // jobs run or failed so far
  // The lanes of the workers, in worker order (empty when untraced).
  [[nodiscard]] const std::vector<LaneId>& lanes() const noexcept { return lanes_; }

  // True on a thread that is one of this pool's workers.
  [[nodiscard]] bool on_worker_thread() const noexcept { return current_ == this; }

 protected:
  void execute(JobPtr job) override;

 private:
  void worker_loop(std::size_t index, micros created_at);

  static constinit thread_local const ThreadPool* current_;

  ThreadPoolOptions options_;
  std::vector<std::thread> workers_;
  std::vector<LaneId> lanes_;

  mutable std::mutex mutex_;
  std::condition_variable work_available_;
  std::condition_variable all_done_;
  JobQueue queue_;
  std::size_t active_ = 0;        // jobs being run right now
  std::size_t sleeping_ = 0;      // workers waiting for work
  std::size_t done_waiters_ = 0;  // threads in wait_all()
  std::uint64_t executed_ = 0;
  bool stopping_ = false;
};

}  // namespace playground
