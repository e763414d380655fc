#include "core/trace.hpp"

#include <limits>

#include <algorithm>

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

struct TraceRecorder::LaneBuffer {
  Lane lane;
  mutable std::mutex mutex;  // shared only between the lane's owner and a reader
  std::vector<Span> spans;
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
  lane->lane = Lane{static_cast<LaneId>(n), std::move(name), kind};
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
  return trace;
}

std::string to_chrome_trace_json(const Trace& trace, std::string_view title) {
  using nlohmann::json;
  json events = json::array();
  events.push_back(
      {{"name", "process_name"}, {"ph", "M"}, {"pid", 1}, {"tid", 0}, {"args", {{"name", std::string(title)}}}});
  for (const Lane& lane : trace.lanes) {
    events.push_back(
        {{"name", "thread_name"}, {"ph", "M"}, {"pid", 1}, {"tid", lane.id}, {"args", {{"name", lane.name}}}});
    events.push_back({{"name", "thread_sort_index"},
                      {"ph", "M"},
                      {"pid", 1},
                      {"tid", lane.id},
                      {"args", {{"sort_index", lane.id}}}});
  }
  for (const Span& span : trace.spans) {
    json args = {{"state", std::string(to_string(span.state))}};
    if (!span.site.empty()) args["site"] = span.site;
    events.push_back({{"name", span.label.empty() ? std::string(to_string(span.state)) : span.label},
                      {"cat", std::string(to_string(span.state))},
                      {"ph", "X"},
                      {"ts", span.start_us},
                      {"dur", span.end_us - span.start_us},
                      {"pid", 1},
                      {"tid", span.lane},
                      {"args", std::move(args)}});
  }
  json document = {{"traceEvents", std::move(events)}, {"displayTimeUnit", "ms"}};
  if (trace.dropped > 0) document["otherData"] = {{"dropped_spans", trace.dropped}};
  // replace: labels come from user data (CSV names); invalid UTF-8 must not throw.
  return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace playground
