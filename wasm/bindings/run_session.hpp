#pragma once
// One run of one demo, as JavaScript sees it: started without blocking the
// caller, observed by polling (progress and the spans recorded since the last
// poll), cancelled, then asked for its outcome and its trace.
//
// Threads build: start() runs the demo on a thread of its own and returns at
// once; the JS thread that called it polls while the run goes on. Single
// build (no pthreads): start() runs the demo to completion on the calling
// thread, which is a Web Worker (never the page's main thread); cancelling
// it is the worker's owner terminating that worker.
//
// Requests and answers are JSON (nlohmann::json), so the bindings stay a thin
// layer of strings.
#include <atomic>
#include <exception>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/cancel_token.hpp"
#include "core/clock.hpp"
#include "core/trace.hpp"
#include "demos/demo.hpp"

#if PLAYGROUND_HAS_THREADS
#include <thread>
#endif

namespace playground {

// A request from JavaScript, resolved against its scenario: which demo runs
// and with which validated parameters.
struct ResolvedRequest {
  const Demo* demo = nullptr;
  std::string scenario_id;
  RunRequest run;
};

// Reads {scenario | scenario_json, mode, threads, gil, params, input_csv}:
// `scenario` names a built-in scenario (its file under /scenarios), while
// `scenario_json` is a scenario document given inline (the CLI's path form).
// Parameters are validated against the scenario; missing ones take its
// defaults. Throws RunError naming the field for anything it cannot accept.
[[nodiscard]] ResolvedRequest resolve_request(const nlohmann::json& request);

// The most threads a run may ask for in this module (the pthread pool's
// room, set by the loader; 0: no limit). resolve_request refuses more with a
// message that says why, instead of a thread failing to start mid-run.
void set_thread_limit(int threads);
[[nodiscard]] int thread_limit();

class RunSession {
 public:
  explicit RunSession(ResolvedRequest request);
  // Cancels a run still going and waits for its thread to finish.
  ~RunSession();
  RunSession(const RunSession&) = delete;
  RunSession& operator=(const RunSession&) = delete;

  // Starts the run; call once. See the file comment for what "starts" means
  // in each build.
  void start();

  // Asks the run to stop. Thread-safe, idempotent; the run ends with
  // Cancelled as soon as the demo observes the token.
  void cancel() { cancel_.cancel(); }

  [[nodiscard]] bool finished() const { return finished_.load(std::memory_order_acquire); }

  // {"fraction": 0…1, "finished": bool, "lanes": [...all lanes...],
  //  "spans": [...spans recorded since the previous poll...]}.
  // Call from one thread at a time (it advances the session's cursor).
  [[nodiscard]] nlohmann::json poll();

  // After finished(): {"result": {...}, "output_csv": "..."} or
  // {"error": {"kind": "cancelled" | "run_error" | "internal", "message": "..."}}.
  [[nodiscard]] nlohmann::json outcome() const;

  // Everything recorded, as Chrome Trace Event JSON.
  [[nodiscard]] std::string chrome_trace() const;

 private:
  void execute() noexcept;

  ResolvedRequest request_;
  SteadyClock clock_;
  TraceRecorder trace_;
  CancelToken cancel_;
  Progress progress_;
  TraceCursor cursor_;
  RunOutcome outcome_;
  nlohmann::json error_;  // null unless the run failed
  // release (in execute) / acquire (in finished): whoever sees the run
  // finished also sees its outcome or error written.
  std::atomic<bool> finished_{false};
  bool started_ = false;
#if PLAYGROUND_HAS_THREADS
  std::thread thread_;
#endif
};

// Turns the spans and lanes of a trace into the JSON the TypeScript side
// reads (web/src/engine/types.ts: Span, Lane).
[[nodiscard]] nlohmann::json to_json(const Span& span);
[[nodiscard]] nlohmann::json to_json(const Lane& lane);

}  // namespace playground
