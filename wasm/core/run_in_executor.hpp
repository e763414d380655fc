#pragma once
// co_await run_in_executor(loop, executor, fn): runs fn() on another thread
// (a ThreadPool) and resumes the task with its result, while the loop keeps
// running other tasks (asyncio's loop.run_in_executor).
//
// The executor is anything with post(callable) (see core/executor.hpp).
// fn's exception is rethrown in the awaiting task. If the task is cancelled
// meanwhile it gets Cancelled at once; fn still runs to its end (threads
// cannot be interrupted) and its result is dropped. If the executor drops
// the job without running it (shut down, cancelled), the task gets Cancelled.
//
// The loop does not finish while such work is in flight (the drivers wait
// for it). Behaviour is undefined if the loop is destroyed before the work
// has come back.
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "core/event_loop.hpp"

namespace playground {

template <class E>
concept LoopExecutor = requires(E& executor, std::function<void()> job) {
  executor.post(std::move(job));
};

namespace detail {

template <class R>
struct ExecutorResult {
  std::optional<R> value;
  void set(auto& fn) { value.emplace(fn()); }
  R take() { return std::move(*value); }
};
template <>
struct ExecutorResult<void> {
  void set(auto& fn) { fn(); }
  void take() {}
};

}  // namespace detail

template <class Fn>
class ExecutorAwaiter final : public detail::CancellableWait {
 public:
  using result_type = std::invoke_result_t<Fn&>;

  ExecutorAwaiter(EventLoop& loop, std::function<void(std::function<void()>)> post, Fn fn)
      : loop_(&loop), post_(std::move(post)), fn_(std::move(fn)) {}
  ExecutorAwaiter(const ExecutorAwaiter&) = delete;
  ExecutorAwaiter& operator=(const ExecutorAwaiter&) = delete;

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(coro::coroutine_handle<Promise> handle) {
    if (!begin(handle)) return false;
    shared_ = std::make_shared<Shared>();
    shared_->waiter = this;
    auto job = std::make_shared<Job>(loop_, shared_, std::move(fn_));
    loop_->begin_external();
    try {
      post_([job] { job->run(); });
    } catch (...) {
      job->delivered = true;  // rejected: nothing will come back
      loop_->end_external();
      state_->waiting = nullptr;
      suspended_ = false;
      throw;
    }
    return true;
  }
  result_type await_resume() {
    end(SpanState::waiting_on_io, "executor", "loop.run_in_executor");
    if (shared_->error) std::rethrow_exception(shared_->error);
    return shared_->result.take();
  }

 private:
  // Shared with the worker. The worker writes result/error before posting;
  // the loop reads them in the posted function, which post_threadsafe's
  // mutex orders after the writes. `waiter` is touched on the loop thread only.
  struct Shared {
    detail::ExecutorResult<result_type> result;
    std::exception_ptr error;
    ExecutorAwaiter* waiter = nullptr;  // null once the awaiting task stopped waiting
  };

  // Owned by the executor's copies of the job; the last copy to go reports
  // back even if the job never ran.
  struct Job {
    Job(EventLoop* l, std::shared_ptr<Shared> s, Fn f) : loop(l), shared(std::move(s)), fn(std::move(f)) {}
    ~Job() {
      if (!delivered) {
        shared->error = std::make_exception_ptr(Cancelled());
        deliver();
      }
    }
    void run() {
      try {
        shared->result.set(fn);
      } catch (...) {
        shared->error = std::current_exception();
      }
      delivered = true;
      deliver();
    }
    void deliver() {
      loop->post_threadsafe([loop = loop, shared = shared] {
        loop->end_external();
        if (ExecutorAwaiter* w = shared->waiter) {
          shared->waiter = nullptr;
          w->wake();
        }
      });
    }
    EventLoop* loop;
    std::shared_ptr<Shared> shared;
    Fn fn;
    bool delivered = false;  // the last copy's destructor reads it after the refcount's acq_rel
  };

  void unlink() noexcept override { shared_->waiter = nullptr; }

  EventLoop* loop_;
  std::function<void(std::function<void()>)> post_;
  Fn fn_;
  std::shared_ptr<Shared> shared_;
};

// `executor` must outlive the work. See the header comment.
template <LoopExecutor E, class Fn>
[[nodiscard]] ExecutorAwaiter<std::decay_t<Fn>> run_in_executor(EventLoop& loop, E& executor, Fn&& fn) {
  return ExecutorAwaiter<std::decay_t<Fn>>(
      loop, [&executor](std::function<void()> job) { executor.post(std::move(job)); }, std::forward<Fn>(fn));
}

}  // namespace playground
