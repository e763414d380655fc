#pragma once
// The processes parent as the WebAssembly builds drive it: their children
// are Web Workers, each with its own engine instance, started by the
// engine's JavaScript (web/src/engine/processes.ts), which reports what they
// do as it happens. The parent itself is the one driver of every processes
// mode (processes/parent.hpp); this adds the run's own trace, progress and
// the JSON that JavaScript reads.
//
// Runs on one thread (the parent worker), which it may block for the
// simulated I/O of a lesson's first and last stages.
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "run/request.hpp"

namespace playground::processes {

class ProcessesRun {
 public:
  // Throws RunError for a request that is not a processes-mode run.
  explicit ProcessesRun(ResolvedRequest request);
  ~ProcessesRun();
  ProcessesRun(const ProcessesRun&) = delete;
  ProcessesRun& operator=(const ProcessesRun&) = delete;

  // The lesson's first stage, then the children to start:
  // {"protocol": LESSON, "children": [{"request": TEXT}, ...]}.
  [[nodiscard]] nlohmann::json start();

  // A child's events, in the order they happen.
  void spawned(int child);                        // its worker is being created
  void ready(int child);                          // its engine has loaded
  void sent(int child, std::size_t bytes);        // its request was posted to it
  void output(int child, std::string_view text);  // what it wrote, as it arrives
  void closed(int child, int status);             // it ended with `status`

  // The lesson's last stage and the outcome: {"result": ..., "output_csv": ...}.
  // Throws RunError when a child failed.
  [[nodiscard]] nlohmann::json finish();

  // Progress, spans and causal edges since the last poll, as RunSession::poll().
  [[nodiscard]] nlohmann::json poll();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace playground::processes
