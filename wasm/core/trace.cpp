#include "core/trace.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <type_traits>
#include <utility>

#include "core/json_text.hpp"

namespace playground {

std::string_view to_string(SpanState state) {
  switch (state) {
    case SpanState::running: return "running";
    case SpanState::waiting_for_gil: return "waiting_for_gil";
    case SpanState::waiting_on_io: return "waiting_on_io";
    case SpanState::blocked_on_queue: return "blocked_on_queue";
    case SpanState::idle: return "idle";
    case SpanState::starting: return "starting";
    case SpanState::waiting_for_lock: return "waiting_for_lock";
    case SpanState::arrived: return "arrived";
    case SpanState::rejected: return "rejected";
  }
  return "unknown";
}

std::string_view to_string(LaneKind kind) {
  switch (kind) {
    case LaneKind::thread: return "thread";
    case LaneKind::task: return "task";
    case LaneKind::process: return "process";
  }
  return "unknown";
}

std::string_view to_string(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::queue: return "queue";
    case EdgeKind::gil: return "gil";
    case EdgeKind::lock: return "lock";
    case EdgeKind::timer: return "timer";
    case EdgeKind::join: return "join";
    case EdgeKind::cancel: return "cancel";
    case EdgeKind::message: return "message";
  }
  return "unknown";
}

struct TraceRecorder::LaneBuffer {
  Lane lane;
  mutable std::mutex mutex;  // shared only between the lane's owner and a reader
  std::vector<Span> spans;
  std::vector<Edge> edges;  // edges that end on this lane
};

TraceRecorder::TraceRecorder(const Clock& clock, TraceOptions options)
    : clock_(clock),
      options_(options),
      buffers_(std::make_unique<std::atomic<LaneBuffer*>[]>(std::max<std::size_t>(1, options.max_lanes))) {
  if (options_.max_lanes == 0) options_.max_lanes = 1;
  for (std::size_t i = 0; i < options_.max_lanes; ++i) buffers_[i].store(nullptr, std::memory_order_relaxed);
}

TraceRecorder::~TraceRecorder() {
  const std::size_t n = lane_count_.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < n; ++i) delete buffers_[i].load(std::memory_order_relaxed);
}

LaneId TraceRecorder::add_lane(std::string name, LaneKind kind) {
  std::lock_guard lock(lanes_mutex_);
  const std::size_t n = lane_count_.load(std::memory_order_relaxed);
  if (n == options_.max_lanes) {
    // Full: later lanes share the last one, renamed so the reader knows why.
    LaneBuffer* last = buffers_[n - 1].load(std::memory_order_relaxed);
    std::lock_guard lane_lock(last->mutex);
    last->lane.name = "other lanes (lane limit reached)";
    return static_cast<LaneId>(n - 1);
  }
  auto* lane = new LaneBuffer{};
  lane->lane = Lane{static_cast<LaneId>(n), std::move(name), kind, {}};
  // release: a thread that sees the pointer (acquire in buffer()) sees the lane built.
  buffers_[n].store(lane, std::memory_order_release);
  lane_count_.store(n + 1, std::memory_order_release);
  return static_cast<LaneId>(n);
}

TraceRecorder::LaneBuffer* TraceRecorder::buffer(LaneId lane) const {
  if (lane < 0 || static_cast<std::size_t>(lane) >= options_.max_lanes) return nullptr;
  return buffers_[static_cast<std::size_t>(lane)].load(std::memory_order_acquire);
}

void TraceRecorder::record(LaneId lane, SpanState state, micros start_us, micros end_us, std::string_view label,
                           std::string_view site) {
  LaneBuffer* target = buffer(lane);
  if (target == nullptr) return;
  // relaxed: the count only bounds memory; it orders nothing.
  if (kept_.fetch_add(1, std::memory_order_relaxed) >= options_.max_spans) {
    kept_.fetch_sub(1, std::memory_order_relaxed);
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  Span span{lane, state, start_us, std::max(start_us, end_us), std::string(label), std::string(site)};
  std::lock_guard lock(target->mutex);
  target->spans.push_back(std::move(span));
}

void TraceRecorder::record_edge(Edge edge) {
  if (!options_.record_edges || !edge.from.traced() || !edge.to.traced() || buffer(edge.from.lane) == nullptr) return;
  LaneBuffer* target = buffer(edge.to.lane);
  if (target == nullptr) return;
  // relaxed: as for spans, the count only bounds memory.
  if (edges_kept_.fetch_add(1, std::memory_order_relaxed) >= options_.max_edges) {
    edges_kept_.fetch_sub(1, std::memory_order_relaxed);
    edges_dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  edge.to.at_us = std::max(edge.from.at_us, edge.to.at_us);
  std::lock_guard lock(target->mutex);
  target->edges.push_back(std::move(edge));
}

std::vector<Edge> TraceRecorder::read_new_edges(TraceCursor& cursor, std::size_t max_edges) const {
  const std::size_t n = lane_count_.load(std::memory_order_acquire);
  cursor.edges_seen_per_lane.resize(n, 0);
  std::vector<Edge> fresh;
  for (std::size_t i = 0; i < n && fresh.size() < max_edges; ++i) {
    const LaneBuffer* lane = buffers_[i].load(std::memory_order_acquire);
    std::lock_guard lock(lane->mutex);
    auto& seen = cursor.edges_seen_per_lane[i];
    const std::size_t take = std::min(lane->edges.size() - seen, max_edges - fresh.size());
    const auto from = lane->edges.begin() + static_cast<std::ptrdiff_t>(seen);
    fresh.insert(fresh.end(), from, from + static_cast<std::ptrdiff_t>(take));
    seen += take;
  }
  std::stable_sort(fresh.begin(), fresh.end(), [](const Edge& a, const Edge& b) { return a.to.at_us < b.to.at_us; });
  return fresh;
}

std::vector<Span> TraceRecorder::read_new(TraceCursor& cursor) const {
  return read_new(cursor, std::numeric_limits<std::size_t>::max());
}

std::vector<Span> TraceRecorder::read_new(TraceCursor& cursor, std::size_t max_spans) const {
  const std::size_t n = lane_count_.load(std::memory_order_acquire);
  cursor.seen_per_lane.resize(n, 0);
  std::vector<Span> fresh;
  for (std::size_t i = 0; i < n && fresh.size() < max_spans; ++i) {
    const LaneBuffer* lane = buffers_[i].load(std::memory_order_acquire);
    std::lock_guard lock(lane->mutex);
    auto& seen = cursor.seen_per_lane[i];
    const std::size_t take = std::min(lane->spans.size() - seen, max_spans - fresh.size());
    const auto from = lane->spans.begin() + static_cast<std::ptrdiff_t>(seen);
    fresh.insert(fresh.end(), from, from + static_cast<std::ptrdiff_t>(take));
    seen += take;
  }
  std::stable_sort(fresh.begin(), fresh.end(), [](const Span& a, const Span& b) { return a.start_us < b.start_us; });
  return fresh;
}

std::vector<Lane> TraceRecorder::lanes() const {
  const std::size_t n = lane_count_.load(std::memory_order_acquire);
  std::vector<Lane> result;
  result.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const LaneBuffer* lane = buffers_[i].load(std::memory_order_acquire);
    std::lock_guard lock(lane->mutex);
    result.push_back(lane->lane);
  }
  return result;
}

Trace TraceRecorder::snapshot() const {
  TraceCursor from_start;
  Trace trace;
  trace.lanes = lanes();
  trace.spans = read_new(from_start);
  trace.dropped = dropped_.load(std::memory_order_relaxed);
  trace.edges = read_new_edges(from_start);
  trace.dropped_edges = edges_dropped_.load(std::memory_order_relaxed);
  return trace;
}

namespace {

// Where a flow event on a lane must sit so that it binds to a slice: Chrome's
// flow events ("s", and "f" with bp "e") attach to the slice enclosing their
// time, and a lane has gaps between spans (a thread between two waits). An
// edge's end inside a span stays; one in a gap moves to the nearest end of
// the span before it (or the start of the span after it). Strictly inside a
// span of length: a flow at a slice's very end would bind to the next one.
class SliceBinder {
 public:
  explicit SliceBinder(const Trace& trace) {
    for (const Span& span : trace.spans) {
      if (span.end_us > span.start_us) by_lane_[span.lane].push_back({span.start_us, span.end_us});
    }
    // trace.spans is ordered by start, so each lane's list is too.
  }
  // The time to put a flow event of `end` at, or nullopt if its lane has no span.
  [[nodiscard]] std::optional<micros> bind(const EdgeEnd& end) const {
    const auto found = by_lane_.find(end.lane);
    if (found == by_lane_.end()) return std::nullopt;
    const auto& spans = found->second;
    // The last span starting at or before the time, else the first.
    auto after = std::upper_bound(spans.begin(), spans.end(), end.at_us,
                                  [](micros t, const std::pair<micros, micros>& s) { return t < s.first; });
    const auto& [start, stop] = after == spans.begin() ? *after : *std::prev(after);
    return std::clamp(end.at_us, start, stop - 1);
  }

 private:
  std::map<LaneId, std::vector<std::pair<micros, micros>>> by_lane_;
};

}  // namespace

namespace {

// Chrome Trace Event JSON written as text, event by event: a trace may hold a
// million spans, and a document of nlohmann objects for them took over
// 300 MB in the browser (the page's heap) before it was written out.
class ChromeTraceWriter {
 public:
  explicit ChromeTraceWriter(std::string& out) : out_(out) { out_ += "{\"traceEvents\":["; }

  // Starts an event: {"name":…,"ph":…,"pid":…,"tid":… (the caller adds fields, then end_event).
  void begin_event(std::string_view name, std::string_view phase, int pid, LaneId tid) {
    out_ += first_ ? "\n{" : ",\n{";
    first_ = false;
    field("name");
    append_json_string(out_, name);
    out_ += ',';
    field("ph");
    append_json_string(out_, phase);
    out_ += ",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid);
  }
  void text(std::string_view key, std::string_view value) {
    out_ += ',';
    field(key);
    append_json_string(out_, value);
  }
  void number(std::string_view key, std::int64_t value) {
    out_ += ',';
    field(key);
    out_ += std::to_string(value);
  }
  // "args":{"key":value} with one text or number.
  void args_text(std::string_view key, std::string_view value) {
    out_ += ",\"args\":{";
    field(key);
    append_json_string(out_, value);
    out_ += '}';
  }
  void args_number(std::string_view key, std::int64_t value) {
    out_ += ",\"args\":{";
    field(key);
    out_ += std::to_string(value) + '}';
  }
  void raw(std::string_view text) { out_ += text; }
  void end_event() { out_ += '}'; }

 private:
  void field(std::string_view key) {
    append_json_string(out_, key);
    out_ += ':';
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace

std::string to_chrome_trace_json(const Trace& trace, std::string_view title) {
  std::string out;
  out.reserve(256 + trace.spans.size() * 160 + trace.edges.size() * 220);
  ChromeTraceWriter w(out);
  const auto metadata = [&](std::string_view name, int pid, LaneId tid, std::string_view key, auto value) {
    w.begin_event(name, "M", pid, tid);
    if constexpr (std::is_integral_v<decltype(value)>) {
      w.args_number(key, value);
    } else {
      w.args_text(key, value);
    }
    w.end_event();
  };
  // One process per lane group (a mode), numbered in the order they appear.
  std::map<std::string, int> pid_of_group;
  std::map<LaneId, int> pid_of_lane;
  for (const Lane& lane : trace.lanes) {
    const std::string group = lane.group.empty() ? std::string(title) : lane.group;
    auto [at, added] = pid_of_group.try_emplace(group, static_cast<int>(pid_of_group.size()) + 1);
    if (added) {
      metadata("process_name", at->second, 0, "name", std::string_view(group));
      metadata("process_sort_index", at->second, 0, "sort_index", at->second);
    }
    pid_of_lane[lane.id] = at->second;
    metadata("thread_name", at->second, lane.id, "name", std::string_view(lane.name));
    metadata("thread_sort_index", at->second, lane.id, "sort_index", lane.id);
  }
  if (trace.lanes.empty()) metadata("process_name", 1, 0, "name", title);
  const auto pid = [&](LaneId lane) {
    const auto found = pid_of_lane.find(lane);
    return found == pid_of_lane.end() ? 1 : found->second;
  };
  for (const Span& span : trace.spans) {
    const std::string_view state = to_string(span.state);
    w.begin_event(span.label.empty() ? state : std::string_view(span.label), "X", pid(span.lane), span.lane);
    w.text("cat", state);
    w.number("ts", span.start_us);
    w.number("dur", span.end_us - span.start_us);
    w.raw(",\"args\":{\"state\":");
    append_json_string(out, state);
    if (!span.site.empty()) {
      w.raw(",\"site\":");
      append_json_string(out, span.site);
    }
    w.raw("}");
    w.end_event();
  }
  // Causal edges as flow events: an "s" where the edge starts, an "f" bound
  // to the enclosing slice ("bp": "e") where it ends, one id per edge.
  const SliceBinder binder(trace);
  std::int64_t flow_id = 0;
  for (const Edge& edge : trace.edges) {
    const std::optional<micros> from = binder.bind(edge.from);
    const std::optional<micros> to = binder.bind(edge.to);
    if (!from || !to) continue;
    ++flow_id;
    const std::string_view kind = to_string(edge.kind);
    const std::string_view name = edge.label.empty() ? kind : std::string_view(edge.label);
    const std::string category = "edge." + std::string(kind);
    w.begin_event(name, "s", pid(edge.from.lane), edge.from.lane);
    w.text("cat", category);
    w.number("id", flow_id);
    w.number("ts", *from);
    w.end_event();
    w.begin_event(name, "f", pid(edge.to.lane), edge.to.lane);
    w.text("cat", category);
    w.text("bp", "e");
    w.number("id", flow_id);
    w.number("ts", *to);
    w.end_event();
  }
  out += "\n],\"displayTimeUnit\":\"ms\"";
  if (trace.dropped > 0 || trace.dropped_edges > 0) {
    out += ",\"otherData\":{";
    if (trace.dropped > 0) out += "\"dropped_spans\":" + std::to_string(trace.dropped);
    if (trace.dropped > 0 && trace.dropped_edges > 0) out += ',';
    if (trace.dropped_edges > 0) out += "\"dropped_edges\":" + std::to_string(trace.dropped_edges);
    out += '}';
  }
  out += "}\n";
  return out;
}

}  // namespace playground
