#include "core/trace.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

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

std::string to_chrome_trace_json(const Trace& trace, std::string_view title) {
  using nlohmann::json;
  json events = json::array();
  // One process per lane group (a mode), numbered in the order they appear.
  std::map<std::string, int> pid_of_group;
  std::map<LaneId, int> pid_of_lane;
  for (const Lane& lane : trace.lanes) {
    const std::string group = lane.group.empty() ? std::string(title) : lane.group;
    auto [at, added] = pid_of_group.try_emplace(group, static_cast<int>(pid_of_group.size()) + 1);
    if (added) {
      events.push_back(
          {{"name", "process_name"}, {"ph", "M"}, {"pid", at->second}, {"tid", 0}, {"args", {{"name", group}}}});
      events.push_back({{"name", "process_sort_index"},
                        {"ph", "M"},
                        {"pid", at->second},
                        {"tid", 0},
                        {"args", {{"sort_index", at->second}}}});
    }
    pid_of_lane[lane.id] = at->second;
    events.push_back(
        {{"name", "thread_name"}, {"ph", "M"}, {"pid", at->second}, {"tid", lane.id}, {"args", {{"name", lane.name}}}});
    events.push_back({{"name", "thread_sort_index"},
                      {"ph", "M"},
                      {"pid", at->second},
                      {"tid", lane.id},
                      {"args", {{"sort_index", lane.id}}}});
  }
  if (trace.lanes.empty()) {
    events.push_back(
        {{"name", "process_name"}, {"ph", "M"}, {"pid", 1}, {"tid", 0}, {"args", {{"name", std::string(title)}}}});
  }
  const auto pid = [&](LaneId lane) {
    const auto found = pid_of_lane.find(lane);
    return found == pid_of_lane.end() ? 1 : found->second;
  };
  for (const Span& span : trace.spans) {
    json args = {{"state", std::string(to_string(span.state))}};
    if (!span.site.empty()) args["site"] = span.site;
    events.push_back({{"name", span.label.empty() ? std::string(to_string(span.state)) : span.label},
                      {"cat", std::string(to_string(span.state))},
                      {"ph", "X"},
                      {"ts", span.start_us},
                      {"dur", span.end_us - span.start_us},
                      {"pid", pid(span.lane)},
                      {"tid", span.lane},
                      {"args", std::move(args)}});
  }
  // Causal edges as flow events: an "s" where the edge starts, an "f" bound
  // to the enclosing slice ("bp": "e") where it ends, one id per edge.
  const SliceBinder binder(trace);
  std::uint64_t flow_id = 0;
  for (const Edge& edge : trace.edges) {
    const std::optional<micros> from = binder.bind(edge.from);
    const std::optional<micros> to = binder.bind(edge.to);
    if (!from || !to) continue;
    ++flow_id;
    const std::string name = edge.label.empty() ? std::string(to_string(edge.kind)) : edge.label;
    const std::string category = "edge." + std::string(to_string(edge.kind));
    events.push_back({{"name", name},
                      {"cat", category},
                      {"ph", "s"},
                      {"id", flow_id},
                      {"ts", *from},
                      {"pid", pid(edge.from.lane)},
                      {"tid", edge.from.lane}});
    events.push_back({{"name", name},
                      {"cat", category},
                      {"ph", "f"},
                      {"bp", "e"},
                      {"id", flow_id},
                      {"ts", *to},
                      {"pid", pid(edge.to.lane)},
                      {"tid", edge.to.lane}});
  }
  json document = {{"traceEvents", std::move(events)}, {"displayTimeUnit", "ms"}};
  if (trace.dropped > 0) document["otherData"] = {{"dropped_spans", trace.dropped}};
  if (trace.dropped_edges > 0) document["otherData"]["dropped_edges"] = trace.dropped_edges;
  // replace: labels come from user data (CSV names); invalid UTF-8 must not throw.
  return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace playground
