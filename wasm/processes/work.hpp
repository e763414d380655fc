#pragma once
// What a lesson supplies for its `processes` mode, and nothing more: how to
// split its work into shares, how a child computes one share, and how the
// children's answers become the run's result. Starting the children, copying
// each its share, timing and drawing them is the one parent driver's job
// (processes/parent.hpp), natively with child processes and in WebAssembly
// with Web Workers.
//
// Like Python's multiprocessing, a child shares no memory with its parent:
// its share travels to it as text, its answer comes back as text (the
// protocol: processes/protocol.hpp).
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/trace.hpp"
#include "run/lesson.hpp"

namespace playground::processes {

// One child as the parent saw it, every time on the parent's run clock (µs).
struct ChildRecord {
  LaneId lane = 0;
  std::string request;          // what it was sent: the protocol header and its share
  std::string output;           // what it wrote after its "ready" line
  int status = -1;              // its exit status (0: it served its share)
  micros spawned_at = 0;        // it was being started
  micros ready_at = -1;         // it said it was ready: start-up is over
  micros sent_at = -1;          // its share had been copied to it
  micros first_output_at = -1;  // its first answer arrived
  micros closed_at = -1;        // its output ended
};

// Draws one child's lane as its answers arrive: each mark() ends the span
// that began at the previous mark (or when its share was sent). A child that
// times its own work reports spans instead, and span() draws each where it
// happened, between the marks, in any order, leaving the gaps empty.
class ChildLane {
 public:
  virtual ~ChildLane() = default;
  virtual void mark(SpanState state, std::string label, std::string_view site) = 0;
  // A span the child measured: from `from_us` to `to_us` on its own clock,
  // which starts when it gets its share. The parent places it from the
  // moment it sent that share: lengths are the child's own, exact; positions
  // are early by the share's delivery (µs through a pipe, about a ms between
  // Web Workers), so a span never lands after the answer that reports it.
  virtual void span(SpanState state, micros from_us, micros to_us, std::string label, std::string_view site) = 0;
  [[nodiscard]] virtual micros now() const = 0;
};

// One run's work, on the parent's side. Made by ProcessesMode::plan, used
// by one thread.
class ProcessWork {
 public:
  virtual ~ProcessWork() = default;
  // The shares for at most `processes` children (at least one): the text
  // each child's ProcessesMode::serve receives.
  [[nodiscard]] virtual std::vector<std::string> split(int processes) = 0;
  // Child `k` wrote more: `output` is everything it wrote so far (after its
  // "ready" line). Marks spans on its lane; throws RunError for nonsense.
  virtual void on_output(std::size_t k, const std::string& output, ChildLane& lane) = 0;
  // Child `k`'s output ended (before finish).
  virtual void on_closed(std::size_t k, const std::string& output, ChildLane& lane) {
    (void)k, (void)output, (void)lane;
  }
  // Every child served its share: their answers become the run's outcome.
  // Throws RunError naming a child whose answer is incomplete.
  [[nodiscard]] virtual RunOutcome finish(const std::vector<ChildRecord>& children) = 0;
};

// Where the parent's own spans point in the lesson's code: "<prefix>.spawn"
// and so on. Spans keep a view of their site, so these live as long as the
// lesson's ProcessesMode (for the whole program).
struct ProcessSites {
  explicit ProcessSites(std::string_view prefix)
      : spawn(std::string(prefix) + ".spawn"),
        start(std::string(prefix) + ".start"),
        copy_in(std::string(prefix) + ".copy-in"),
        wait(std::string(prefix) + ".wait"),
        collect(std::string(prefix) + ".collect") {}
  std::string spawn, start, copy_in, wait, collect;
};

// A lesson's processes mode (Lesson::processes_mode): one object for the
// whole program.
class ProcessesMode {
 public:
  // `site_prefix` names the lesson's processes code ("cpu.processes").
  explicit ProcessesMode(std::string_view site_prefix) : sites_(site_prefix) {}
  virtual ~ProcessesMode() = default;
  ProcessesMode(const ProcessesMode&) = delete;
  ProcessesMode& operator=(const ProcessesMode&) = delete;
  // Parent: the work of the run `request` asks for; may run the lesson's
  // first stage (the distance matrix reads its input here).
  [[nodiscard]] virtual std::unique_ptr<ProcessWork> plan(const RunRequest& request, RunContext& context) const = 0;
  // Child: computes one share and writes its answer to `out`, flushing
  // after each line the parent should time. Throws RunError for a bad share.
  virtual void serve(std::string_view share, std::FILE* out) const = 0;
  [[nodiscard]] const ProcessSites& sites() const { return sites_; }

 private:
  ProcessSites sites_;
};

// The result's "processes" list, one entry per child: [{startup_ms,
// copy_in_ms, copy_out_ms, bytes_in, bytes_out}, ...] (copy out: from its
// first answer to the end of its output).
[[nodiscard]] nlohmann::json costs_json(const std::vector<ChildRecord>& children);
// The slowest child's start-up (spawned → ready), in ms: ~0 for children
// started before the run (a pool kept warm between runs).
[[nodiscard]] double slowest_startup_ms(const std::vector<ChildRecord>& children);
// The slowest child's copy of its share (ready → sent), in ms.
[[nodiscard]] double slowest_copy_in_ms(const std::vector<ChildRecord>& children);

}  // namespace playground::processes
