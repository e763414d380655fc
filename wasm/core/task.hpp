#pragma once
// Task<T>: a lazy coroutine that runs on an EventLoop (core/event_loop.hpp).
//
// A Task does nothing until it is spawned on a loop or co_awaited by another
// task running on one. Awaiting a task hands it to the loop's ready queue;
// when it finishes, its awaiter goes back to the ready queue. Nothing ever
// resumes a coroutine from inside another one (no symmetric transfer, which
// clang 14 cannot compile for wasm), so a chain of 100 000 nested co_awaits
// uses heap frames, never the native stack.
//
// An exception that escapes a task is rethrown by co_await in its awaiter.
// Tasks are move-only; destroying one that never started or has finished
// frees its frame. Behaviour is undefined if a Task is destroyed while it is
// running or suspended (its awaiter owns it for exactly that long).
#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/coro_compat.hpp"

namespace playground {

template <class T = void>
class Task;

namespace detail {

struct TaskState;  // one per spawned task: see core/event_loop.hpp

// Defined in event_loop.cpp: the only two ways a finished frame lets go.
void schedule(TaskState& state, coro::coroutine_handle<> handle);
void root_finished(TaskState& state, std::exception_ptr error) noexcept;

class PromiseBase {
 public:
  coro::suspend_always initial_suspend() noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <class Promise>
    void await_suspend(coro::coroutine_handle<Promise> self) noexcept {
      PromiseBase& p = self.promise();
      // A nested task wakes its awaiter through the ready queue; the root
      // task of a spawn tells the loop it is done (the loop owns its frame).
      if (p.continuation_) {
        schedule(*p.state_, p.continuation_);
      } else {
        root_finished(*p.state_, p.error_);
      }
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }

  void unhandled_exception() noexcept { error_ = std::current_exception(); }

  [[nodiscard]] TaskState* state() const noexcept { return state_; }
  void set_state(TaskState* state) noexcept { state_ = state; }
  void set_continuation(coro::coroutine_handle<> c) noexcept { continuation_ = c; }

 protected:
  void rethrow_if_failed() const {
    if (error_) std::rethrow_exception(error_);
  }

  TaskState* state_ = nullptr;             // the spawned task this frame runs in
  coro::coroutine_handle<> continuation_;  // who awaits this frame (null: a root)
  std::exception_ptr error_;
};

template <class T>
class Promise final : public PromiseBase {
 public:
  Task<T> get_return_object() noexcept;
  template <class U>
  requires std::is_convertible_v<U&&, T>
  void return_value(U&& value) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    value_.template emplace<T>(std::forward<U>(value));
  }
  // The result, moved out: a task's result is taken once.
  T take() {
    rethrow_if_failed();
    return std::move(std::get<T>(value_));
  }

 private:
  std::variant<std::monostate, T> value_;
};

template <>
class Promise<void> final : public PromiseBase {
 public:
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void take() { rethrow_if_failed(); }
};

}  // namespace detail

template <class T>
class [[nodiscard]] Task {
 public:
  using promise_type = detail::Promise<T>;
  using handle_type = coro::coroutine_handle<promise_type>;
  using value_type = T;

  Task() noexcept = default;
  explicit Task(handle_type handle) noexcept : handle_(handle) {}
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (handle_) handle_.destroy();
  }

  [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(handle_); }
  [[nodiscard]] bool done() const noexcept { return handle_ && handle_.done(); }

  // Gives up ownership of the frame (EventLoop::spawn takes it this way).
  [[nodiscard]] handle_type release() noexcept { return std::exchange(handle_, {}); }

  struct Awaiter {
    handle_type child;
    bool await_ready() const noexcept { return !child || child.done(); }
    template <class Promise>
    void await_suspend(coro::coroutine_handle<Promise> parent) {
      auto& p = child.promise();
      p.set_continuation(parent);
      p.set_state(parent.promise().state());  // a nested task runs as part of its awaiter's task
      detail::schedule(*p.state(), child);
    }
    T await_resume() { return child.promise().take(); }
  };
  // Awaiting starts the task and yields its result (or rethrows its exception).
  // Only a task running on an EventLoop may await.
  Awaiter operator co_await() & noexcept { return Awaiter{handle_}; }
  Awaiter operator co_await() && noexcept { return Awaiter{handle_}; }

 private:
  handle_type handle_;
};

namespace detail {
template <class T>
Task<T> Promise<T>::get_return_object() noexcept {
  return Task<T>(coro::coroutine_handle<Promise<T>>::from_promise(*this));
}
inline Task<void> Promise<void>::get_return_object() noexcept {
  return Task<void>(coro::coroutine_handle<Promise<void>>::from_promise(*this));
}
}  // namespace detail

}  // namespace playground
