#include "processes/worker_parent.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "core/thread_lane.hpp"
#include "lessons/cpu_bound/cpu_bound.hpp"
#include "lessons/cpu_bound/cpu_jobs.hpp"
#include "lessons/cpu_bound/cpu_processes.hpp"
#include "run/lesson_support.hpp"
#include "lessons/distance_matrix/distance_run.hpp"
#include "lessons/distance_matrix/process_plan.hpp"
#include "lessons/distance_matrix/process_worker.hpp"

namespace playground {

using nlohmann::json;
// The two lessons with a processes mode, whose shares, protocols and results
// this parent uses.
using namespace lessons::distance_matrix;
using namespace lessons::cpu_bound;

namespace {

// What the parent knows of one child, on the trace's clock (µs).
struct Child {
  LaneId lane = 0;
  std::string request;
  std::string output;
  int status = -1;
  bool closed = false;
  micros spawned_at = 0;
  micros ready_at = -1;      // its engine loaded: start-up is over
  micros received_at = -1;   // its first output: it has its request
  micros first_result_at = -1;
  micros done_at = -1;
  micros trace_mark = 0;     // cpu: where the lane's current span began
  // distance matrix: rows first_row … first_row + row_count - 1
  std::size_t first_row = 1;
  std::size_t row_count = 0;
  std::uint64_t pair_count = 0;
  // cpu-bound
  std::vector<const CpuJob*> jobs;
  std::map<int, micros> started_us;
  std::size_t parsed = 0;
  std::size_t done = 0;
};

}  // namespace

struct ProcessesRun::State {
  explicit State(ResolvedRequest resolved)
      : request(std::move(resolved)), trace(clock), context{.trace = &trace, .cancel = &cancel, .progress = &progress} {}

  ResolvedRequest request;
  SteadyClock clock;  // the run's time, for spans and for wall time
  TraceRecorder trace;
  CancelToken cancel;  // never cancelled: JS cancels by terminating the workers
  Progress progress;
  RunContext context;
  TraceCursor cursor;
  std::unique_ptr<ThreadLane> main_lane;
  std::vector<Child> children;
  std::string failure;  // the first child's error, thrown by finish()
  bool cpu = false;

  // distance matrix
  std::optional<DistanceRun> distance;
  // cpu-bound
  Stopwatch stopwatch;
  std::vector<CpuJob> jobs;
  std::optional<CpuJobResults> results;

  micros now() const { return clock.now_us(); }
  void record(const Child& child, SpanState state, micros start, micros end, std::string label, std::string_view site) {
    if (end > start) trace.record(child.lane, state, start, end, label, site);
  }
  Child& at(int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= children.size()) throw RunError("no such worker process");
    return children[static_cast<std::size_t>(index)];
  }

  json start_distance();
  json start_cpu();
  void distance_output(Child& child);
  void cpu_output(Child& child, int index);
  json finish_distance();
  json finish_cpu();
};

ProcessesRun::ProcessesRun(ResolvedRequest request) : state_(std::make_unique<State>(std::move(request))) {
  const std::string_view demo = state_->request.lesson->id();
  if (state_->request.run.mode != "processes") throw RunError("ProcessesRun is for mode processes only");
  if (demo == "cpu-bound") {
    state_->cpu = true;
  } else if (demo != "distance-matrix") {
    throw RunError("demo " + std::string(demo) + " has no processes mode");
  }
}

ProcessesRun::~ProcessesRun() = default;

json ProcessesRun::start() {
  State& s = *state_;
  s.main_lane = std::make_unique<ThreadLane>(&s.trace, add_lane(s.context, "main", LaneKind::thread));
  json started = s.cpu ? s.start_cpu() : s.start_distance();
  s.main_lane->set(SpanState::starting, "start " + std::to_string(s.children.size()) + " processes",
                   s.cpu ? "cpu.processes.spawn" : "distance.processes.spawn");
  json children = json::array();
  for (const Child& child : s.children) children.push_back({{"request", child.request}});
  started["children"] = std::move(children);
  return started;
}

void ProcessesRun::spawned(int index) {
  Child& child = state_->at(index);
  child.spawned_at = child.trace_mark = state_->now();
}

void ProcessesRun::ready(int index) {
  State& s = *state_;
  Child& child = s.at(index);
  child.ready_at = s.now();
  s.record(child, SpanState::starting, child.spawned_at, child.ready_at, s.cpu ? "starting process" : "start process",
           s.cpu ? "cpu.processes.start" : "distance.processes.start");
  child.trace_mark = child.ready_at;
  if (std::all_of(s.children.begin(), s.children.end(), [](const Child& c) { return c.ready_at >= 0; })) {
    s.main_lane->set(SpanState::idle, "wait for the processes", s.cpu ? "cpu.processes.wait" : "distance.processes.wait");
  }
}

void ProcessesRun::sent(int index, std::size_t bytes) {
  (void)state_->at(index);
  (void)bytes;  // the request's size is known from the request itself
}

void ProcessesRun::output(int index, std::string_view text) {
  State& s = *state_;
  Child& child = s.at(index);
  child.output.append(text);
  if (s.cpu) {
    s.cpu_output(child, index);
  } else {
    s.distance_output(child);
  }
}

void ProcessesRun::closed(int index, int status) {
  State& s = *state_;
  Child& child = s.at(index);
  child.closed = true;
  child.status = status;
  child.done_at = s.now();
  if (!s.cpu) {
    if (child.received_at < 0) child.received_at = child.done_at;
    if (child.first_result_at < 0) child.first_result_at = child.done_at;
    s.record(child, SpanState::waiting_on_io, child.first_result_at, child.done_at,
             "copy out " + std::to_string(child.pair_count) + " rows of output (" +
                 std::to_string(child.output.size()) + " bytes)",
             "distance.processes.copy-out");
  }
}

json ProcessesRun::finish() {
  State& s = *state_;
  for (std::size_t i = 0; i < s.children.size(); ++i) {
    if (!s.children[i].closed) throw RunError("worker process " + std::to_string(i + 1) + " has not finished");
  }
  if (!s.failure.empty()) throw RunError(s.failure);
  s.main_lane->set(SpanState::running, "collect the results", s.cpu ? "cpu.processes.collect" : "distance.processes.collect");
  json outcome = s.cpu ? s.finish_cpu() : s.finish_distance();
  s.main_lane.reset();
  return outcome;
}

json ProcessesRun::poll() {
  json lanes = json::array();
  for (const Lane& lane : state_->trace.lanes()) lanes.push_back(to_json(lane));
  json spans = json::array();
  for (const Span& span : state_->trace.read_new(state_->cursor)) spans.push_back(to_json(span));
  return {{"fraction", state_->progress.fraction()}, {"finished", false}, {"lanes", std::move(lanes)},
          {"spans", std::move(spans)}};
}

// ---- distance matrix: the same shares, protocol and result as lessons/distance_matrix/distance_processes.cpp

json ProcessesRun::State::start_distance() {
  const RunRequest& run_request = request.run;
  DistanceRun& run = distance.emplace(run_request, context);
  run.read_delay_us = scaled_delay_us(run_request, param_number(run_request, "read_delay_ms"));
  run.write_delay_us = scaled_delay_us(run_request, param_number(run_request, "write_delay_ms"));
  run.locations = parse_locations_csv(run_request.input_csv);
  run.row_text = RowTexts(run.locations.size());  // the children's rows are adopted
  add_progress_total(context, static_cast<std::int64_t>(run.pairs()));
  read_rows(run, "distance.processes.read");

  // Rows 1…n-1 shared as the native parent shares them (lessons/distance_matrix/process_plan.hpp).
  const std::size_t rows = run.rows();
  const int count = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(run_request.threads),
                                                          rows > 0 ? rows - 1 : 0));
  WorkerRequest share{.locations = run.locations};
  int k = 0;
  for (const RowShare& rows_share : split_rows(rows, count)) {
    Child& child = children.emplace_back();
    child.first_row = rows_share.first_row;
    child.row_count = rows_share.row_count;
    child.pair_count = rows_share.pair_count;
    share.first_row = child.first_row;
    share.row_count = child.row_count;
    child.lane = trace.add_lane("process " + std::to_string(++k), LaneKind::process);
    child.request = format_worker_request(share);
  }
  run.threads_used = count;
  return {{"protocol", "distance"}};
}

void ProcessesRun::State::distance_output(Child& child) {
  const micros now_us = now();
  if (child.received_at < 0) {
    // Its first output ("ready") is written once its request has arrived.
    child.received_at = now_us;
    record(child, SpanState::starting, child.ready_at, now_us,
           "copy in " + std::to_string(distance->locations.size()) + " locations (" +
               std::to_string(child.request.size()) + " bytes)",
           "distance.processes.copy-in");
  }
  if (child.first_result_at < 0 && child.output.size() > child.output.find('\n') + 1) {
    child.first_result_at = now_us;
    record(child, SpanState::running, child.received_at, now_us,
           "compute " + std::to_string(child.pair_count) + " pairs", "distance.processes.compute");
  }
}

json ProcessesRun::State::finish_distance() {
  DistanceRun& run = *distance;
  std::vector<ProcessCost> costs;
  for (std::size_t k = 0; k < children.size(); ++k) {
    Child& child = children[k];
    WorkerResponse response = parse_worker_response(child.output, child.first_row, child.row_count);
    if (child.status != 0) {
      throw RunError("worker process " + std::to_string(k + 1) + " exited with status " + std::to_string(child.status));
    }
    for (std::size_t r = 0; r < child.row_count; ++r) run.row_text.adopt(child.first_row + r, std::move(response.rows_text[r]));
    run.usage.add("process " + std::to_string(k + 1), response.compute_us);
    run.computed(static_cast<std::int64_t>(child.pair_count));
    costs.push_back({.share = {.first_row = child.first_row, .row_count = child.row_count, .pair_count = child.pair_count},
                     .started_at = child.spawned_at,
                     .ready_at = child.ready_at,
                     .sent_at = child.received_at,
                     .first_result_at = child.first_result_at,
                     .done_at = child.done_at,
                     .bytes_in = child.request.size(),
                     .bytes_out = child.output.size()});
  }
  write_rows(run, "distance.processes.write");

  // No kernel_ms / format_ms: the children did that work, not this process.
  run.computed_here = false;
  run.details["processes"] = process_costs_json(costs);
  json result = distance_result(run, now());
  // The CSV in one piece: it crosses to JavaScript inside this JSON answer.
  return {{"result", std::move(result)}, {"output_csv", run.output_csv.str()}};
}

// ---- cpu-bound: the same jobs, protocol and result as lessons/cpu_bound/cpu_processes.cpp and cpu_bound.cpp

json ProcessesRun::State::start_cpu() {
  jobs = cpu_jobs_of(request.run);
  add_progress_total(context, static_cast<std::int64_t>(jobs.size()));
  results.emplace(stopwatch, jobs.size(), &progress);

  // Shared out and written as the native parent does (lessons/cpu_bound/cpu_processes.hpp).
  std::vector<std::vector<const CpuJob*>> shares = share_cpu_jobs(jobs, request.run.threads);
  children.resize(shares.size());
  for (std::size_t i = 0; i < children.size(); ++i) {
    Child& child = children[i];
    child.jobs = std::move(shares[i]);
    child.lane = trace.add_lane("process " + std::to_string(i + 1), LaneKind::process);
    child.request = cpu_worker_request(child.jobs);
  }
  return {{"protocol", "cpu"}};
}

void ProcessesRun::State::cpu_output(Child& child, int index) {
  auto span = [&](SpanState state, std::string_view label, std::string_view site) {
    const micros now_us = now();
    record(child, state, child.trace_mark, now_us, std::string(label), site);
    child.trace_mark = now_us;
  };
  for (std::size_t end; (end = child.output.find('\n', child.parsed)) != std::string::npos; child.parsed = end + 1) {
    std::istringstream words(child.output.substr(child.parsed, end - child.parsed));
    std::string keyword;
    words >> keyword;
    if (keyword == "start") {
      int id = -1;
      words >> id;
      child.started_us[id] = results->now();
      if (child.done == 0) {
        span(SpanState::starting, "receiving its jobs", "cpu.processes.start");
      } else {
        span(SpanState::idle, "between jobs", "cpu.processes.compute");
      }
    } else if (keyword == "done") {
      int id = -1;
      unsigned long long checksum = 0;
      if (!(words >> id >> checksum) || id < 0 || static_cast<std::size_t>(id) >= jobs.size()) {
        if (failure.empty()) failure = "worker process " + std::to_string(index + 1) + " sent a garbled result";
        continue;
      }
      const CpuJob& job = jobs[static_cast<std::size_t>(id)];
      results->finished(job, child.started_us[id], checksum);
      span(SpanState::running, job.label(), "cpu.processes.compute");
      ++child.done;
    } else if (keyword == "error" && failure.empty()) {
      failure = "worker process " + std::to_string(index + 1) + ": " +
                child.output.substr(child.parsed + 6, end - child.parsed - 6);
    }
  }
}

json ProcessesRun::State::finish_cpu() {
  double startup_ms = 0;
  for (std::size_t i = 0; i < children.size(); ++i) {
    const Child& child = children[i];
    if (child.status != 0 || child.done != child.jobs.size()) {
      throw RunError("worker process " + std::to_string(i + 1) + " ended (status " + std::to_string(child.status) +
                     ") after " + std::to_string(child.done) + " of its " + std::to_string(child.jobs.size()) +
                     " jobs");
    }
    startup_ms = std::max(startup_ms, static_cast<double>(child.ready_at - child.spawned_at) / 1000.0);
  }
  json result = cpu_jobs_result(request.run, static_cast<int>(children.size()), stopwatch.elapsed_ms(), jobs, *results);
  result["startup_ms"] = startup_ms;
  return {{"result", std::move(result)}};
}

}  // namespace playground
