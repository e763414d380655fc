#include "core/thread_lane.hpp"

namespace playground {

constinit thread_local ThreadLane* ThreadLane::current_ = nullptr;

ThreadLane::ThreadLane(TraceRecorder* trace, LaneId lane) : trace_(trace), lane_(lane), previous_(current_) {
  if (trace_ != nullptr) current_ = this;
}

ThreadLane::~ThreadLane() {
  if (trace_ == nullptr) return;
  clear();
  current_ = previous_;
}

void ThreadLane::close(micros now) {
  if (state_.open && now > start_us_) {
    trace_->record(lane_, state_.state, start_us_, now, state_.label, state_.site);
  }
  // A span of zero length says nothing on a microsecond timeline: dropped.
  state_.open = false;
}

void ThreadLane::set(SpanState state, std::string_view label, std::string_view site) {
  if (trace_ == nullptr) return;
  if (state_.open && state_.state == state && state_.label == label && state_.site == site) return;
  const micros now = trace_->now();
  close(now);
  state_.open = true;
  state_.state = state;
  state_.label.assign(label);
  state_.site = site;
  start_us_ = now;
}

void ThreadLane::clear() {
  if (trace_ == nullptr) return;
  close(trace_->now());
}

void ThreadLane::relabel(std::string_view label) {
  if (state_.open) state_.label.assign(label);
}

void ThreadLane::restore(const State& saved) {
  if (saved.open) {
    set(saved.state, saved.label, saved.site);
  } else {
    clear();
  }
}

}  // namespace playground
