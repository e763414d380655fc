#pragma once
// The server's accept queue (the listen backlog): requests that have arrived
// and wait for the server to take them. It holds at most `backlog`; a request
// arriving when it is full is rejected (like a 503), never served.
//
// Arrivals are a schedule, not a thread: whoever takes next (a worker, the
// event loop's acceptor) first admits every arrival that is due by now, in
// order. No take happened since the last one, so each admitted request finds
// exactly the queue it would have found on arriving, and is rejected on the
// same terms as by a kernel filling its backlog while the server is busy.
//
// The trace shows each arrival as a mark (state arrived, or rejected) on an
// "arrivals" lane, and the backlog's depth on a lane of its own.
//
// Every request is recorded: arrived, then rejected, or taken, started and
// done exactly once (done() refuses anything else). Thread-safe.
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/cancel_token.hpp"
#include "core/clock.hpp"
#include "core/trace.hpp"
#include "run/lesson.hpp"

namespace playground::lessons::server_load {

// One request's times on the run clock (µs from the run's start); -1: not yet.
struct RequestTimes {
  micros arrival = 0;
  micros taken = -1;  // left the backlog
  micros start = -1;  // its handler began
  micros done = -1;   // its response was complete
  micros cpu = 0;     // time its CPU parts took
  bool rejected = false;
};

struct AcceptQueueOptions {
  std::vector<micros> arrivals_us;  // ascending, from the run's start
  int backlog = 1;                  // >= 1
  const Clock* clock = nullptr;     // the run clock (the trace's, when traced)
  RunContext* context = nullptr;    // trace lane for the backlog, progress; may hold nulls
  // Called (under the queue's lock) when request `id` is rejected or done:
  // a processes child reports it to its parent. May be empty.
  std::function<void(int id, const RequestTimes&)> on_settled;
};

class AcceptQueue {
 public:
  explicit AcceptQueue(AcceptQueueOptions options);
  AcceptQueue(const AcceptQueue&) = delete;
  AcceptQueue& operator=(const AcceptQueue&) = delete;

  // µs since the run started.
  [[nodiscard]] micros now() const;

  // Admits the arrivals due by now, then takes the oldest waiting request.
  [[nodiscard]] std::optional<int> try_take();
  // When the next arrival is due (µs from the start), or nothing when every
  // request has arrived.
  [[nodiscard]] std::optional<micros> next_arrival_us() const;
  // For a thread: takes a request, waiting idle (GIL released) for the next
  // arrival while there is none; nothing once all have arrived and none is
  // left waiting. Throws Cancelled.
  [[nodiscard]] std::optional<int> take(CancelToken* cancel);

  // The handler of request `id` began, on trace lane `handler` (-1: not
  // traced); it finished, its CPU parts having taken `cpu_us`. Throw
  // RunError for a request not taken, or twice. A traced start records the
  // causal edge from the request's arrival to its handler.
  void started(int id, LaneId handler);
  void done(int id, micros cpu_us);

  [[nodiscard]] std::vector<RequestTimes> records() const;
  [[nodiscard]] int peak_depth() const;
  [[nodiscard]] int backlog() const { return backlog_; }

 private:
  void admit_due_locked(micros now);
  // Draws request `id`'s arrival, let in or rejected, as a mark on the arrivals lane.
  void mark_arrival_locked(int id, bool rejected);
  void set_depth_locked(micros at, std::string label);

  const Clock& clock_;
  micros t0_;
  int backlog_;
  RunContext* context_;
  std::function<void(int, const RequestTimes&)> on_settled_;
  LaneId arrivals_lane_ = -1;
  LaneId lane_ = -1;  // the backlog's depth

  mutable std::mutex mutex_;
  std::vector<RequestTimes> requests_;
  std::size_t next_arrival_ = 0;  // first request not yet admitted
  std::vector<int> waiting_;      // admitted, not taken: a FIFO (front_ is its head)
  std::size_t front_ = 0;
  int peak_ = 0;
  micros depth_since_ = 0;  // the backlog lane's open span began here
  std::string depth_label_;
  int first_rejected_ = -1;  // the open span shows rejections from this request on
};

}  // namespace playground::lessons::server_load
