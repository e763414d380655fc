#pragma once
// A single-threaded event loop in the style of asyncio.
//
// The loop is *pure*: step() runs what is ready now (expired timers, work
// posted from other threads, then every task that was ready when the step
// began) and says when the next timer is due. It never blocks or sleeps;
// a driver decides how to wait (core/loop_drivers.hpp): on a condition
// variable with the real clock, by fast-forwarding a VirtualClock, or from
// the browser's JS event loop with setTimeout.
//
// Every method is for the thread that drives the loop, except
// post_threadsafe() and wait_for_wakeup(). Coroutines resume only from the
// ready queue in step(), never from inside each other, so nesting depth
// never grows the native stack.
//
// Cancellation: TaskHandle::cancel(), or the loop's CancelToken (cancels
// every task, and every later wait fails at once). A cancelled task gets
// playground::Cancelled thrown at its suspension point (a sleep, a queue
// wait, a join, run_in_executor), so its RAII cleanup runs.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cancel_token.hpp"
#include "core/clock.hpp"
#include "core/coro_compat.hpp"
#include "core/ready_queue.hpp"
#include "core/task.hpp"
#include "core/trace.hpp"

namespace playground {

class EventLoop;

struct event_loop_options {
  const Clock* clock = nullptr;    // required: the loop's time (timers, trace)
  TraceRecorder* trace = nullptr;  // may be null: then tracing costs one branch per resume
  CancelToken* cancel = nullptr;   // may be null: cancelling it cancels every task
};

struct StepResult {
  bool did_work = false;                // something ran in this step
  std::optional<micros> next_deadline;  // when step() must run next: now if work is ready, the
                                        // earliest timer otherwise, nullopt if only a post can wake it
  bool finished = false;                // no task left and no executor work in flight
};

struct LoopStats {
  std::uint64_t steps = 0;
  std::uint64_t resumes = 0;  // coroutine resumptions from the ready queue
  std::uint64_t spawned = 0;
  std::uint64_t finished = 0;
  std::uint64_t failed = 0;  // root tasks that ended with an exception other than Cancelled
  std::uint64_t timers_fired = 0;
  std::uint64_t posts = 0;  // functions run from post_threadsafe
};

namespace detail {

// A wait that cancellation can interrupt. The loop calls cancel_wait() on the
// wait a task is suspended in; it must unlink itself and reschedule the task.
class Waiter {
 public:
  virtual void cancel_wait() noexcept = 0;

 protected:
  ~Waiter() = default;
};

class JoinAwaiter;

// Lanes that tasks take turns on (spawn with a lane pool): "<pool> 1",
// "<pool> 2", ..., each held by one task at a time.
struct LanePool {
  std::string name;
  std::vector<LaneId> lanes{};
  std::vector<bool> held{};  // by a task, from its first run to its end
};

// One per spawned task, shared by the loop (while it runs) and its TaskHandles.
struct TaskState {
  EventLoop* loop = nullptr;
  std::string name;
  LaneId lane = -1;                // -1 when the loop is untraced
  LanePool* lane_pool = nullptr;   // traced loops: the pool it takes its lane from at its first run
  std::size_t pool_slot = 0;       // its lane's index in that pool, once it has one
  coro::coroutine_handle<> frame;  // the root frame: owned, destroyed with the state
  std::exception_ptr error;        // how it ended: null for success
  bool done = false;
  bool cancelled = false;         // ended with Cancelled
  bool cancel_requested = false;  // delivered (and cleared) at the next suspension point
  Waiter* waiting = nullptr;      // the cancellable wait it is suspended in, if any
  EdgeEnd cancelled_from;         // traced loops: who cancelled it, for the cancel edge
  struct Joiner {
    JoinAwaiter* awaiter;
    std::size_t index;  // this task's position in the awaiter's targets
  };
  std::vector<Joiner> joiners;
  std::size_t live_index = 0;  // position in EventLoop::live_

  TaskState() = default;
  TaskState(const TaskState&) = delete;
  TaskState& operator=(const TaskState&) = delete;
  ~TaskState() {
    if (frame) frame.destroy();
  }
  // A span's label on this task's lane: on a shared lane it also names the
  // task, since the lane alone no longer says whose span it is.
  [[nodiscard]] std::string span_label(std::string_view label) const {
    if (lane_pool == nullptr) return std::string(label);
    return label.empty() ? name : name + ": " + std::string(label);
  }
};

// Base for the loop's cancellable awaitables: the bookkeeping of suspending,
// being woken (normally or by cancellation) and tracing the wait.
class CancellableWait : public Waiter {
 public:
  // Call from await_suspend. Returns false (do not suspend; await_resume
  // will throw Cancelled) when the task is already cancelled.
  template <class Promise>
  bool begin(coro::coroutine_handle<Promise> handle);
  // Reschedules the waiting task (a normal wake-up). Loop thread only.
  void wake() noexcept;
  void cancel_wait() noexcept override {
    unlink();
    cancelled_ = true;
    wake();
  }

 protected:
  ~CancellableWait() = default;
  // Leaves whatever list or heap the wait is in (cancellation does this).
  virtual void unlink() noexcept = 0;
  // Call first in await_resume: records the wait's span (and the causal edge
  // of what woke it), throws Cancelled if cancelled.
  void end(SpanState span_state, std::string_view label, std::string_view site);
  // Notes what woke the wait (a timer, a task's end), so that end() records
  // the causal edge. Traced loops only: call it only when the loop has a trace.
  // Records the edge of the cancellation or of what woken_by() noted; end() does this.
  void record_wake_edge();
  void woken_by(EdgeKind kind, EdgeEnd from, std::string label) {
    woken_kind_ = kind;
    woken_from_ = from;
    woken_label_ = std::move(label);
  }

  TaskState* state_ = nullptr;
  coro::coroutine_handle<> handle_;
  micros started_ = 0;
  bool suspended_ = false;
  bool cancelled_ = false;
  EdgeKind woken_kind_ = EdgeKind::timer;
  EdgeEnd woken_from_;
  std::string woken_label_;
};

// Suspends until one of `targets` has finished (Until::any), or until all
// have or one has failed (Until::all_or_failure); yields the index of the
// target that woke it (the first to fail, for all_or_failure).
class JoinAwaiter final : public CancellableWait {
 public:
  enum class Until { any, all_or_failure };
  JoinAwaiter(std::vector<TaskState*> targets, bool cancellable, Until until = Until::any)
      : targets_(std::move(targets)), until_(until), cancellable_(cancellable) {}
  JoinAwaiter(const JoinAwaiter&) = delete;
  JoinAwaiter& operator=(const JoinAwaiter&) = delete;
  ~JoinAwaiter() { unlink(); }

  bool await_ready() noexcept;
  template <class Promise>
  bool await_suspend(coro::coroutine_handle<Promise> handle) {
    if (cancellable_ && !begin(handle)) return false;
    if (!cancellable_) {
      state_ = handle.promise().state();
      handle_ = handle;
    }
    for (std::size_t i = 0; i < targets_.size(); ++i) {
      if (!targets_[i]->done) targets_[i]->joiners.push_back({this, i});
    }
    linked_ = true;
    return true;
  }
  std::size_t await_resume();
  void on_finished(TaskState& target, std::size_t index) noexcept;  // called by the loop

 private:
  void unlink() noexcept override;
  std::vector<TaskState*> targets_;
  Until until_;
  std::size_t remaining_ = 0;  // all_or_failure: targets not finished yet
  std::size_t winner_ = 0;
  bool cancellable_;
  bool linked_ = false;
  bool fired_ = false;
};

// A timer in the loop's min-heap.
struct TimerNode {
  micros deadline = 0;
  std::uint64_t seq = 0;  // ties on the deadline wake in the order the timers were set
  std::size_t heap_index = static_cast<std::size_t>(-1);
  virtual void on_timer() noexcept = 0;

 protected:
  ~TimerNode() = default;
};

}  // namespace detail

template <class T>
class TaskHandle;

class EventLoop {
 public:
  explicit EventLoop(event_loop_options options);
  // Destroys the frames of tasks that have not finished (without running them).
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Starts `task` as a task of its own (a trace lane named `name`) at the
  // next step. The handle may be dropped: the loop keeps the task alive.
  // With a `lane_pool` name, the task instead takes, when it first runs, the
  // first lane of that pool ("<lane_pool> 1", "<lane_pool> 2", ...) that no
  // running task holds, and frees it when it ends: many short tasks (a
  // server's requests) then need only as many lanes as ran at once, and each
  // span on such a lane names its task.
  template <class T>
  TaskHandle<T> spawn(Task<T> task, std::string name = {}, std::string_view lane_pool = {});

  // Runs what is ready now; never blocks. See StepResult.
  [[nodiscard]] StepResult step();

  // Thread-safe: runs `fn` on the loop thread at the start of the next step
  // and wakes a driver blocked in wait_for_wakeup().
  void post_threadsafe(std::function<void()> fn);
  // For drivers: blocks until a post arrives, the CancelToken is cancelled
  // or `timeout_us` passes (nullopt: no timeout). Returns true if woken.
  bool wait_for_wakeup(std::optional<micros> timeout_us);

  // Cancels one task / every live task (see the header comment).
  void cancel(detail::TaskState& task);
  void cancel_all();
  // True once the loop's CancelToken was seen cancelled: every wait fails.
  [[nodiscard]] bool cancelling() const noexcept { return cancelling_; }

  [[nodiscard]] const Clock& clock() const noexcept { return *clock_; }
  [[nodiscard]] micros now() const { return clock_->now_us(); }
  [[nodiscard]] TraceRecorder* trace() const noexcept { return trace_; }
  [[nodiscard]] CancelToken* cancel_token() const noexcept { return token_; }
  [[nodiscard]] const LoopStats& stats() const noexcept { return stats_; }
  [[nodiscard]] std::size_t live_tasks() const noexcept { return live_.size(); }
  [[nodiscard]] bool has_ready() const noexcept { return !ready_.empty(); }
  // The task being resumed right now (null between tasks).
  [[nodiscard]] detail::TaskState* current() const noexcept { return current_; }

  // --- for awaitables (loop thread only) ---
  void schedule(detail::TaskState& task, coro::coroutine_handle<> handle) { ready_.push({handle, &task}); }
  void add_timer(detail::TimerNode& timer, micros deadline);
  void remove_timer(detail::TimerNode& timer) noexcept;
  // Executor work in flight keeps the loop from finishing until its post arrives.
  void begin_external() noexcept { ++external_pending_; }
  void end_external() noexcept { --external_pending_; }
  [[nodiscard]] std::size_t external_pending() const noexcept { return external_pending_; }
  void root_finished(detail::TaskState& task, std::exception_ptr error) noexcept;

 private:
  std::shared_ptr<detail::TaskState> start(coro::coroutine_handle<> frame, std::string name,
                                           std::string_view lane_pool);
  void take_pooled_lane(detail::TaskState& task);
  void run_posts();
  void fire_timers(micros now);
  void timer_swap(std::size_t a, std::size_t b) noexcept;
  void sift_up(std::size_t i) noexcept;
  void sift_down(std::size_t i) noexcept;
  void wake_for_cancel();

  const Clock* clock_;
  TraceRecorder* trace_;
  CancelToken* token_;
  detail::ReadyQueue ready_;
  std::vector<detail::TimerNode*> timers_;  // binary min-heap on (deadline, seq)
  std::uint64_t timer_seq_ = 0;
  std::vector<std::shared_ptr<detail::TaskState>> live_;
  std::vector<std::shared_ptr<detail::TaskState>> finished_;         // freed after the resume that ended them
  std::map<std::string, detail::LanePool, std::less<>> lane_pools_;  // by name; nodes never move
  detail::TaskState* current_ = nullptr;
  std::size_t external_pending_ = 0;
  bool cancelling_ = false;
  LoopStats stats_;

  std::mutex post_mutex_;
  std::condition_variable wakeup_;
  std::vector<std::function<void()>> posts_;  // guarded by post_mutex_
  // Set under post_mutex_; read without it by step() as a fast path. relaxed
  // is enough: a step that misses a fresh post sees it next time, and a
  // driver only sleeps after re-checking under the mutex.
  std::atomic<bool> has_posts_{false};
  std::atomic<bool> cancel_seen_{false};
  std::optional<CancelRegistration> cancel_registration_;  // last: removed first on destruction
};

// What spawn() returns: await it (yields the result, rethrows the task's
// exception), cancel it, or ask how it ended. Loop thread only.
template <class T>
class TaskHandle {
 public:
  TaskHandle() = default;
  explicit TaskHandle(std::shared_ptr<detail::TaskState> state) : state_(std::move(state)) {}

  [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(state_); }
  [[nodiscard]] bool done() const noexcept { return state_->done; }
  [[nodiscard]] bool cancelled() const noexcept { return state_->cancelled; }
  [[nodiscard]] bool failed() const noexcept { return state_->done && state_->error != nullptr; }
  [[nodiscard]] const std::string& name() const noexcept { return state_->name; }
  [[nodiscard]] LaneId lane() const noexcept { return state_->lane; }
  [[nodiscard]] detail::TaskState& state() const noexcept { return *state_; }
  [[nodiscard]] const std::shared_ptr<detail::TaskState>& shared_state() const noexcept { return state_; }
  void cancel() const {
    if (!state_->done) state_->loop->cancel(*state_);
  }

  // The result of a finished task, moved out (take it once); rethrows its exception.
  T result() const {
    if (!state_->done) throw std::logic_error("TaskHandle::result: task '" + state_->name + "' has not finished");
    if (state_->error) std::rethrow_exception(state_->error);
    return coro::coroutine_handle<detail::Promise<T>>::from_address(state_->frame.address()).promise().take();
  }

  // Waits for the task to finish. Cancelling the awaiter does not cancel the task.
  struct Awaiter {
    const TaskHandle* handle;
    detail::JoinAwaiter join;
    bool await_ready() noexcept { return join.await_ready(); }
    template <class Promise>
    bool await_suspend(coro::coroutine_handle<Promise> h) {
      return join.await_suspend(h);
    }
    T await_resume() {
      (void)join.await_resume();
      return handle->result();
    }
  };
  Awaiter operator co_await() const { return Awaiter{this, detail::JoinAwaiter({state_.get()}, true)}; }

 private:
  std::shared_ptr<detail::TaskState> state_;
};

// A task that waits until at least one of `tasks` has finished; yields the
// index of the first to finish (the lowest index if several had already).
// Cancellable: the waiting task gets Cancelled; the tasks are left running.
template <class T>
[[nodiscard]] detail::JoinAwaiter when_any(const std::vector<TaskHandle<T>>& tasks) {
  std::vector<detail::TaskState*> targets;
  targets.reserve(tasks.size());
  for (const auto& t : tasks) targets.push_back(&t.state());
  return detail::JoinAwaiter(std::move(targets), true);
}

template <class T>
TaskHandle<T> EventLoop::spawn(Task<T> task, std::string name, std::string_view lane_pool) {
  auto frame = task.release();
  auto state = start(frame, std::move(name), lane_pool);
  frame.promise().set_state(state.get());
  return TaskHandle<T>(std::move(state));
}

template <class Promise>
bool detail::CancellableWait::begin(coro::coroutine_handle<Promise> handle) {
  state_ = handle.promise().state();
  handle_ = handle;
  if (state_->cancel_requested || state_->loop->cancelling()) {
    cancelled_ = true;
    return false;
  }
  state_->waiting = this;
  suspended_ = true;
  if (state_->loop->trace()) started_ = state_->loop->now();
  return true;
}

// co_await yield(loop): lets every other ready task run first (asyncio.sleep(0)).
struct YieldAwaiter {
  EventLoop* loop;
  detail::TaskState* state = nullptr;
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  void await_suspend(coro::coroutine_handle<Promise> handle) {
    state = handle.promise().state();
    loop->schedule(*state, handle);
  }
  void await_resume() const {
    if (state->cancel_requested || loop->cancelling()) {
      state->cancel_requested = false;
      throw Cancelled();
    }
  }
};
[[nodiscard]] inline YieldAwaiter yield(EventLoop& loop) noexcept { return YieldAwaiter{&loop}; }

}  // namespace playground
