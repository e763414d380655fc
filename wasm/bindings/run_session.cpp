#include "bindings/run_session.hpp"

#include "run/number_format.hpp"
#include "run/scenario.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

namespace playground {

using nlohmann::json;

RunSession::RunSession(std::string request_text) : run_(std::make_shared<Run>(std::move(request_text))) {}

RunSession::~RunSession() { run_->cancel.cancel(); }

void RunSession::start() {
  if (started_) throw RunError("this run was already started");
  started_ = true;
#if PLAYGROUND_HAS_THREADS
  // The run's own thread comes from the pthread pool, so it starts at once
  // even though the JS thread that created it does not yield first.
  std::thread([run = run_] { run->execute(); }).detach();
#endif
}

void RunSession::Run::execute() noexcept {
  RunContext context{.trace = &trace, .cancel = &cancel, .progress = &progress};
  try {
    request = resolve_request_text(request_text);
    request_text = std::string();
    // A fault on the run's own thread, as a failed allocation or a broken
    // invariant would make it: the front ends must end the run and reload.
    if (request.test_fault == "abort") std::abort();
    outcome = request.lesson->run(request.run, context);
    // Spans past the recorder's limit are counted, not kept: the result says
    // so, so that the page can tell the reader its timeline is not the whole run.
    const std::size_t span_limit = TraceOptions{}.max_spans;
    if (trace.span_count() >= span_limit) {
      outcome.result["span_limit"] = span_limit;
      outcome.result["spans_not_recorded"] = trace.snapshot().dropped;
    }
  } catch (const Cancelled&) {
    error = {{"kind", "cancelled"}, {"message", "the run was cancelled"}};
  } catch (const RunError& e) {
    error = {{"kind", "run_error"}, {"message", e.what()}};
  } catch (const std::system_error& e) {
    // A thread that could not start: the pthread pool is full (its size is
    // fixed when the module loads, and waiting for room could hang).
    const bool pool_full = e.code() == std::errc::resource_unavailable_try_again;
    error = {{"kind", pool_full ? "run_error" : "internal"},
             {"message", pool_full ? "this run needs more threads at once than the page's thread pool holds; "
                                     "try fewer threads, producers or consumers"
                                   : e.what()}};
  } catch (const std::exception& e) {
    error = {{"kind", "internal"}, {"message", e.what()}};
  } catch (...) {
    error = {{"kind", "internal"}, {"message", "unknown error"}};
  }
  finished.store(true, std::memory_order_release);
}

std::string RunSession::poll(std::size_t max_spans) {
  // Read `finished` first: spans recorded before the run finished are then
  // all visible to a read_new after it, so the last poll misses none.
  const bool done = finished();
  const std::vector<Span> fresh = run_->trace.read_new(cursor_, max_spans);
  std::string spans = "[";
  for (const Span& span : fresh) {
    if (spans.size() > 1) spans += ',';
    append_json(spans, span);
  }
  spans += ']';
  // A full answer may leave spans behind; a short one read everything
  // recorded, and if the run had finished before, everything there will be.
  // Edges come with the spans, as many at most.
  const std::vector<Edge> fresh_edges = run_->trace.read_new_edges(cursor_, max_spans);
  std::string edges = "[";
  for (const Edge& edge : fresh_edges) {
    if (edges.size() > 1) edges += ',';
    append_json(edges, edge);
  }
  edges += ']';
  const bool full = fresh.size() == max_spans || fresh_edges.size() == max_spans;
  const bool all_returned = done && !full;
  json answer = {{"fraction", done && run_->error.is_null() ? 1.0 : run_->progress.fraction()},
                 {"finished", all_returned},
                 {"more", full}};
  const std::vector<Lane> lanes = run_->trace.lanes();
  if (lanes.size() != lanes_sent_) {
    json lane_list = json::array();
    for (const Lane& lane : lanes) lane_list.push_back(to_json(lane));
    answer["lanes"] = std::move(lane_list);
    lanes_sent_ = lanes.size();
  }
  // {... the small fields ..., "spans": [...]}
  std::string text = answer.dump(-1, ' ', false, json::error_handler_t::replace);
  text.pop_back();
  text += ",\"spans\":";
  text += spans;
  text += ",\"edges\":";
  text += edges;
  text += '}';
  return text;
}

std::string RunSession::outcome() const {
  const auto dump = [](const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); };
  if (!finished()) return dump({{"error", {{"kind", "internal"}, {"message", "the run has not finished"}}}});
  if (!run_->error.is_null()) return dump({{"error", run_->error}});
  // Written around the result rather than copying it into a new document.
  std::string text = "{\"result\":" + dump(run_->outcome.result);
  // The output CSV (14 MB for 1 000 locations) is read apart, in chunks
  // (output_csv_from()), so that no single call holds the page's thread.
  if (!run_->outcome.output_csv.empty())
    text += ",\"output_csv_bytes\":" + std::to_string(run_->outcome.output_csv.size());
  text += '}';
  return text;
}

std::string RunSession::chrome_trace() const {
  return to_chrome_trace_json(run_->trace.snapshot(),
                              "Concurrency Playground: " + run_->request.scenario_id + " / " + run_->request.run.mode);
}

}  // namespace playground
