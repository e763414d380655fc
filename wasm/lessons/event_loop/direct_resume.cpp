#include "lessons/event_loop/direct_resume.hpp"

#include <exception>
#include <utility>
#include <vector>

#include "core/coro_compat.hpp"

namespace playground::lessons::event_loop {

namespace {

// A coroutine its owner resumes by hand: it starts suspended, and suspends
// at every co_await until it has taken all its turns.
class Turns {
 public:
  struct promise_type {
    Turns get_return_object() { return Turns(coro::coroutine_handle<promise_type>::from_promise(*this)); }
    coro::suspend_always initial_suspend() noexcept { return {}; }
    coro::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }  // the body below cannot throw
  };

  explicit Turns(coro::coroutine_handle<promise_type> handle) : handle_(handle) {}
  Turns(Turns&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Turns& operator=(Turns&&) = delete;
  Turns(const Turns&) = delete;
  ~Turns() {
    if (handle_) handle_.destroy();
  }

  [[nodiscard]] bool done() const { return handle_.done(); }
  void resume() { handle_.resume(); }

 private:
  coro::coroutine_handle<promise_type> handle_;
};

}  // namespace

// [excerpt event-loop.direct-resume]
// The same task as the loop's take_turns: hand control back `turns` times.
// Here control goes straight back to the caller, who resumes the next task.
static Turns take_turns(std::int64_t turns, std::int64_t& actions) {
  for (std::int64_t turn = 0; turn < turns; ++turn) {
    co_await coro::suspend_always{};  // back to resume_directly  @site event-loop.direct-resume.turn
    ++actions;
  }
}

// Round-robin, as the loop's ready queue does, without a queue: each
// unfinished task in turn, until none is left. A function of its own with
// nothing to destroy, and not inlined into one that has: in WebAssembly with
// JavaScript exceptions, a call that may throw from a scope with destructors
// goes through a JavaScript trampoline, which cost this loop half its speed.
[[gnu::noinline]] static void resume_round_robin(Turns* tasks, std::size_t count, const CancelToken* cancel) {
  std::uint64_t resumes = 0;
  for (bool any = true; any;) {
    any = false;
    for (std::size_t i = 0; i < count; ++i) {
      if (tasks[i].done()) continue;
      tasks[i].resume();
      any = true;
      if ((++resumes & 0xFFF) == 0 && cancel != nullptr) cancel->throw_if_cancelled();
    }
  }
}

std::int64_t resume_directly(std::int64_t total, std::int64_t tasks, const CancelToken* cancel) {
  std::int64_t actions = 0;
  std::vector<Turns> running;
  for (std::int64_t t = 0; t < tasks; ++t)
    running.push_back(take_turns(total / tasks + (t < total % tasks ? 1 : 0), actions));
  resume_round_robin(running.data(), running.size(), cancel);
  return actions;
}
// [/excerpt]

}  // namespace playground::lessons::event_loop
