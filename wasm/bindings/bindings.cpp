// The engine as JavaScript sees it (Embind). Kept thin on purpose: JSON
// strings in and out, every C++ exception turned into {"error": ...} here so
// that JS gets the engine's message (an escaping C++ exception would reach JS
// as a bare pointer). web/src/engine/ turns those into Error / AbortError.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1  // fopencookie
#endif
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>
#include <stdio.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "bindings/run_session.hpp"
#if !PLAYGROUND_HAS_THREADS
#include "core/host_sleep.hpp"
#endif
#include "bindings/cli_report.hpp"
#include "core/cpu_work.hpp"
#include "processes/protocol.hpp"
#include "processes/worker_parent.hpp"
#include "run/lesson_support.hpp"

// Hands a child's output to its worker's JavaScript (see run_process_child),
// as bytes, as a pipe carries them: decoded here and encoded again in the
// parent, megabytes of distances cost more than the copy.
EM_JS(void, playground_process_output, (const char* data, int size), {
  if (Module['onProcessOutput']) Module['onProcessOutput'](HEAPU8.slice(data, data + size));
});

#if !PLAYGROUND_HAS_THREADS
// Hands a running single-build run's news (a poll's JSON) to its worker's
// JavaScript (see SessionHandle::execute and web/src/engine/worker.js).
EM_JS(void, playground_run_news, (const char* data, int size), {
  if (Module['onRunNews']) Module['onRunNews'](UTF8ToString(data, size));
});
#endif

namespace playground {
namespace {

using nlohmann::json;

// Labels come from user data (CSV names): invalid UTF-8 must not throw.
std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

json error_json(std::string_view kind, std::string_view message) {
  return {{"error", {{"kind", std::string(kind)}, {"message", std::string(message)}}}};
}

class SessionHandle {
 public:
  // Starts the run and returns "{}". The request is read on the run's side
  // (its thread, or the single build's worker), not here on the caller's
  // thread (see RunSession): what it gets wrong comes back as the outcome's
  // error.
  std::string start(const std::string& request_text) {
    if (session_) return dump(error_json("internal", "this session was already started"));
    session_ = std::make_unique<RunSession>(request_text);
    session_->start();
    return "{}";
  }
  // At most `max_spans` spans per call (RunSession::poll). The answer is
  // UTF-8 JSON handed over as bytes (a Uint8Array view of this session's
  // buffer, valid until the next call): JS copies and decodes it with one
  // TextDecoder call, where Embind's std::string conversion reads shared
  // memory a byte at a time (seconds for a long run's spans on the page's
  // thread; issue 6).
  emscripten::val poll(int max_spans) {
    answer_ = session_ ? session_->poll(static_cast<std::size_t>(std::max(1, max_spans)))
                       : dump(error_json("internal", "not started"));
    return bytes(answer_);
  }
  void cancel() {
    if (session_) session_->cancel();
  }
#if !PLAYGROUND_HAS_THREADS
  // Runs the whole run here (the single build). Before each return to the
  // worker's event loop, the run sends its news: the spans recorded since
  // the last news (at most kSpansPerNews), the progress, the lanes.
  void execute() {
    if (!session_) return;
    running_ = this;
    host_news = [] { running_->send_news(); };
    struct Unhook {
      ~Unhook() {
        host_news = nullptr;
        running_ = nullptr;
      }
    } unhook;
    session_->execute_here();
  }
#endif
  // Where this handle lives, for playground_execute (single build).
  [[nodiscard]] std::uintptr_t address() const { return reinterpret_cast<std::uintptr_t>(this); }
  bool finished() const { return session_ && session_->finished(); }
  // As poll: bytes of JSON (a result may list tens of thousands of items).
  emscripten::val outcome() {
    answer_ = session_ ? session_->outcome() : dump(error_json("internal", "not started"));
    return bytes(answer_);
  }
  std::string chrome_trace() const { return session_ ? session_->chrome_trace() : std::string("{}"); }
  // At most `size` bytes of the output CSV from `offset`, as a view (see
  // poll). It may be shorter (the engine keeps the CSV in chunks: continue
  // from offset + its length) and may end inside a UTF-8 sequence (decode
  // with {stream: true}); it is empty only at the end.
  emscripten::val output_csv(double offset, double size) {
    const std::string_view rest =
        session_ ? session_->output_csv_from(static_cast<std::size_t>(std::max(0.0, offset))) : std::string_view();
    const std::size_t count = std::min(rest.size(), static_cast<std::size_t>(std::max(0.0, size)));
    return emscripten::val(emscripten::typed_memory_view(count, reinterpret_cast<const unsigned char*>(rest.data())));
  }

 private:
  static emscripten::val bytes(const std::string& text) {
    return emscripten::val(
        emscripten::typed_memory_view(text.size(), reinterpret_cast<const unsigned char*>(text.data())));
  }
  std::unique_ptr<RunSession> session_;
#if !PLAYGROUND_HAS_THREADS
  // As many spans as a poll from JS carries (web/src/engine/session.js).
  static constexpr std::size_t kSpansPerNews = 2000;
  void send_news() {
    const std::string news = session_->poll(kSpansPerNews);
    playground_run_news(news.data(), static_cast<int>(news.size()));
  }
  static inline SessionHandle* running_ = nullptr;  // the run executing now, if any
#endif
  std::string answer_;  // the last poll's or outcome's bytes, viewed by JS
};

// The parent of a processes-mode run (processes/worker_parent.hpp), driven by
// web/src/engine/worker.js as its child workers report.
class ProcessesHandle {
 public:
  // start and finish run the parent's own stages, which wait (the distance
  // matrix's read and write delays): in the single build those waits suspend
  // (core/host_sleep.hpp), so JS calls them through the plain exports
  // playground_processes_start / _finish with ccall {async: true}, then
  // reads their answer with answer().
  void start(const std::string& request_text) {
    answer_ = guarded([&] {
      run_ = std::make_unique<processes::ProcessesRun>(resolve_request_text(request_text));
      return run_->start();
    });
  }
  // The same for the lesson's warm-up of that request (Lesson::warm_up_request),
  // which the pool's workers run before the measured run; answers null when
  // the lesson has none.
  void start_warm_up(const std::string& request_text) {
    answer_ = guarded([&] {
      ResolvedRequest request = resolve_request_text(request_text);
      std::optional<RunRequest> warm_up = request.lesson->warm_up_request(request.run);
      if (!warm_up) return json(nullptr);
      request.run = std::move(*warm_up);
      run_ = std::make_unique<processes::ProcessesRun>(std::move(request));
      return run_->start();
    });
  }
  void finish() {
    answer_ = failure_.empty() ? guarded([&] { return run_->finish(); }) : failure_;
  }
  [[nodiscard]] std::string answer() const { return answer_; }
  [[nodiscard]] std::uintptr_t address() const { return reinterpret_cast<std::uintptr_t>(this); }
  void spawned(int child) { run_->spawned(child); }
  void ready(int child) { run_->ready(child); }
  void sent(int child, int bytes) { run_->sent(child, static_cast<std::size_t>(bytes)); }
  // A child's output or end may fail the run (a line the lesson cannot read): JS calls these
  // as news arrives, where a C++ exception would reach it as a bare number, so the first
  // failure is kept and finish() answers with it.
  void output(int child, const std::string& text) {
    keep_failure([&] { run_->output(child, text); });
  }
  void closed(int child, int status) {
    keep_failure([&] { run_->closed(child, status); });
  }
  std::string poll() {
    return guarded([&] { return run_->poll(); });
  }

 private:
  template <typename F>
  std::string guarded(F&& body) {
    try {
      return dump(body());
    } catch (const json::exception& e) {
      return dump(error_json("run_error", std::string("the request is not valid JSON: ") + e.what()));
    } catch (const RunError& e) {
      return dump(error_json("run_error", e.what()));
    } catch (const std::exception& e) {
      return dump(error_json("internal", e.what()));
    }
  }
  template <typename F>
  void keep_failure(F&& body) {
    if (!failure_.empty()) return;  // the run has failed; what comes after does not matter
    std::string answer = guarded([&] {
      body();
      return json(nullptr);
    });
    if (answer != "null") failure_ = std::move(answer);
  }
  std::unique_ptr<processes::ProcessesRun> run_;
  std::string answer_;
  std::string failure_;  // the first failure of output or closed, as an error answer
};

// One child "process" of the processes mode, inside its own worker: the very
// function a native child runs on its stdin and stdout (processes::serve_child),
// with the request as its input and its output handed to
// Module.onProcessOutput as it is written, as a pipe would carry it.

ssize_t write_to_js(void*, const char* data, size_t size) {
  playground_process_output(data, static_cast<int>(size));
  return static_cast<ssize_t>(size);
}

int run_process_child(const std::string& protocol, const std::string& request) {
  std::FILE* in = fmemopen(const_cast<char*>(request.data()), request.size(), "r");
  std::FILE* out = fopencookie(nullptr, "w", cookie_io_functions_t{nullptr, write_to_js, nullptr, nullptr});
  if (in == nullptr || out == nullptr) {
    if (in) std::fclose(in);
    if (out) std::fclose(out);
    return 2;
  }
  // Large chunks: fewer messages for a big share of distances. The workers
  // flush after the lines the parent times ("ready", each cpu job).
  std::setvbuf(out, nullptr, _IOFBF, 1 << 20);
  (void)protocol;  // the request's own header names the lesson (processes/protocol.hpp)
  const int status = processes::serve_child(in, out);
  std::fclose(in);
  std::fclose(out);
  return status;
}

// The next child's protocol and request, handed over by prepareProcessChild
// for playground_run_process_child (which takes no arguments: a request can
// be megabytes, too big for ccall's strings on the stack).
struct ChildInput {
  std::string protocol;
  std::string request;
};
ChildInput& next_child() {
  static ChildInput input;
  return input;
}
void prepare_process_child(const std::string& protocol, const std::string& request) {
  next_child() = {protocol, request};
}

// Chrome Trace Event JSON for lanes and spans held by JavaScript (a finished
// run, possibly merged from several workers): {"title", "lanes", "spans"},
// and "edges" if it has any.
std::string chrome_trace(const std::string& trace_text) {
  try {
    std::string title = "Concurrency Playground";
    const Trace trace = trace_from_json_text(trace_text, title);
    return to_chrome_trace_json(trace, title);
  } catch (const std::exception& e) {
    return dump(error_json("internal", std::string("cannot export the trace: ") + e.what()));
  }
}

// The native CLI's report for runs made through the JS API (cli_report.hpp).
std::string cli_report_binding(const std::string& request_text) {
  try {
    return dump({{"text", cli_report(json::parse(request_text))}});
  } catch (const RunError& e) {
    return dump(error_json("run_error", e.what()));
  } catch (const std::exception& e) {
    return dump(error_json("internal", e.what()));
  }
}

// This instance's CPU rate (steps per ms; calibrates on first use, on the
// calling thread), and adopting another instance's: a processes parent sizes
// its children's jobs as the page's engine sized the serial ones
// (core/cpu_work.hpp).
double cpu_rate() { return cpu_steps_per_ms(); }
void adopt_cpu_rate(double rate) {
  try {
    adopt_cpu_steps_per_ms(rate);
  } catch (const std::invalid_argument&) {
    // A rate that is not one is not adopted: this instance keeps its own calibration.
  }
}

// The rounds' numbers for the page (cli_report.hpp: rounds_summary).
std::string rounds_summary_binding(const std::string& request_text) {
  try {
    return dump(rounds_summary(json::parse(request_text)));
  } catch (const RunError& e) {
    return dump(error_json("run_error", e.what()));
  } catch (const std::exception& e) {
    return dump(error_json("internal", e.what()));
  }
}

std::string ceiling_request_binding(const std::string& request_text) {
  try {
    return dump(ceiling_request_json(json::parse(request_text)));
  } catch (const RunError& e) {
    return dump(error_json("run_error", e.what()));
  } catch (const std::exception& e) {
    return dump(error_json("internal", e.what()));
  }
}

// What this build can do, for the environment panel and the API's checks.
std::string build_info() {
  return dump({{"flavour", PLAYGROUND_HAS_THREADS ? "threads" : "single"},
               {"hardware_concurrency", std::thread::hardware_concurrency()}});
}

}  // namespace
}  // namespace playground

#if !PLAYGROUND_HAS_THREADS
// Single build: runs a started Session's demo. Not an Embind function: the
// demo may suspend (Asyncify, core/host_sleep.hpp), which only a plain
// export called as ccall('playground_execute', null, ['number'],
// [session.address()], {async: true}) supports; that returns a Promise.
extern "C" EMSCRIPTEN_KEEPALIVE void playground_execute(std::uintptr_t session) {
  const playground::SuspendableCall suspendable;
  reinterpret_cast<playground::SessionHandle*>(session)->execute();
}
#endif

// One child "process" of the processes mode, after prepareProcessChild. A
// plain export called as ccall('playground_run_process_child', 'number', [],
// [], {async: true}), not an Embind function: a child's event loop may wait
// (a server's database) and in the single build a wait suspends (Asyncify).
extern "C" EMSCRIPTEN_KEEPALIVE int playground_run_process_child() {
#if !PLAYGROUND_HAS_THREADS
  const playground::SuspendableCall suspendable;
#endif
  const playground::ChildInput input = std::move(playground::next_child());
  return playground::run_process_child(input.protocol, input.request);
}

// The processes parent's stages (ProcessesHandle::start / finish), callable
// asynchronously in both builds (JS: ccall(..., {async: true}) in the single
// build, where they may suspend).
extern "C" EMSCRIPTEN_KEEPALIVE void playground_processes_start(std::uintptr_t handle, const char* request) {
#if !PLAYGROUND_HAS_THREADS
  const playground::SuspendableCall suspendable;
#endif
  reinterpret_cast<playground::ProcessesHandle*>(handle)->start(request);
}
extern "C" EMSCRIPTEN_KEEPALIVE void playground_processes_start_warm_up(std::uintptr_t handle, const char* request) {
#if !PLAYGROUND_HAS_THREADS
  const playground::SuspendableCall suspendable;
#endif
  reinterpret_cast<playground::ProcessesHandle*>(handle)->start_warm_up(request);
}
extern "C" EMSCRIPTEN_KEEPALIVE void playground_processes_finish(std::uintptr_t handle) {
#if !PLAYGROUND_HAS_THREADS
  const playground::SuspendableCall suspendable;
#endif
  reinterpret_cast<playground::ProcessesHandle*>(handle)->finish();
}

EMSCRIPTEN_BINDINGS(playground) {
  using namespace emscripten;
  using playground::SessionHandle;
  class_<SessionHandle>("Session")
      .constructor<>()
      .function("start", &SessionHandle::start)
      .function("poll", &SessionHandle::poll)
      .function("cancel", &SessionHandle::cancel)
      .function("address", &SessionHandle::address)
      .function("finished", &SessionHandle::finished)
      .function("outcome", &SessionHandle::outcome)
      .function("chromeTrace", &SessionHandle::chrome_trace)
      .function("outputCsv", &SessionHandle::output_csv);
  function("buildInfo", &playground::build_info);
  function("setThreadLimit", &playground::set_thread_limit);
  function("prepareProcessChild", &playground::prepare_process_child);
  function("cpuStepsPerMs", &playground::cpu_rate);
  function("adoptCpuStepsPerMs", &playground::adopt_cpu_rate);
  class_<playground::ProcessesHandle>("ProcessesRun")
      .constructor<>()
      .function("address", &playground::ProcessesHandle::address)
      .function("answer", &playground::ProcessesHandle::answer)
      .function("spawned", &playground::ProcessesHandle::spawned)
      .function("ready", &playground::ProcessesHandle::ready)
      .function("sent", &playground::ProcessesHandle::sent)
      .function("output", &playground::ProcessesHandle::output)
      .function("closed", &playground::ProcessesHandle::closed)
      .function("poll", &playground::ProcessesHandle::poll);
  // The rule for how long to warm a mode up (run/lesson_support.hpp), for a processes run's pool (worker.js).
  class_<playground::WarmUps>("WarmUps").constructor<std::string, std::string>().function("again",
                                                                                          &playground::WarmUps::again);
  function("chromeTrace", &playground::chrome_trace);
  function("cliReport", &playground::cli_report_binding);
  function("roundsSummary", &playground::rounds_summary_binding);
  function("ceilingRequest", &playground::ceiling_request_binding);
}
