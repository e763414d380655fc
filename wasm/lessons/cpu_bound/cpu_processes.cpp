#include "lessons/cpu_bound/cpu_processes.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <exception>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "processes/child_process.hpp"

#if !defined(__EMSCRIPTEN__)
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#endif

namespace playground::lessons::cpu_bound {

namespace {

constexpr std::string_view kMagic = "playground-cpu-worker 1";

std::string read_all(std::FILE* in) {
  std::string text;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, in)) > 0) text.append(buffer, got);
  return text;
}

std::vector<CpuJob> parse_jobs(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  if (!std::getline(lines, line) || line != kMagic) throw RunError("cpu worker: expected \"" + std::string(kMagic) + "\"");
  std::vector<CpuJob> jobs;
  while (std::getline(lines, line)) {
    if (line == "end") return jobs;
    std::istringstream words(line);
    std::string keyword;
    CpuJob job;
    if (!(words >> keyword >> job.id >> job.steps >> job.seed) || keyword != "job") {
      throw RunError("cpu worker: bad job line \"" + line + "\"");
    }
    jobs.push_back(job);
  }
  throw RunError("cpu worker: request ended before \"end\"");
}

// Before main(): a program started as a CPU worker serves its jobs and exits.
// (Static initialisation of this file runs whenever the engine library's
// cpu-bound demo is linked in, which every front end does through the registry.)
const bool become_worker_if_asked = [] {
  const char* flag = std::getenv(kCpuWorkerEnvVar);
  if (flag != nullptr && std::string_view(flag) == "1") std::exit(run_cpu_worker(stdin, stdout));
  return false;
}();

}  // namespace

int run_cpu_worker(std::FILE* in, std::FILE* out) {
  // "ready" first: the parent times start-up as spawn → this line.
  std::fputs("ready\n", out);
  std::fflush(out);
  try {
    for (const CpuJob& job : parse_jobs(read_all(in))) {
      std::fprintf(out, "start %d\n", job.id);
      std::fflush(out);
      const std::uint64_t checksum = cpu_steps(job.steps, job.seed);
      std::fprintf(out, "done %d %llu\n", job.id, static_cast<unsigned long long>(checksum));
      std::fflush(out);
    }
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(out, "error %s\n", error.what());
    std::fflush(out);
    return 1;
  }
}

std::vector<std::vector<const CpuJob*>> share_cpu_jobs(const std::vector<CpuJob>& jobs, int processes) {
  const int count = std::max(1, std::min(processes, static_cast<int>(jobs.size())));
  std::vector<std::vector<const CpuJob*>> shares(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < jobs.size(); ++i) shares[i % shares.size()].push_back(&jobs[i]);
  return shares;
}

std::string cpu_worker_request(const std::vector<const CpuJob*>& jobs) {
  std::string text = std::string(kMagic) + "\n";
  for (const CpuJob* job : jobs) {
    text += "job " + std::to_string(job->id) + " " + std::to_string(job->steps) + " " + std::to_string(job->seed) + "\n";
  }
  return text + "end\n";
}

#if defined(__EMSCRIPTEN__)

ProcessRunStats compute_in_processes(const std::vector<CpuJob>&, int, CpuJobResults&, RunContext&) {
  throw RunError("mode processes cannot start processes in this build: in WebAssembly they run as Web Workers, "
                 "from JavaScript");
}

#else

namespace {

// One child process and what the parent has heard from it so far.
struct Worker {
  std::optional<ChildProcess> child;  // optional: started after the Worker is made
  LaneId lane = 0;
  std::vector<const CpuJob*> jobs;
  micros spawned_us = 0;        // on the run's stopwatch
  micros ready_us = -1;
  micros trace_mark = 0;        // on the trace's clock: when the current span began
  std::map<int, micros> started_us;
  std::size_t parsed = 0;       // how much of child.output() has been handled
  std::size_t done = 0;
};

// Wakes a poll() when the run is cancelled: the token writes a byte here.
class CancelPipe {
 public:
  CancelPipe() {
    if (::pipe2(fds_, O_CLOEXEC | O_NONBLOCK) != 0) throw RunError("cannot create a pipe for cancellation");
  }
  ~CancelPipe() {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  CancelPipe(const CancelPipe&) = delete;
  CancelPipe& operator=(const CancelPipe&) = delete;
  void signal() const noexcept { [[maybe_unused]] const auto n = ::write(fds_[1], "x", 1); }
  [[nodiscard]] int read_fd() const { return fds_[0]; }

 private:
  int fds_[2] = {-1, -1};
};

// Closes the worker's current span on its lane: from the last event to now.
void trace_span(RunContext& context, Worker& worker, SpanState state, std::string_view label,
                std::string_view site) {
  if (context.trace == nullptr) return;
  const micros now = context.trace->now();
  if (now > worker.trace_mark) context.trace->record(worker.lane, state, worker.trace_mark, now, label, site);
  worker.trace_mark = now;
}

// Handles every complete line the child has sent since last time.
void handle_lines(Worker& worker, int index, const std::vector<CpuJob>& jobs, CpuJobResults& results,
                  RunContext& context) {
  const std::string& output = worker.child->output();
  for (std::size_t end; (end = output.find('\n', worker.parsed)) != std::string::npos; worker.parsed = end + 1) {
    std::istringstream words(output.substr(worker.parsed, end - worker.parsed));
    std::string keyword;
    words >> keyword;
    if (keyword == "ready") {
      worker.ready_us = results.now();
      trace_span(context, worker, SpanState::starting, "starting process", "cpu.processes.start");
    } else if (keyword == "start") {
      int id = -1;
      words >> id;
      worker.started_us[id] = results.now();
      if (worker.done == 0) {
        trace_span(context, worker, SpanState::starting, "receiving its jobs", "cpu.processes.start");
      } else {
        trace_span(context, worker, SpanState::idle, "between jobs", "cpu.processes.compute");
      }
    } else if (keyword == "done") {
      int id = -1;
      unsigned long long checksum = 0;
      if (!(words >> id >> checksum) || id < 0 || static_cast<std::size_t>(id) >= jobs.size()) {
        throw RunError("worker process " + std::to_string(index + 1) + " sent a garbled result");
      }
      const CpuJob& job = jobs[static_cast<std::size_t>(id)];
      results.finished(job, worker.started_us[id], checksum);
      trace_span(context, worker, SpanState::running, job.label(), "cpu.processes.compute");
      ++worker.done;
    } else if (keyword == "error") {
      throw RunError("worker process " + std::to_string(index + 1) + ": " + output.substr(worker.parsed + 6, end - worker.parsed - 6));
    }
  }
}

}  // namespace

ProcessRunStats compute_in_processes(const std::vector<CpuJob>& jobs, int processes, CpuJobResults& results,
                                     RunContext& context) {
  const std::string program = current_executable();
  std::vector<std::vector<const CpuJob*>> shares = share_cpu_jobs(jobs, processes);
  std::vector<Worker> workers(shares.size());
  for (std::size_t i = 0; i < shares.size(); ++i) workers[i].jobs = std::move(shares[i]);

  // [excerpt cpu-bound.processes]
  // Start every worker process, then copy each its share of the jobs: they
  // share no memory with us, so everything goes through their pipes.
  for (std::size_t i = 0; i < workers.size(); ++i) {
    Worker& worker = workers[i];
    worker.lane = add_lane(context, "process " + std::to_string(i + 1), LaneKind::process);
    worker.trace_mark = context.trace ? context.trace->now() : 0;
    worker.spawned_us = results.now();
    // @site cpu.processes.start
    worker.child.emplace(ChildProcess::spawn(program, {"playground-cpu-worker"}, {std::string(kCpuWorkerEnvVar) + "=1"}));
  }
  for (Worker& worker : workers) {
    worker.child->write_all(cpu_worker_request(worker.jobs));
    worker.child->close_stdin();
  }
  // Then collect what they report, as it arrives, until every pipe is closed.
  CancelPipe wake;
  CancelRegistration on_cancel(context.cancel, [&wake] { wake.signal(); });
  for (;;) {
    std::vector<pollfd> fds{{wake.read_fd(), POLLIN, 0}};
    std::vector<std::size_t> owners;
    for (std::size_t i = 0; i < workers.size(); ++i) {
      if (workers[i].child->stdout_fd() < 0) continue;
      fds.push_back({workers[i].child->stdout_fd(), POLLIN, 0});
      owners.push_back(i);
    }
    if (owners.empty()) break;
    if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) throw RunError("poll failed");
    if (context.cancel != nullptr) context.cancel->throw_if_cancelled();  // ~ChildProcess kills and reaps
    for (std::size_t k = 0; k < owners.size(); ++k) {
      if (fds[k + 1].revents == 0) continue;
      Worker& worker = workers[owners[k]];
      worker.child->read_available();
      handle_lines(worker, static_cast<int>(owners[k]), jobs, results, context);  // @site cpu.processes.compute
    }
  }
  // [/excerpt]

  ProcessRunStats stats{.processes = static_cast<int>(workers.size())};
  for (std::size_t i = 0; i < workers.size(); ++i) {
    Worker& worker = workers[i];
    const int status = worker.child->wait();
    if (status != 0 || worker.done != worker.jobs.size()) {
      throw RunError("worker process " + std::to_string(i + 1) + " ended (status " + std::to_string(status) +
                     ") after " + std::to_string(worker.done) + " of its " + std::to_string(worker.jobs.size()) +
                     " jobs");
    }
    stats.startup_ms = std::max(stats.startup_ms, static_cast<double>(worker.ready_us - worker.spawned_us) / 1000.0);
  }
  return stats;
}

#endif

}  // namespace playground::lessons::cpu_bound
