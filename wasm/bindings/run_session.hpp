#pragma once
// One run of one demo, as JavaScript sees it: started without blocking the
// caller, observed by polling (progress and the spans recorded since the last
// poll), cancelled, then asked for its outcome and its trace.
//
// Threads build: start() runs the lesson on a thread of its own and returns at
// once; the JS thread that called it polls while the run goes on. Single
// build (no pthreads): start() only marks it started, and execute_here()
// runs the lesson on the calling thread, a Web Worker (never the page's main
// thread). Where the lesson waits, it suspends to the worker's event loop
// (core/host_sleep.hpp: Asyncify), so JavaScript calls it asynchronously
// (bindings.cpp: playground_execute) and may poll or cancel meanwhile.
//
// Requests and answers are JSON (nlohmann::json), so the bindings stay a thin
// layer of strings.
#include <atomic>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cancel_token.hpp"
#include "core/clock.hpp"
#include "core/trace.hpp"
#include "run/lesson.hpp"
#include "run/request.hpp"
#include "run/trace_json.hpp"

#if PLAYGROUND_HAS_THREADS
#include <thread>
#endif

namespace playground {

class RunSession {
 public:
  // The request as JSON text, resolved when the run begins, on the run's
  // side (its thread, or the single build's worker): a request can carry a
  // reader's CSV of megabytes, and parsing it on the page's thread made a
  // long task there. What resolve_request refuses ends the run as a "run_error".
  explicit RunSession(std::string request_text);
  // Cancels a run still going; its thread ends on its own (it is detached).
  ~RunSession();
  RunSession(const RunSession&) = delete;
  RunSession& operator=(const RunSession&) = delete;

  // Starts the run; call once. See the file comment for what "starts" means
  // in each build.
  void start();

#if !PLAYGROUND_HAS_THREADS
  // Single build: runs the started demo to its end on the calling thread.
  void execute_here() { run_->execute(); }
#endif

  // Asks the run to stop. Thread-safe, idempotent; the run ends with
  // Cancelled as soon as the lesson observes the token.
  void cancel() { run_->cancel.cancel(); }

  [[nodiscard]] bool finished() const { return run_->finished.load(std::memory_order_acquire); }

  // The run's progress counters, where they live for as long as the session.
  [[nodiscard]] const Progress& progress() const { return run_->progress; }

  // {"fraction": 0…1, "finished": bool, "more": bool,
  //  "lanes": [...all lanes, only when there are new ones...],
  //  "spans": [...at most `max_spans` of the spans not yet returned...],
  //  "edges": [...at most `max_spans` of the causal edges not yet returned...]}.
  // A poll's cost is bounded by `max_spans`, so the page's thread that polls
  // a run recording hundreds of thousands of spans never stalls (issue 6's
  // 50 ms long-task limit); "more" says spans are waiting (poll again soon).
  // "finished" is true only once every span has been returned.
  // Call from one thread at a time (it advances the session's cursor).
  [[nodiscard]] std::string poll(std::size_t max_spans);

  // After finished(): {"result": {...}, "output_csv": "..."} or
  // {"error": {"kind": "cancelled" | "run_error" | "internal", "message": "..."}}.
  // As JSON text (a result may list tens of thousands of items: no copy).
  // Instead of "output_csv", it says "output_csv_bytes": read the CSV with
  // output_csv_from(), in pieces.
  [[nodiscard]] std::string outcome() const;

  // After finished(): the output CSV from byte `offset` to the end of the
  // chunk holding it ("" past the end, or if the lesson writes none). Read it
  // all by asking again from offset + the length you got.
  [[nodiscard]] std::string_view output_csv_from(std::size_t offset) const {
    return finished() ? run_->outcome.output_csv.from(offset) : std::string_view();
  }

  // Everything recorded, as Chrome Trace Event JSON.
  [[nodiscard]] std::string chrome_trace() const;

 private:
  // What the run's thread uses: shared with it, so that the session never
  // joins it. The page's thread must not block (a join there is a wait,
  // and Emscripten warns about it), and a detached thread that outlives a
  // cancelled session keeps its state alive until it sees the token.
  struct Run {
    explicit Run(std::string text) : request_text(std::move(text)), trace(clock) {}
    void execute() noexcept;
    std::string request_text;  // resolved into `request` as execute() begins, then freed
    ResolvedRequest request;
    SteadyClock clock;
    TraceRecorder trace;
    CancelToken cancel;
    Progress progress;
    RunOutcome outcome;
    nlohmann::json error;  // null unless the run failed
    // release (in execute) / acquire (in finished): whoever sees the run
    // finished also sees its outcome or error written.
    std::atomic<bool> finished{false};
  };
  std::shared_ptr<Run> run_;
  TraceCursor cursor_;
  std::size_t lanes_sent_ = 0;
  bool started_ = false;
};

}  // namespace playground
