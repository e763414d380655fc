#pragma once
// The one parent driver of every processes mode. It is told what happens to
// the children as it happens (spawned, ready, sent, output, closed), times
// each event on the run's clock, draws each child's lane (start-up and the
// copy of its share here; the lesson marks the rest as the answers arrive)
// and, when all are done, has the lesson turn their answers into the result.
//
// Who starts the children and carries their bytes is the caller's business:
// natively run_in_child_processes() (child processes and pipes, below);
// in WebAssembly the engine's JavaScript, through ProcessesRun
// (processes/worker_parent.hpp), with Web Workers.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "processes/work.hpp"
#include "run/lesson.hpp"

namespace playground::processes {

class ProcessesParent {
 public:
  // Plans the run with the lesson's processes mode (its first stage runs
  // here) and splits the work into children, each with a lane.
  ProcessesParent(const Lesson& lesson, const RunRequest& request, RunContext& context);
  ~ProcessesParent();
  ProcessesParent(const ProcessesParent&) = delete;
  ProcessesParent& operator=(const ProcessesParent&) = delete;

  [[nodiscard]] std::size_t size() const { return children_.size(); }
  // What child `k` must be sent: the protocol's header and its share.
  [[nodiscard]] const std::string& request(std::size_t k) const { return at(k).request; }
  [[nodiscard]] const ProcessSites& sites() const { return mode_.sites(); }

  // The children's events, in the order they happen to each child.
  void spawned(std::size_t k);                        // it is being started
  void ready(std::size_t k);                          // it said "ready" (or its engine loaded)
  void sent(std::size_t k);                           // its request has been copied to it
  void output(std::size_t k, std::string_view text);  // it wrote `text`, as it arrives
  void closed(std::size_t k, int status);             // it ended with exit status `status`

  [[nodiscard]] bool has_said_ready(std::size_t k) const { return at(k).ready_at >= 0; }
  [[nodiscard]] bool all_closed() const;

  // After every child closed: the run's outcome, from the lesson. Throws
  // RunError with a failed child's own message, or naming its exit status.
  [[nodiscard]] RunOutcome finish();

 private:
  class Lane;
  [[nodiscard]] micros now() const;
  [[nodiscard]] const ChildRecord& at(std::size_t k) const;
  [[nodiscard]] ChildRecord& at(std::size_t k);

  const ProcessesMode& mode_;
  const RunRequest request_;  // the work refers to it: it lives as long as the parent
  RunContext& context_;
  SteadyClock own_clock_;  // the run's clock when it is not traced
  std::unique_ptr<ProcessWork> work_;
  std::vector<ChildRecord> children_;
  std::vector<std::string> first_line_;  // a child's first line, until it is whole
  std::vector<bool> past_first_line_;
  std::vector<micros> marks_;  // where each lane's next span begins
};

// Natively: runs the lesson's processes mode in child processes (copies of
// this program), one per share, to its outcome. Throws Cancelled when the
// run is cancelled (every child is killed and reaped first), RunError when
// a child fails, and RunError in WebAssembly, where the engine's JavaScript
// starts Web Workers instead.
[[nodiscard]] RunOutcome run_in_child_processes(const Lesson& lesson, const RunRequest& request, RunContext& context);

}  // namespace playground::processes
