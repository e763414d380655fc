#pragma once
// The contract between the demos and whatever runs them (the native CLI, the
// Emscripten bindings, the tests): a request in, a result out, a trace and
// progress observable while the run goes on, cancellation honoured.
#include <atomic>
#include <cstdint>
#include <string>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cancel_token.hpp"
#include "core/trace.hpp"
#include "demos/text_chunks.hpp"

namespace playground {

// One run of one mode of one demo. Parameter values are already validated
// against the scenario (see demos/scenario.hpp); demos may rely on ranges.
struct RunRequest {
  std::string mode;         // e.g. "serial", "threads", "pool", "coroutines"
  int threads = 1;          // worker count for thread modes (>= 1)
  bool gil = false;         // thread modes: hold the simulated GIL for CPU work
  nlohmann::json params = nlohmann::json::object();  // parameter values by name
  std::string input_csv;    // distance matrix: input CSV text (name,latitude,longitude)
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
  // At least: mode, threads, gil, wall_ms; plus the demo's own fields.
  nlohmann::json result = nlohmann::json::object();
  TextChunks output_csv;  // distance matrix output, empty for other demos
};

// Thrown for a request a demo cannot run (unknown mode, a mode this build
// lacks, bad input); the message names what and where.
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Demo {
 public:
  virtual ~Demo() = default;
  [[nodiscard]] virtual std::string_view id() const = 0;
  [[nodiscard]] virtual std::vector<std::string> modes() const = 0;
  // Runs one mode. Throws RunError for bad requests, Cancelled when cancelled.
  [[nodiscard]] virtual RunOutcome run(const RunRequest& request, RunContext& context) const = 0;
};

// Every demo the engine has, by id (demos/registry.cpp).
[[nodiscard]] const Demo* find_demo(std::string_view id);
[[nodiscard]] std::vector<const Demo*> all_demos();

}  // namespace playground
