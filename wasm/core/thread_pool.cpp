#include "core/thread_pool.hpp"

#include <stdexcept>
#include <system_error>

#include "core/blocking_wait.hpp"
#include "core/thread_lane.hpp"

namespace playground {

constinit thread_local const ThreadPool* ThreadPool::current_ = nullptr;

ThreadPool::ThreadPool(ThreadPoolOptions options) : options_(std::move(options)) {
  if (options_.threads < 1) throw std::invalid_argument("thread pool needs at least 1 thread");
#if !PLAYGROUND_HAS_THREADS
  throw std::runtime_error("this build has no threads: the thread pool is only in the threads build");
#endif
  const auto count = static_cast<std::size_t>(options_.threads);
  if (options_.trace != nullptr) {
    for (std::size_t i = 0; i < count; ++i) {
      lanes_.push_back(options_.trace->add_lane(options_.name + " " + std::to_string(i + 1), LaneKind::thread));
    }
  }
  workers_.reserve(count);
  try {
    for (std::size_t i = 0; i < count; ++i) {
      const micros created_at = options_.trace != nullptr ? options_.trace->now() : 0;
      workers_.emplace_back([this, i, created_at] { worker_loop(i, created_at); });
    }
  } catch (const std::system_error& e) {
    shutdown();
    throw std::runtime_error("could not start thread " + std::to_string(workers_.size() + 1) + " of a pool of " +
                             std::to_string(count) + ": " + e.what());
  }
}

ThreadPool::~ThreadPool() { shutdown(); }

void ThreadPool::execute(JobPtr job) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) throw std::logic_error("thread pool: submit after shutdown");
    queue_.push(std::move(job));
    // Only a sleeping worker needs a signal; busy ones come back for more.
    wake = sleeping_ > 0;
  }
  if (wake) work_available_.notify_one();
}

void ThreadPool::worker_loop(std::size_t index, micros created_at) {
  current_ = this;
  TraceRecorder* trace = options_.trace;
  ThreadLane lane(trace, trace != nullptr ? lanes_[index] : 0);
  if (trace != nullptr) trace->record(lanes_[index], SpanState::starting, created_at, trace->now(), "thread start");

  std::unique_lock lock(mutex_);
  for (;;) {
    if (queue_.empty()) {
      if (stopping_) break;
      if (trace != nullptr && lane.state().state != SpanState::idle) {
        // Record outside the pool's lock, then look at the queue again.
        lock.unlock();
        lane.set(SpanState::idle);
        lock.lock();
        continue;
      }
      ++sleeping_;
      work_available_.wait(lock);
      --sleeping_;
      continue;
    }
    JobPtr job = queue_.pop();
    ++active_;
    lock.unlock();
    lane.set(SpanState::running);
    run_job(*job, options_.cancel, options_.gil);
    job.reset();  // outside the lock: a job's destructor may do work
    lock.lock();
    --active_;
    ++executed_;
    if (active_ == 0 && queue_.empty() && done_waiters_ > 0) all_done_.notify_all();
  }
}

void ThreadPool::wait_all() {
  if (on_worker_thread()) throw std::logic_error("thread pool: wait_all() on a worker would wait for itself");
  bool idle = false;
  {
    std::lock_guard lock(mutex_);
    idle = queue_.empty() && active_ == 0;
  }
  if (!idle) {
    BlockingWait blocking(
        options_.cancel,
        [this] {
          std::lock_guard lock(mutex_);
          all_done_.notify_all();
        },
        SpanState::idle, "waiting for the pool");
    std::unique_lock lock(mutex_);
    ++done_waiters_;
    all_done_.wait(lock, [&] { return (queue_.empty() && active_ == 0) || blocking.cancelled(); });
    --done_waiters_;
    if (!(queue_.empty() && active_ == 0)) throw Cancelled();
  }
  errors_.rethrow_and_clear();
}

void ThreadPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_available_.notify_all();
  for (std::thread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
}

std::uint64_t ThreadPool::executed() const {
  std::lock_guard lock(mutex_);
  return executed_;
}

}  // namespace playground
