#include "lessons/cpu_bound/cpu_processes.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "lessons/cpu_bound/cpu_bound.hpp"

namespace playground::lessons::cpu_bound {

namespace {

std::vector<CpuJob> parse_jobs(std::string_view text) {
  std::istringstream lines{std::string(text)};
  std::string line;
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

// [excerpt cpu-bound.processes]
// The parent: share the jobs out (job i to process i mod n); as each child
// reports, draw its lane and record each job it finishes. The children
// compute the very jobs serial computes: same steps, same checksum.
class CpuWork final : public processes::ProcessWork {
 public:
  CpuWork(const RunRequest& request, RunContext& context)
      : request_(request), jobs_(cpu_jobs_of(request)), results_(stopwatch_, jobs_.size(), context.progress) {
    add_progress_total(context, static_cast<std::int64_t>(jobs_.size()));
  }

  std::vector<std::string> split(int processes) override {
    std::vector<std::string> texts;
    for (auto& share : share_cpu_jobs(jobs_, processes)) {
      texts.push_back(cpu_worker_request(share));
      children_.push_back({.jobs = std::move(share)});
    }
    return texts;
  }

  // "start ID" and "done ID CHECKSUM", as they arrive.
  void on_output(std::size_t k, const std::string& output, processes::ChildLane& lane) override {
    Child& child = children_[k];
    for (std::size_t end; (end = output.find('\n', child.parsed)) != std::string::npos; child.parsed = end + 1) {
      std::istringstream words(output.substr(child.parsed, end - child.parsed));
      std::string keyword;
      int id = -1;
      words >> keyword >> id;
      if (keyword == "start" && id >= 0) {
        child.started_us[id] = results_.now();
        if (child.done == 0) {
          lane.mark(SpanState::starting, "receiving its jobs", "cpu.processes.start");  // @site cpu.processes.start
        } else {
          lane.mark(SpanState::idle, "between jobs", "cpu.processes.compute");
        }
      } else if (unsigned long long checksum = 0;
                 keyword == "done" && (words >> checksum) && id >= 0 && static_cast<std::size_t>(id) < jobs_.size()) {
        const CpuJob& job = jobs_[static_cast<std::size_t>(id)];
        results_.finished(job, child.started_us[id], checksum);
        lane.mark(SpanState::running, job.label(), "cpu.processes.compute");  // @site cpu.processes.compute
        ++child.done;
      } else {
        throw RunError("worker process " + std::to_string(k + 1) + " sent \"" +
                       output.substr(child.parsed, std::min<std::size_t>(end - child.parsed, 60)) + "\"");
      }
    }
  }

  RunOutcome finish(const std::vector<processes::ChildRecord>& records) override {
    for (std::size_t k = 0; k < children_.size(); ++k) {
      if (children_[k].done != children_[k].jobs.size()) {
        throw RunError("worker process " + std::to_string(k + 1) + " ended after " + std::to_string(children_[k].done) +
                       " of its " + std::to_string(children_[k].jobs.size()) + " jobs");
      }
    }
    RunOutcome outcome;
    outcome.result =
        cpu_jobs_result(request_, static_cast<int>(children_.size()), stopwatch_.elapsed_ms(), jobs_, results_);
    outcome.result["startup_ms"] = processes::slowest_startup_ms(records);
    outcome.result["copy_in_ms"] = processes::slowest_copy_in_ms(records);
    return outcome;
  }

 private:
  struct Child {
    std::vector<const CpuJob*> jobs;
    std::map<int, micros> started_us{};
    std::size_t parsed = 0;  // how much of its output has been read
    std::size_t done = 0;
  };
  const RunRequest& request_;
  Stopwatch stopwatch_;
  std::vector<CpuJob> jobs_;
  CpuJobResults results_;
  std::vector<Child> children_;
};

// A child: runs its jobs one by one, saying when each starts and ends.
void run_jobs(std::string_view share, std::FILE* out) {
  for (const CpuJob& job : parse_jobs(share)) {
    std::fprintf(out, "start %d\n", job.id);
    std::fflush(out);
    const std::uint64_t checksum = cpu_steps(job.steps, job.seed);
    std::fprintf(out, "done %d %llu\n", job.id, static_cast<unsigned long long>(checksum));
    std::fflush(out);
  }
}
// [/excerpt]

class CpuProcesses final : public processes::ProcessesMode {
 public:
  CpuProcesses() : ProcessesMode("cpu.processes") {}
  std::unique_ptr<processes::ProcessWork> plan(const RunRequest& request, RunContext& context) const override {
    return std::make_unique<CpuWork>(request, context);
  }
  void serve(std::string_view share, std::FILE* out) const override { serve_jobs(share, out); }
};

}  // namespace

const processes::ProcessesMode& in_processes() {
  static const CpuProcesses mode;
  return mode;
}

std::vector<std::vector<const CpuJob*>> share_cpu_jobs(const std::vector<CpuJob>& jobs, int processes) {
  const int count = std::max(1, std::min(processes, static_cast<int>(jobs.size())));
  std::vector<std::vector<const CpuJob*>> shares(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < jobs.size(); ++i) shares[i % shares.size()].push_back(&jobs[i]);
  return shares;
}

std::string cpu_worker_request(const std::vector<const CpuJob*>& jobs) {
  std::string text;
  for (const CpuJob* job : jobs) {
    text +=
        "job " + std::to_string(job->id) + " " + std::to_string(job->steps) + " " + std::to_string(job->seed) + "\n";
  }
  return text + "end\n";
}

void serve_jobs(std::string_view share, std::FILE* out) { run_jobs(share, out); }

}  // namespace playground::lessons::cpu_bound
