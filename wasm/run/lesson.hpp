#pragma once
// The contract between the lessons and whatever runs them (the native CLI, the
// Emscripten bindings, the tests): a request in, a result out, a trace and
// progress observable while the run goes on, cancellation honoured.
#include <atomic>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cancel_token.hpp"
#include "core/trace.hpp"
#include "run/text_chunks.hpp"

namespace playground {

namespace processes {
class ProcessesMode;
}

// One run of one mode of one demo. Parameter values are already validated
// against the scenario (see run/scenario.hpp); lessons may rely on ranges.
struct RunRequest {
  std::string mode;                                  // e.g. "serial", "threads", "pool", "coroutines"
  int threads = 1;                                   // worker count for thread modes (>= 1)
  bool gil = false;                                  // thread modes: hold the simulated GIL for CPU work
  nlohmann::json params = nlohmann::json::object();  // parameter values by name
  std::string input_csv;                             // distance matrix: input CSV text (name,latitude,longitude)
};

// Progress of a run, polled from another thread: done out of total steps.
struct Progress {
  std::atomic<std::int64_t> done{0};
  std::atomic<std::int64_t> total{0};
  [[nodiscard]] double fraction() const {
    const auto t = total.load(std::memory_order_relaxed);
    return t <= 0 ? 0.0 : static_cast<double>(done.load(std::memory_order_relaxed)) / static_cast<double>(t);
  }
};

// What a running demo can see of its surroundings. Pointers may be null:
// benchmarks run untraced, tests may run without a token.
struct RunContext {
  TraceRecorder* trace = nullptr;
  CancelToken* cancel = nullptr;
  Progress* progress = nullptr;
};

struct RunOutcome {
  // At least: mode, threads, gil, wall_ms; plus the lesson's own fields.
  nlohmann::json result = nlohmann::json::object();
  TextChunks output_csv;  // distance matrix output, empty for other lessons
};

// Thrown for a request a demo cannot run (unknown mode, a mode this build
// lacks, bad input); the message names what and where.
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How many threads a run's work keeps busy at once, and which parameters say
// so (e.g. {"producers", 8}, {"consumers", 8}): a front end checks the sum
// against what its build can give before the run starts (run/request.cpp).
// No parts: the run's work stays on the thread that runs it.
struct ThreadDemand {
  std::vector<std::pair<std::string, int>> parts;
  [[nodiscard]] int threads() const {
    int sum = 0;
    for (const auto& part : parts) sum += part.second;
    return parts.empty() ? 1 : sum;
  }
};

// A lesson: its id (the scenario's "demo"), the modes it implements, and how
// it runs one of them. run() checks the mode once, here, so that a lesson's
// run_mode() only sees modes it has.
class Lesson {
 public:
  virtual ~Lesson() = default;
  Lesson(const Lesson&) = delete;
  Lesson& operator=(const Lesson&) = delete;

  [[nodiscard]] std::string_view id() const { return id_; }
  [[nodiscard]] const std::vector<std::string>& modes() const { return modes_; }

  // Runs one mode, after its warm-up (warm_up_request). Throws RunError for
  // a mode the lesson lacks (listing its modes) or a bad request, Cancelled
  // when cancelled.
  [[nodiscard]] RunOutcome run(const RunRequest& request, RunContext& context) const;

  // A small request of the same mode, whose run warms the mode's code (a
  // JIT's optimised tier, the allocator's memory) before the measured run:
  // run() makes it first, into a trace and a count nobody reads, so that no
  // measured run executes cold code (a processes mode's warm-up is made by
  // the WebAssembly pool's workers). Nothing (the default) for modes with
  // nothing to warm: those that mostly sleep.
  [[nodiscard]] virtual std::optional<RunRequest> warm_up_request(const RunRequest& request) const {
    (void)request;
    return std::nullopt;
  }

  // About how many bytes a run of `request` holds at its peak (0: little).
  // In WebAssembly run() first grows the heap by that much and gives it back
  // to the allocator: a fresh module's heap grows page by page during its
  // first big run, and stays grown for the runs after it, which made a
  // first run of the distance matrix 1.4-1.9× slower than the later ones.
  [[nodiscard]] virtual std::size_t peak_memory_bytes(const RunRequest& request) const {
    (void)request;
    return 0;
  }

  // Grows the WebAssembly heap to peak_memory_bytes(request), once per
  // module (nothing natively). run() calls it; so does a processes run's
  // parent in WebAssembly (processes/worker_parent.cpp), which gathers every
  // child's output and is not started through run().
  void grow_heap_for(const RunRequest& request) const;

  // The threads a run of request.mode needs at once, from all its parameters.
  // By default a mode that needs threads (its scenario says so) uses
  // request.threads of them and any other mode only the run's own thread;
  // a lesson that starts threads otherwise says so here.
  [[nodiscard]] virtual ThreadDemand threads_needed(const RunRequest& request, bool mode_needs_threads) const {
    if (!mode_needs_threads) return {};
    return {{{"threads", request.threads}}};
  }

  // The lesson's `processes` mode (processes/work.hpp), or null if it has none.
  [[nodiscard]] virtual const processes::ProcessesMode* processes_mode() const { return nullptr; }

 protected:
  Lesson(std::string id, std::vector<std::string> modes) : id_(std::move(id)), modes_(std::move(modes)) {}

 private:
  // Runs request.mode, which is one of modes().
  [[nodiscard]] virtual RunOutcome run_mode(const RunRequest& request, RunContext& context) const = 0;

  std::string id_;
  std::vector<std::string> modes_;
};

// Every lesson the engine has, by id (run/registry.cpp).
[[nodiscard]] const Lesson* find_lesson(std::string_view id);
[[nodiscard]] std::vector<const Lesson*> all_lessons();

}  // namespace playground
