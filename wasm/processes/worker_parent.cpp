#include "processes/worker_parent.hpp"

#include <optional>
#include <utility>

#include "core/cancel_token.hpp"
#include "core/thread_lane.hpp"
#include "processes/parent.hpp"
#include "run/trace_json.hpp"

namespace playground::processes {

using nlohmann::json;

struct ProcessesRun::State {
  explicit State(ResolvedRequest resolved)
      : request(with_heap_grown(std::move(resolved))),
        trace(clock),
        context{.trace = &trace, .cancel = &cancel, .progress = &progress} {}

  ResolvedRequest request;
  SteadyClock clock;  // the run's time, for spans and for wall time
  TraceRecorder trace;
  CancelToken cancel;  // never cancelled: JS cancels by terminating the workers
  Progress progress;
  RunContext context;
  TraceCursor cursor;
  std::optional<ThreadLane> main_lane;
  std::optional<ProcessesParent> parent;

  // The parent gathers every child's output: its heap is grown for that
  // (Lesson::grow_heap_for) before the run's clock starts.
  static ResolvedRequest with_heap_grown(ResolvedRequest resolved) {
    resolved.lesson->grow_heap_for(resolved.run);
    return resolved;
  }

  ProcessesParent& started() {
    if (!parent) throw RunError("the processes run has not started");
    return *parent;
  }
};

ProcessesRun::ProcessesRun(ResolvedRequest request) : state_(std::make_unique<State>(std::move(request))) {
  if (state_->request.run.mode != "processes") throw RunError("ProcessesRun is for mode processes only");
  if (state_->request.lesson->processes_mode() == nullptr) {
    throw RunError("lesson " + std::string(state_->request.lesson->id()) + " has no processes mode");
  }
}

ProcessesRun::~ProcessesRun() = default;

json ProcessesRun::start() {
  State& s = *state_;
  s.main_lane.emplace(&s.trace, s.trace.add_lane("main", LaneKind::thread));
  ProcessesParent& parent = s.parent.emplace(*s.request.lesson, s.request.run, s.context);
  s.main_lane->set(SpanState::starting, "start " + std::to_string(parent.size()) + " processes", parent.sites().spawn);
  json children = json::array();
  for (std::size_t k = 0; k < parent.size(); ++k) children.push_back({{"request", parent.request(k)}});
  return {{"protocol", std::string(s.request.lesson->id())}, {"children", std::move(children)}};
}

void ProcessesRun::spawned(int child) { state_->started().spawned(static_cast<std::size_t>(child)); }

void ProcessesRun::ready(int child) {
  ProcessesParent& parent = state_->started();
  parent.ready(static_cast<std::size_t>(child));
  bool all_ready = true;
  for (std::size_t k = 0; k < parent.size(); ++k) all_ready = all_ready && parent.has_said_ready(k);
  if (all_ready) state_->main_lane->set(SpanState::idle, "wait for the processes", parent.sites().wait);
}

void ProcessesRun::sent(int child, std::size_t) { state_->started().sent(static_cast<std::size_t>(child)); }

void ProcessesRun::output(int child, std::string_view text) {
  state_->started().output(static_cast<std::size_t>(child), text);
}

void ProcessesRun::closed(int child, int status) { state_->started().closed(static_cast<std::size_t>(child), status); }

json ProcessesRun::finish() {
  State& s = *state_;
  ProcessesParent& parent = s.started();
  s.main_lane->set(SpanState::running, "collect the results", parent.sites().collect);
  RunOutcome outcome = parent.finish();
  s.main_lane.reset();
  json answer = {{"result", std::move(outcome.result)}};
  // The CSV in one piece: it crosses to JavaScript inside this JSON answer.
  if (!outcome.output_csv.empty()) answer["output_csv"] = outcome.output_csv.str();
  return answer;
}

json ProcessesRun::poll() {
  json lanes = json::array();
  for (const Lane& lane : state_->trace.lanes()) lanes.push_back(to_json(lane));
  json spans = json::array();
  for (const Span& span : state_->trace.read_new(state_->cursor)) spans.push_back(to_json(span));
  // The messages to and from the children (processes/parent.cpp), on the same
  // lanes as the spans: the children keep no trace of their own.
  json edges = json::array();
  for (const Edge& edge : state_->trace.read_new_edges(state_->cursor)) edges.push_back(to_json(edge));
  return {{"fraction", state_->progress.fraction()},
          {"finished", false},
          {"lanes", std::move(lanes)},
          {"spans", std::move(spans)},
          {"edges", std::move(edges)}};
}

}  // namespace playground::processes
