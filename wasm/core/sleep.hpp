#pragma once
// co_await sleep(loop, micros): suspends the task until the loop's clock
// reaches now + delay (asyncio.sleep). The timer sits in the loop's min-heap;
// a sleep of zero or less just yields to the other ready tasks.
//
// Records a waiting_on_io span on the task's lane (site "loop.sleep"),
// labelled "sleep 100 ms" or with the label given (what the wait stands for).
// Cancellation wakes the sleeper at once with Cancelled.
#include <string>
#include <utility>

#include "core/event_loop.hpp"

namespace playground {

class SleepAwaiter final : public detail::CancellableWait, private detail::TimerNode {
 public:
  SleepAwaiter(EventLoop& loop, micros delay_us, std::string label = {})
      : loop_(&loop), delay_(delay_us), label_(std::move(label)) {}
  SleepAwaiter(const SleepAwaiter&) = delete;
  SleepAwaiter& operator=(const SleepAwaiter&) = delete;
  ~SleepAwaiter() { loop_->remove_timer(*this); }

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(coro::coroutine_handle<Promise> handle) {
    if (!begin(handle)) return false;
    if (delay_ <= 0) {
      // Not a timer: straight back into the ready queue, behind everyone else.
      state_->waiting = nullptr;
      loop_->schedule(*state_, handle);
      zero_ = true;
      return true;
    }
    loop_->add_timer(*this, loop_->now() + delay_);
    return true;
  }
  void await_resume() {
    if (zero_) {
      suspended_ = false;  // no span for a yield
      if (state_->cancel_requested || loop_->cancelling()) cancelled_ = true;
    }
    if (suspended_ && loop_->trace()) {
      end(SpanState::waiting_on_io, label_.empty() ? "sleep " + format_delay(delay_) : std::move(label_), "loop.sleep");
    } else {
      end(SpanState::waiting_on_io, {}, "loop.sleep");
    }
  }

 private:
  void on_timer() noexcept override {
    if (loop_->trace() != nullptr && loop_->trace()->records_edges())
      woken_by(EdgeKind::timer, EdgeEnd{state_->lane, loop_->now()}, "timer");
    wake();
  }
  void unlink() noexcept override { loop_->remove_timer(*this); }
  static std::string format_delay(micros us) {
    if (us % 1000 == 0) return std::to_string(us / 1000) + " ms";
    return std::to_string(us) + " us";
  }

  EventLoop* loop_;
  micros delay_;
  std::string label_;
  bool zero_ = false;
};

[[nodiscard]] inline SleepAwaiter sleep(EventLoop& loop, micros delay_us) { return SleepAwaiter(loop, delay_us); }
[[nodiscard]] inline SleepAwaiter sleep(EventLoop& loop, micros delay_us, std::string label) {
  return SleepAwaiter(loop, delay_us, std::move(label));
}

}  // namespace playground
