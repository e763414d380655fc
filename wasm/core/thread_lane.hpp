#pragma once
// What the current thread is doing, as seen on its trace lane.
//
// A thread that belongs to a traced run (a pool worker, a thread-per-task
// thread, a demo's own thread) installs a ThreadLane for its lifetime. From
// then on the thread is always in one state, and every change of state closes
// one span and opens the next, so the spans of a lane never overlap. The
// blocking primitives (queues, the GIL, sleeps, waits for results) announce
// themselves with a LaneState on whatever thread calls them: they need no
// lane passed in, and they cost nothing on a thread that is not traced.
#include <string>
#include <string_view>

#include "core/trace.hpp"

namespace playground {

class ThreadLane {
 public:
  // Installs this lane as the calling thread's current lane. A null `trace`
  // makes every operation a no-op (untraced runs, benchmarks).
  // Behaviour is undefined if it is destroyed on another thread.
  ThreadLane(TraceRecorder* trace, LaneId lane);
  ~ThreadLane();  // closes the open span and reinstalls the previous lane
  ThreadLane(const ThreadLane&) = delete;
  ThreadLane& operator=(const ThreadLane&) = delete;

  // The calling thread's lane, or null when the thread is not traced.
  [[nodiscard]] static ThreadLane* current() noexcept { return current_; }

  struct State {
    bool open = false;  // false: between spans (nothing recorded)
    SpanState state = SpanState::running;
    std::string label;
    std::string_view site;  // must outlive the state: use string literals
  };

  // Closes the open span (if any) and opens one in `state`. Setting the state
  // the lane is already in, with the same label and site, changes nothing.
  void set(SpanState state, std::string_view label = {}, std::string_view site = {});
  // Closes the open span and leaves the lane between spans.
  void clear();
  // Renames the open span, which keeps its start: for a wait whose meaning is
  // only known later (a lock wait that turns out to be a deadlock).
  void relabel(std::string_view label);
  // Returns to a state saved with state().
  void restore(const State& saved);

  [[nodiscard]] const State& state() const noexcept { return state_; }
  [[nodiscard]] LaneId id() const noexcept { return lane_; }
  [[nodiscard]] TraceRecorder* trace() const noexcept { return trace_; }

 private:
  void close(micros now);

  static constinit thread_local ThreadLane* current_;

  TraceRecorder* trace_;
  LaneId lane_;
  ThreadLane* previous_;
  State state_;
  micros start_us_ = 0;
};

// Puts the calling thread's lane in `state` for the length of a scope, then
// returns it to the state it was in. A no-op on an untraced thread.
class LaneState {
 public:
  explicit LaneState(SpanState state, std::string_view label = {}, std::string_view site = {})
      : lane_(ThreadLane::current()) {
    if (lane_ == nullptr) return;
    saved_ = lane_->state();
    lane_->set(state, label, site);
  }
  ~LaneState() {
    if (lane_ != nullptr) lane_->restore(saved_);
  }
  LaneState(const LaneState&) = delete;
  LaneState& operator=(const LaneState&) = delete;

 private:
  ThreadLane* lane_;
  ThreadLane::State saved_;
};

}  // namespace playground
