#pragma once
// The trace recorder: what every lane (thread, coroutine task, process) was
// doing, and when.
//
// Each lane owns its own buffer, so threads being observed never wait for
// each other to record (a lane's mutex is only ever shared with a reader
// taking a snapshot, briefly). A reader on another thread can collect the
// spans recorded so far while the run goes on: read_new() with a cursor.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"

namespace playground {

enum class SpanState : std::uint8_t {
  running,           // executing (CPU work, or the loop running a task)
  waiting_for_gil,   // ready to run, but another thread holds the simulated GIL
  waiting_on_io,     // simulated I/O or sleep
  blocked_on_queue,  // waiting to put into a full queue or get from an empty one
  idle,              // nothing to do (a pool worker without work)
  starting,          // start-up cost: creating a thread or process, copying data in
  waiting_for_lock,  // blocked on a lock another thread holds (the label names the lock)
  arrived,           // a moment (a span of no length): a request arrived and was let into a queue
  rejected,          // a moment: a request was turned away (a full backlog's 503)
};
[[nodiscard]] std::string_view to_string(SpanState state);

enum class LaneKind : std::uint8_t { thread, task, process };
[[nodiscard]] std::string_view to_string(LaneKind kind);

using LaneId = std::int32_t;

struct Lane {
  LaneId id = 0;
  std::string name;
  LaneKind kind = LaneKind::thread;
  std::string group;  // the process it belongs to in an export (a mode); empty: the trace's title
};

struct Span {
  LaneId lane = 0;
  SpanState state = SpanState::running;
  micros start_us = 0;
  micros end_us = 0;
  std::string label;  // what, in words: "row 3", "item 17", "sleep 800 ms"
  std::string site;   // the code site that produced it (a marked excerpt line id), may be empty
};

// Why a lane went on: the kinds of causal edge (issue 17).
enum class EdgeKind : std::uint8_t {
  queue,    // a put to the get that took that item
  gil,      // a GIL release to the acquire by another thread that followed (a hand-off)
  lock,     // a lock release to the next acquire
  timer,    // a timer's expiry to the task it resumed
  join,     // a task's completion to the gather / wait it released
  cancel,   // a cancellation to the task it cancelled
  message,  // a process message, from send to receive
};
[[nodiscard]] std::string_view to_string(EdgeKind kind);

// One end of an edge: a moment on a lane. lane < 0: not traced.
struct EdgeEnd {
  LaneId lane = -1;
  micros at_us = 0;
  [[nodiscard]] bool traced() const noexcept { return lane >= 0; }
};

// A causal edge: what happened at `from` let `to` go on.
struct Edge {
  EdgeKind kind = EdgeKind::queue;
  EdgeEnd from;
  EdgeEnd to;
  std::string label;  // short, in words: "value 225 (producer 2)", "GIL"
};

struct Trace {
  std::vector<Lane> lanes;
  std::vector<Span> spans;  // ordered by start_us, then lane
  std::size_t dropped = 0;  // spans not kept because the recorder's limit was reached
  std::vector<Edge> edges;  // ordered by to.at_us
  std::size_t dropped_edges = 0;
};

// Where a reader got to: how many spans (and edges) of each lane it has
// already seen.
struct TraceCursor {
  std::vector<std::size_t> seen_per_lane;
  std::vector<std::size_t> edges_seen_per_lane;
};

struct TraceOptions {
  std::size_t max_lanes = 1024;       // lanes past this share the last lane
  std::size_t max_spans = 1'000'000;  // spans past this are counted, not kept
  std::size_t max_edges = 1'000'000;  // edges past this are counted, not kept
  bool record_edges = true;           // false: no causal edges (the benchmarks measure what they cost)
};

class TraceRecorder {
 public:
  explicit TraceRecorder(const Clock& clock, TraceOptions options = {});
  ~TraceRecorder();
  TraceRecorder(const TraceRecorder&) = delete;
  TraceRecorder& operator=(const TraceRecorder&) = delete;

  // Adds a lane and returns its id. Thread-safe.
  [[nodiscard]] LaneId add_lane(std::string name, LaneKind kind);

  // Records one finished span on `lane`. Thread-safe; spans of one lane are
  // expected from one thread at a time (the lane's owner).
  void record(LaneId lane, SpanState state, micros start_us, micros end_us, std::string_view label = {},
              std::string_view site = {});

  // Records a causal edge, kept with the spans of `edge.to.lane` (its
  // recorder is usually that lane's owner: the one that was woken).
  // Thread-safe. An edge with an untraced end is ignored; one that would end
  // before it starts ends where it starts.
  void record_edge(Edge edge);

  // Whether causal edges are recorded: primitives skip noting edge ends when not.
  [[nodiscard]] bool records_edges() const noexcept { return options_.record_edges; }

  [[nodiscard]] micros now() const { return clock_.now_us(); }
  [[nodiscard]] const Clock& clock() const { return clock_; }

  // The spans recorded since `cursor`, which is advanced past them.
  // Thread-safe: may run while workers keep recording.
  [[nodiscard]] std::vector<Span> read_new(TraceCursor& cursor) const;
  // The same, but at most `max_spans` of them (taken lane by lane, each
  // lane's spans in order), so that a reader with a large backlog does a
  // bounded amount of work per call; the rest come with the next calls.
  [[nodiscard]] std::vector<Span> read_new(TraceCursor& cursor, std::size_t max_spans) const;

  // The edges recorded since `cursor` (its edge counts), advanced past them;
  // at most `max_edges`. Thread-safe.
  [[nodiscard]] std::vector<Edge> read_new_edges(TraceCursor& cursor,
                                                 std::size_t max_edges = static_cast<std::size_t>(-1)) const;

  [[nodiscard]] std::vector<Lane> lanes() const;
  [[nodiscard]] std::size_t span_count() const { return kept_.load(std::memory_order_relaxed); }

  // Everything recorded so far, spans sorted by start time.
  [[nodiscard]] Trace snapshot() const;

 private:
  struct LaneBuffer;
  LaneBuffer* buffer(LaneId lane) const;

  const Clock& clock_;
  TraceOptions options_;
  mutable std::mutex lanes_mutex_;  // guards adding lanes, not recording
  std::unique_ptr<std::atomic<LaneBuffer*>[]> buffers_;
  std::atomic<std::size_t> lane_count_{0};
  std::atomic<std::size_t> kept_{0};
  std::atomic<std::size_t> dropped_{0};
  std::atomic<std::size_t> edges_kept_{0};
  std::atomic<std::size_t> edges_dropped_{0};
};

// Records one span from construction to destruction. A null recorder makes
// it free, so benchmarks can run the same code untraced.
class SpanScope {
 public:
  // `site` must outlive the scope (it is a string literal naming a code site).
  SpanScope(TraceRecorder* recorder, LaneId lane, SpanState state, std::string label = {}, std::string_view site = {})
      : recorder_(recorder),
        lane_(lane),
        state_(state),
        label_(std::move(label)),
        site_(site),
        start_(recorder ? recorder->now() : 0) {}
  ~SpanScope() {
    if (recorder_) recorder_->record(lane_, state_, start_, recorder_->now(), label_, site_);
  }
  SpanScope(const SpanScope&) = delete;
  SpanScope& operator=(const SpanScope&) = delete;

 private:
  TraceRecorder* recorder_;
  LaneId lane_;
  SpanState state_;
  std::string label_;
  std::string_view site_;
  micros start_;
};

// Chrome Trace Event JSON ("X" complete events, one thread per lane): opens
// in Perfetto and chrome://tracing.
[[nodiscard]] std::string to_chrome_trace_json(const Trace& trace, std::string_view title = "Concurrency Playground");

}  // namespace playground
