#pragma once
// The parent side of the `processes` mode in the WebAssembly builds, where
// the "processes" are workers, each with its own single-build instance, that
// share no memory with the parent (web/src/engine/worker.js starts them).
//
// Natively the lessons start child processes and read their pipes
// (lessons/distance_matrix/distance_processes.cpp, lessons/cpu_bound/cpu_processes.cpp). Here JavaScript
// owns the workers, so the parent is driven by events instead: JS calls
// spawned / ready / sent / output / closed as they happen, and this class
// times them on the run's clock, draws the process lanes, and builds the same
// result as the native mode. The children speak the very same protocols
// (lessons/distance_matrix/process_worker.hpp, lessons/cpu_bound/cpu_processes.hpp), produced and parsed by
// the lessons' own functions.
//
// Runs on one thread (the parent worker), which it may block for the
// simulated I/O of the first and last stages.
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "run/request.hpp"
#include "run/trace_json.hpp"

namespace playground {

class ProcessesRun {
 public:
  // Throws RunError for a request whose demo has no processes mode here.
  explicit ProcessesRun(ResolvedRequest request);
  ~ProcessesRun();
  ProcessesRun(const ProcessesRun&) = delete;
  ProcessesRun& operator=(const ProcessesRun&) = delete;

  // The parent's first stage (distance matrix: read the input). Returns the
  // children to start: {"protocol": "distance" | "cpu",
  //                     "children": [{"request": TEXT}, ...]}.
  [[nodiscard]] nlohmann::json start();

  // A child's events, in the order they happen.
  void spawned(int child);                         // its worker is being created
  void ready(int child);                           // its engine has loaded
  void sent(int child, std::size_t bytes);         // its request was posted to it
  void output(int child, std::string_view text);   // what it wrote, as it arrives
  void closed(int child, int status);              // it ended with `status`

  // The parent's last stage (distance matrix: write the output) and the
  // outcome: {"result": ..., "output_csv": ...}. Throws RunError when a
  // child failed.
  [[nodiscard]] nlohmann::json finish();

  // Progress and spans since the last poll, as RunSession::poll().
  [[nodiscard]] nlohmann::json poll();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace playground
