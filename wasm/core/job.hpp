#pragma once
// Work handed to an executor (ThreadPool, ThreadPerTaskExecutor), and the
// future-like JobHandle that submit() returns for it.
//
// A Job is a move-only, type-erased callable in one allocation; it doubles as
// a node of the executors' intrusive queues, so queueing it allocates nothing.
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

#include "core/blocking_wait.hpp"
#include "core/cancel_token.hpp"

namespace playground {

class Job {
 public:
  virtual ~Job() = default;
  // Does the work; may throw.
  virtual void run() = 0;
  // Called instead of, or after a throwing, run() with what went wrong.
  virtual void fail(std::exception_ptr error) noexcept = 0;

  Job* next = nullptr;  // owned by the executor's queue while queued
};
using JobPtr = std::unique_ptr<Job>;

// A FIFO of jobs linked through Job::next. Not thread-safe: the executor's
// mutex guards it.
class JobQueue {
 public:
  JobQueue() = default;
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;
  ~JobQueue() {
    while (!empty()) (void)pop();
  }
  void push(JobPtr job) {
    Job* raw = job.release();
    raw->next = nullptr;
    (tail_ ? tail_->next : head_) = raw;
    tail_ = raw;
    ++size_;
  }
  [[nodiscard]] JobPtr pop() {
    Job* raw = head_;
    head_ = raw->next;
    if (head_ == nullptr) tail_ = nullptr;
    --size_;
    return JobPtr(raw);
  }
  [[nodiscard]] bool empty() const noexcept { return head_ == nullptr; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  Job* head_ = nullptr;
  Job* tail_ = nullptr;
  std::size_t size_ = 0;
};

// The first exception thrown by fire-and-forget jobs (post()), kept until the
// executor's wait rethrows it. Later ones are dropped: one failure is enough
// to fail a run, and the first is the one that explains it.
class FirstError {
 public:
  void record(std::exception_ptr error) noexcept {
    std::lock_guard lock(mutex_);
    if (!first_) first_ = std::move(error);
  }
  // Rethrows the kept exception, if any, and forgets it.
  void rethrow_and_clear() {
    std::exception_ptr error;
    {
      std::lock_guard lock(mutex_);
      error = std::exchange(first_, nullptr);
    }
    if (error) std::rethrow_exception(error);
  }

 private:
  std::mutex mutex_;
  std::exception_ptr first_;
};

namespace detail {

template <class T>
struct JobState {
  explicit JobState(CancelToken* token) : cancel(token) {}
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  std::optional<std::conditional_t<std::is_void_v<T>, bool, T>> value;
  std::exception_ptr error;
  CancelToken* cancel;
  std::function<void()> on_ready;

  template <class... V>
  void finish(std::exception_ptr e, V&&... v) {
    std::function<void()> then;
    {
      std::lock_guard lock(mutex);
      if (done) return;
      if (e) {
        error = std::move(e);
      } else {
        value.emplace(std::forward<V>(v)...);
      }
      done = true;
      then = std::move(on_ready);
    }
    done_cv.notify_all();
    if (then) then();
  }
};

template <class F>
class FireAndForgetJob final : public Job {
 public:
  FireAndForgetJob(F f, FirstError* errors) : f_(std::move(f)), errors_(errors) {}
  void run() override { f_(); }
  void fail(std::exception_ptr error) noexcept override { errors_->record(std::move(error)); }

 private:
  F f_;
  FirstError* errors_;
};

template <class F, class T>
class ResultJob final : public Job {
 public:
  ResultJob(F f, std::shared_ptr<JobState<T>> state) : f_(std::move(f)), state_(std::move(state)) {}
  void run() override {
    if constexpr (std::is_void_v<T>) {
      f_();
      state_->finish(nullptr, true);
    } else {
      state_->finish(nullptr, f_());
    }
    settled_ = true;
  }
  void fail(std::exception_ptr error) noexcept override {
    state_->finish(std::move(error));
    settled_ = true;
  }
  // A job destroyed without running (an executor shut down or could not
  // start a thread) must not leave its handle waiting forever.
  ~ResultJob() override {
    if (!settled_) state_->finish(std::make_exception_ptr(Cancelled()));
  }

 private:
  F f_;
  std::shared_ptr<JobState<T>> state_;
  bool settled_ = false;
};

}  // namespace detail

// The result of a submitted task, like std::future: wait for it, then get the
// value or the exception the task threw. Waiting releases the GIL, shows as
// idle on the waiting thread's lane, and observes the executor's CancelToken.
template <class T>
class JobHandle {
 public:
  JobHandle() = default;
  // Executors make handles with make_result_job(); this is not for their users.
  explicit JobHandle(std::shared_ptr<detail::JobState<T>> state) : state_(std::move(state)) {}

  [[nodiscard]] bool valid() const noexcept { return state_ != nullptr; }

  [[nodiscard]] bool ready() const {
    std::lock_guard lock(state_->mutex);
    return state_->done;
  }

  // Blocks until the task has finished. Throws Cancelled if the token is
  // cancelled first (the task itself may still be running).
  void wait() const {
    {
      std::lock_guard lock(state_->mutex);
      if (state_->done) return;
    }
    BlockingWait blocking(
        state_->cancel,
        [s = state_.get()] {
          std::lock_guard lock(s->mutex);
          s->done_cv.notify_all();
        },
        SpanState::idle, "waiting for a task");
    std::unique_lock lock(state_->mutex);
    state_->done_cv.wait(lock, [&] { return state_->done || blocking.cancelled(); });
    if (!state_->done) throw Cancelled();
  }

  // Runs `callback` once the task has finished: at once on this thread if it
  // already has, otherwise on the thread that finishes it (a worker). For
  // handing results to another scheduler, such as the coroutine loop's
  // run_in_executor; the callback should be short and must not throw.
  // One callback per handle. It runs after waiters are woken, so a get() on
  // another thread may return before it has run.
  void on_ready(std::function<void()> callback) {
    {
      std::lock_guard lock(state_->mutex);
      if (!state_->done) {
        state_->on_ready = std::move(callback);
        return;
      }
    }
    callback();
  }

  // Waits, then returns the task's value or rethrows its exception. Call once:
  // the value is moved out.
  T get() {
    wait();
    std::lock_guard lock(state_->mutex);
    if (state_->error) std::rethrow_exception(state_->error);
    if constexpr (!std::is_void_v<T>) return std::move(*state_->value);
  }

 private:
  std::shared_ptr<detail::JobState<T>> state_;
};

// A job that runs `f` and the handle that receives its result.
template <class F, class R = std::invoke_result_t<F&>>
[[nodiscard]] std::pair<JobPtr, JobHandle<R>> make_result_job(F f, CancelToken* cancel) {
  auto state = std::make_shared<detail::JobState<R>>(cancel);
  JobHandle<R> handle(state);
  return {std::make_unique<detail::ResultJob<F, R>>(std::move(f), std::move(state)), std::move(handle)};
}

// A job that runs `f` and reports an exception to `errors`.
template <class F>
[[nodiscard]] JobPtr make_job(F f, FirstError* errors) {
  return std::make_unique<detail::FireAndForgetJob<F>>(std::move(f), errors);
}

}  // namespace playground
