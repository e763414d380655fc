#include "lessons/server_load/accept_queue.hpp"

#include <algorithm>
#include <utility>

#include "core/blocking_wait.hpp"
#include "lessons/server_load/request_shape.hpp"
#include "run/lesson_support.hpp"

namespace playground::lessons::server_load {

AcceptQueue::AcceptQueue(AcceptQueueOptions options)
    : clock_(*options.clock),
      t0_(options.clock->now_us()),
      backlog_(options.backlog),
      context_(options.context),
      on_settled_(std::move(options.on_settled)) {
  requests_.reserve(options.arrivals_us.size());
  for (const micros at : options.arrivals_us) requests_.push_back({.arrival = at});
  if (context_ != nullptr) {
    arrivals_lane_ = add_lane(*context_, "arrivals", LaneKind::thread);
    lane_ = add_lane(*context_, "backlog (accept queue, " + std::to_string(backlog_) + " places)", LaneKind::thread);
    add_progress_total(*context_, static_cast<std::int64_t>(requests_.size()));
  }
}

micros AcceptQueue::now() const { return clock_.now_us() - t0_; }

void AcceptQueue::set_depth_locked(micros at, std::string label) {
  TraceRecorder* trace = context_ != nullptr ? context_->trace : nullptr;
  if (trace != nullptr && !depth_label_.empty() && at > depth_since_) {
    trace->record(lane_, SpanState::blocked_on_queue, t0_ + depth_since_, t0_ + at, depth_label_,
                  "server.accept");  // @site server.accept
  }
  depth_since_ = at;
  depth_label_ = std::move(label);
  first_rejected_ = -1;
}

void AcceptQueue::mark_arrival_locked(int id, bool rejected) {
  TraceRecorder* trace = context_ != nullptr ? context_->trace : nullptr;
  if (trace == nullptr) return;
  const micros at = t0_ + requests_[static_cast<std::size_t>(id)].arrival;
  trace->record(arrivals_lane_, rejected ? SpanState::rejected : SpanState::arrived, at, at,
                rejected ? request_label(id) + ": the backlog was full" : request_label(id),
                "server.accept");  // @site server.accept
}

void AcceptQueue::admit_due_locked(micros now) {
  for (; next_arrival_ < requests_.size() && requests_[next_arrival_].arrival <= now; ++next_arrival_) {
    const int id = static_cast<int>(next_arrival_);
    RequestTimes& request = requests_[next_arrival_];
    const int depth = static_cast<int>(waiting_.size() - front_);
    mark_arrival_locked(id, depth >= backlog_);
    if (depth >= backlog_) {
      request.rejected = true;
      if (context_ != nullptr) count_progress(*context_);
      // The full backlog's span is split at each rejection, so each shows;
      // rejections at the same moment (a burst) share one label.
      const bool same_moment = first_rejected_ >= 0 && depth_since_ == request.arrival;
      const int first = same_moment ? first_rejected_ : id;
      set_depth_locked(
          request.arrival,
          "full: " + (same_moment ? "requests " + std::to_string(first + 1) + " to " : std::string("request ")) +
              std::to_string(id + 1) + " rejected (503)");
      first_rejected_ = first;
      if (on_settled_) on_settled_(id, request);
      continue;
    }
    waiting_.push_back(id);
    peak_ = std::max(peak_, depth + 1);
    set_depth_locked(request.arrival, std::to_string(depth + 1) + " waiting");
  }
}

std::optional<int> AcceptQueue::try_take() {
  std::lock_guard lock(mutex_);
  const micros at = now();
  admit_due_locked(at);
  if (front_ == waiting_.size()) return std::nullopt;
  const int id = waiting_[front_++];
  requests_[static_cast<std::size_t>(id)].taken = at;
  const auto depth = waiting_.size() - front_;
  set_depth_locked(at, depth == 0 ? std::string() : std::to_string(depth) + " waiting");
  return id;
}

std::optional<micros> AcceptQueue::next_arrival_us() const {
  std::lock_guard lock(mutex_);
  if (next_arrival_ == requests_.size()) return std::nullopt;
  return requests_[next_arrival_].arrival;
}

std::optional<int> AcceptQueue::take(CancelToken* cancel) {
  for (;;) {
    if (const auto id = try_take()) return id;
    const auto next = next_arrival_us();
    if (!next) return std::nullopt;
    thread_wait(*next - now(), cancel, SpanState::idle, "waiting for a request", "server.accept");
  }
}

void AcceptQueue::started(int id, LaneId handler) {
  std::lock_guard lock(mutex_);
  RequestTimes& request = requests_.at(static_cast<std::size_t>(id));
  if (request.taken < 0 || request.start >= 0) {
    throw RunError("server-load: request " + std::to_string(id + 1) + " started twice or before it was taken");
  }
  request.start = now();
  if (TraceRecorder* trace = context_ != nullptr ? context_->trace : nullptr) {
    // Put into the backlog on arriving, taken out by this handler: a queue's put -> get.
    trace->record_edge(Edge{
        EdgeKind::queue, {arrivals_lane_, t0_ + request.arrival}, {handler, t0_ + request.start}, request_label(id)});
  }
}

void AcceptQueue::done(int id, micros cpu_us) {
  {
    std::lock_guard lock(mutex_);
    RequestTimes& request = requests_.at(static_cast<std::size_t>(id));
    if (request.start < 0 || request.done >= 0) {
      throw RunError("server-load: request " + std::to_string(id + 1) + " completed twice or before it started");
    }
    request.done = now();
    request.cpu = cpu_us;
    if (on_settled_) on_settled_(id, request);
  }
  if (context_ != nullptr) count_progress(*context_);
}

std::vector<RequestTimes> AcceptQueue::records() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

int AcceptQueue::peak_depth() const {
  std::lock_guard lock(mutex_);
  return peak_;
}

}  // namespace playground::lessons::server_load
