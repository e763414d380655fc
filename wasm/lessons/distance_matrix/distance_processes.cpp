// The distance matrix in child processes, as Python's multiprocessing does
// it: each worker is a separate program (this one, re-run as
// `playground worker`) that shares no memory with us. Its share of the work
// is copied to it through a pipe; its rows of output (the distances, as
// text) come back through another.
// Starting the processes and copying the data is the price of running in
// parallel this way, and the trace shows it on each process's lane.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "lessons/distance_matrix/distance_run.hpp"

#if !defined(__EMSCRIPTEN__)

#include <poll.h>

#include "core/thread_lane.hpp"
#include "processes/child_process.hpp"
#include "lessons/distance_matrix/process_plan.hpp"
#include "lessons/distance_matrix/process_worker.hpp"

namespace playground::lessons::distance_matrix {

namespace {

// One worker process and what it has been through, in run time (µs).
struct Worker {
  ChildProcess process;
  LaneId lane = 0;
  std::size_t first_row = 1;  // its share: rows first_row … first_row + row_count - 1
  std::size_t row_count = 0;
  std::uint64_t pair_count = 0;
  micros started_at = 0;  // just before it was spawned
  micros ready_at = -1;   // its "ready" line arrived: start-up is over
  micros sent_at = -1;    // its share is copied in
  micros first_result_at = -1;
  micros done_at = -1;    // its output has ended
  std::size_t bytes_in = 0;
};

void record(const DistanceRun& run, const Worker& worker, SpanState state, micros start, micros end,
            std::string label, std::string_view site) {
  if (run.context.trace != nullptr && end > start) run.context.trace->record(worker.lane, state, start, end, label, site);
}

// The shares of lessons/distance_matrix/process_plan.hpp, one lane each.
std::vector<Worker> plan_shares(DistanceRun& run, int count) {
  std::vector<Worker> workers(static_cast<std::size_t>(count));
  const std::vector<RowShare> shares = split_rows(run.rows(), count);
  for (int k = 0; k < count; ++k) {
    Worker& worker = workers[static_cast<std::size_t>(k)];
    const RowShare& share = shares[static_cast<std::size_t>(k)];
    worker.first_row = share.first_row;
    worker.row_count = share.row_count;
    worker.pair_count = share.pair_count;
    if (run.context.trace != nullptr) {
      worker.lane = run.context.trace->add_lane("process " + std::to_string(k + 1), LaneKind::process);
    }
  }
  return workers;
}

void start_worker(DistanceRun& run, Worker& worker) {
  worker.started_at = run.now();
  worker.process = ChildProcess::spawn(current_executable(), {"playground", "worker"},
                                       {std::string(kWorkerEnvVar) + "=1"});
}

// Copies the worker's share in: every location (any pair may need any of
// them) and the range of pairs it computes.
void send_share(DistanceRun& run, Worker& worker, const WorkerRequest& all_locations) {
  WorkerRequest share = all_locations;
  share.first_row = worker.first_row;
  share.row_count = worker.row_count;
  const std::string text = format_worker_request(share);
  worker.process.write_all(text);
  worker.process.close_stdin();
  worker.bytes_in = text.size();
  worker.sent_at = run.now();
  record(run, worker, SpanState::starting, worker.ready_at, worker.sent_at,
         "copy in " + std::to_string(share.locations.size()) + " locations (" + std::to_string(text.size()) + " bytes)",
         "distance.processes.copy-in");
}

// Reads what `worker` has written; notes when it became ready, started
// answering and finished.
void on_readable(DistanceRun& run, Worker& worker, const WorkerRequest& all_locations) {
  const bool open = worker.process.read_available();
  const micros now = run.now();
  const std::string& output = worker.process.output();
  if (worker.ready_at < 0 && output.find('\n') != std::string::npos) {
    worker.ready_at = now;
    record(run, worker, SpanState::starting, worker.started_at, now, "start process", "distance.processes.start");
    send_share(run, worker, all_locations);
  } else if (worker.ready_at >= 0 && worker.first_result_at < 0 && output.size() > output.find('\n') + 1) {
    worker.first_result_at = now;
    record(run, worker, SpanState::running, worker.sent_at, now,
           "compute " + std::to_string(worker.pair_count) + " pairs", "distance.processes.compute");
  }
  if (!open) {
    worker.done_at = now;
    if (worker.first_result_at < 0) worker.first_result_at = now;
    record(run, worker, SpanState::waiting_on_io, worker.first_result_at, now,
           "copy out " + std::to_string(worker.pair_count) + " rows of output (" + std::to_string(output.size()) + " bytes)",
           "distance.processes.copy-out");
  }
}

// Waits (without spinning) until some worker has output, for at most 20 ms
// so that cancellation is noticed quickly.
void wait_for_output(DistanceRun& run, std::vector<Worker>& workers, const WorkerRequest& all_locations) {
  std::vector<pollfd> fds;
  std::vector<Worker*> owners;
  for (Worker& worker : workers) {
    if (worker.process.stdout_fd() >= 0) {
      fds.push_back({.fd = worker.process.stdout_fd(), .events = POLLIN, .revents = 0});
      owners.push_back(&worker);
    }
  }
  if (::poll(fds.data(), fds.size(), 20) <= 0) return;
  for (std::size_t k = 0; k < fds.size(); ++k) {
    if (fds[k].revents != 0) on_readable(run, *owners[k], all_locations);
  }
}

bool any_running(const std::vector<Worker>& workers) {
  return std::any_of(workers.begin(), workers.end(), [](const Worker& w) { return w.process.stdout_fd() >= 0; });
}

// Checks how the worker ended and takes its rows' lines for the write stage.
void collect(DistanceRun& run, Worker& worker, int index) {
  const int status = worker.process.wait();
  WorkerResponse response = parse_worker_response(worker.process.output(), worker.first_row, worker.row_count);
  if (status != 0) throw RunError("worker process " + std::to_string(index + 1) + " exited with status " + std::to_string(status));
  for (std::size_t k = 0; k < worker.row_count; ++k) run.row_text.adopt(worker.first_row + k, std::move(response.rows_text[k]));
  run.usage.add("process " + std::to_string(index + 1), response.compute_us);
  run.computed(static_cast<std::int64_t>(worker.pair_count));
}

nlohmann::json costs_json(const std::vector<Worker>& workers) {
  std::vector<ProcessCost> costs;
  for (const Worker& w : workers) {
    costs.push_back({.share = {.first_row = w.first_row, .row_count = w.row_count, .pair_count = w.pair_count},
                     .started_at = w.started_at,
                     .ready_at = w.ready_at,
                     .sent_at = w.sent_at,
                     .first_result_at = w.first_result_at,
                     .done_at = w.done_at,
                     .bytes_in = w.bytes_in,
                     .bytes_out = w.process.output().size()});
  }
  return process_costs_json(costs);
}

}  // namespace

// [excerpt distance-matrix.processes]
// N worker processes, each given a share of the pairs. They start in
// parallel; as each says "ready" it gets its share copied in, computes it
// on its own, and copies its distances back out. Nothing is shared.
void run_processes(DistanceRun& run) {
  read_rows(run, "distance.processes.read");
  const int count = static_cast<int>(std::min<std::size_t>(run.request.threads, run.rows() - 1));  // rows 1…n-1
  std::vector<Worker> workers = plan_shares(run, count);
  const WorkerRequest all_locations{.locations = run.locations};
  {
    LaneState starting(SpanState::starting, "start " + std::to_string(count) + " processes", "distance.processes.spawn");
    for (Worker& worker : workers) start_worker(run, worker);
  }
  {
    LaneState waiting(SpanState::idle, "wait for the processes", "distance.processes.wait");
    while (any_running(workers)) {
      run.check_cancelled();  // leaving kills and reaps every worker (~ChildProcess)
      wait_for_output(run, workers, all_locations);
    }
  }
  for (int k = 0; k < count; ++k) collect(run, workers[static_cast<std::size_t>(k)], k);
  write_rows(run, "distance.processes.write");
  run.threads_used = count;
  run.computed_here = false;
  run.details["processes"] = costs_json(workers);
}
// [/excerpt]

}  // namespace playground::lessons::distance_matrix

#else

namespace playground::lessons::distance_matrix {

void run_processes(DistanceRun&) {
  throw RunError(
      "mode processes runs as Web Workers from JavaScript in the WebAssembly builds (the engine API starts them); "
      "the engine itself cannot start processes here");
}

}  // namespace playground::lessons::distance_matrix

#endif
