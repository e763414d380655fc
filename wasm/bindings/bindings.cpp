// The engine as JavaScript sees it (Embind). Kept thin on purpose: JSON
// strings in and out, every C++ exception turned into {"error": ...} here so
// that JS gets the engine's message (an escaping C++ exception would reach JS
// as a bare pointer). web/src/engine/ turns those into Error / AbortError.
#include <emscripten/bind.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "bindings/run_session.hpp"
#include "demos/process_worker.hpp"

namespace playground {
namespace {

using nlohmann::json;

// Labels come from user data (CSV names): invalid UTF-8 must not throw.
std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

SpanState span_state_from(std::string_view name) {
  for (SpanState state : {SpanState::running, SpanState::waiting_for_gil, SpanState::waiting_on_io,
                          SpanState::blocked_on_queue, SpanState::idle, SpanState::starting}) {
    if (to_string(state) == name) return state;
  }
  return SpanState::running;
}

json error_json(std::string_view kind, std::string_view message) {
  return {{"error", {{"kind", std::string(kind)}, {"message", std::string(message)}}}};
}

class SessionHandle {
 public:
  // Resolves and starts the run. Returns "{}" or {"error": ...}.
  std::string start(const std::string& request_text) {
    if (session_) return dump(error_json("internal", "this session was already started"));
    try {
      auto request = resolve_request(json::parse(request_text));
      session_ = std::make_unique<RunSession>(std::move(request));
      session_->start();
      return "{}";
    } catch (const json::exception& e) {
      return dump(error_json("run_error", std::string("the request is not valid JSON: ") + e.what()));
    } catch (const RunError& e) {
      return dump(error_json("run_error", e.what()));
    } catch (const std::exception& e) {
      return dump(error_json("internal", e.what()));
    }
  }
  std::string poll() { return session_ ? dump(session_->poll()) : dump(error_json("internal", "not started")); }
  void cancel() {
    if (session_) session_->cancel();
  }
  bool finished() const { return session_ && session_->finished(); }
  std::string outcome() const {
    return session_ ? dump(session_->outcome()) : dump(error_json("internal", "not started"));
  }
  std::string chrome_trace() const { return session_ ? session_->chrome_trace() : std::string("{}"); }

 private:
  std::unique_ptr<RunSession> session_;
};

// One worker "process" of the processes mode (demos/process_worker.hpp): the
// same request and response text a native child reads from its stdin and
// writes to its stdout, here handed over by postMessage instead of pipes.
// Returns {"response": TEXT} or {"error": ...}.
std::string process_worker(const std::string& request) {
  std::FILE* in = fmemopen(const_cast<char*>(request.data()), request.size(), "r");
  char* out_buffer = nullptr;
  std::size_t out_size = 0;
  std::FILE* out = open_memstream(&out_buffer, &out_size);
  if (in == nullptr || out == nullptr) {
    if (in) std::fclose(in);
    if (out) std::fclose(out);
    std::free(out_buffer);
    return dump(error_json("internal", "cannot open in-memory streams"));
  }
  // A bad request makes the worker write "error MESSAGE" and return 1; the
  // parent's parse_worker_response turns that into the same message the
  // native parent reports, so the text is passed on either way.
  (void)run_process_worker(in, out);
  std::fclose(in);
  std::fclose(out);
  std::string response(out_buffer, out_size);
  std::free(out_buffer);
  return dump({{"response", response}});
}

// Chrome Trace Event JSON for lanes and spans held by JavaScript (a finished
// run, possibly merged from several workers): {"lanes": [...], "spans": [...]}.
std::string chrome_trace(const std::string& trace_text) {
  try {
    const json document = json::parse(trace_text);
    Trace trace;
    for (const json& lane : document.at("lanes")) {
      const std::string kind = lane.value("kind", std::string("thread"));
      trace.lanes.push_back({lane.at("id").get<LaneId>(), lane.value("name", std::string()),
                             kind == "task" ? LaneKind::task : kind == "process" ? LaneKind::process : LaneKind::thread});
    }
    for (const json& span : document.at("spans")) {
      Span s;
      s.lane = span.at("lane").get<LaneId>();
      s.state = span_state_from(span.value("state", std::string("running")));
      s.start_us = span.at("start_us").get<micros>();
      s.end_us = span.at("end_us").get<micros>();
      s.label = span.value("label", std::string());
      s.site = span.value("site", std::string());
      trace.spans.push_back(std::move(s));
    }
    return to_chrome_trace_json(trace, document.value("title", std::string("Concurrency Playground")));
  } catch (const std::exception& e) {
    return dump(error_json("internal", std::string("cannot export the trace: ") + e.what()));
  }
}

// What this build can do, for the environment panel and the API's checks.
std::string build_info() {
  return dump({{"flavour", PLAYGROUND_HAS_THREADS ? "threads" : "single"},
               {"hardware_concurrency", std::thread::hardware_concurrency()}});
}

}  // namespace
}  // namespace playground

EMSCRIPTEN_BINDINGS(playground) {
  using namespace emscripten;
  using playground::SessionHandle;
  class_<SessionHandle>("Session")
      .constructor<>()
      .function("start", &SessionHandle::start)
      .function("poll", &SessionHandle::poll)
      .function("cancel", &SessionHandle::cancel)
      .function("finished", &SessionHandle::finished)
      .function("outcome", &SessionHandle::outcome)
      .function("chromeTrace", &SessionHandle::chrome_trace);
  function("buildInfo", &playground::build_info);
  function("processWorker", &playground::process_worker);
  function("chromeTrace", &playground::chrome_trace);
}
