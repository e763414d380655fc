#pragma once
// The CPU-bound demo's `processes` mode, natively: like Python's
// multiprocessing, the jobs go to child processes that share no memory with
// us. Each child is a copy of this very program (ChildProcess, from
// processes/child_process.hpp); its jobs are written to its stdin and its results
// read from its stdout.
//
// The child reports as it goes, one line each, so the parent times every
// event on its own clock the moment it arrives (no cross-process clocks):
//   parent → child:  playground-cpu-worker 1 / job ID STEPS SEED ... / end
//   child → parent:  ready / start ID / done ID CHECKSUM ... (or error MESSAGE)
//
// A program becomes a CPU worker when started with PLAYGROUND_CPU_WORKER=1 in
// its environment: a check that runs before main() (in cpu_processes.cpp),
// so the CLI and the test binary both can serve as workers, whatever their
// command lines accept.
#include <cstdio>
#include <string>
#include <vector>

#include "lessons/cpu_bound/cpu_jobs.hpp"
#include "run/lesson.hpp"

namespace playground::lessons::cpu_bound {

inline constexpr const char* kCpuWorkerEnvVar = "PLAYGROUND_CPU_WORKER";

struct ProcessRunStats {
  int processes = 0;       // children started
  double startup_ms = 0;   // the slowest child's spawn → "ready"
};

// Runs `jobs` on min(processes, jobs) child processes (job i goes to child
// i mod n), recording each job in `results` and each child's lane in the
// trace (starting, then running per job). Throws Cancelled when cancelled
// (the children are killed and reaped), RunError when a child fails or in a
// build without processes.
ProcessRunStats compute_in_processes(const std::vector<CpuJob>& jobs, int processes, CpuJobResults& results,
                                     RunContext& context);

// The parent's side, in every build (the WebAssembly parent's children are
// Workers): job i goes to share i mod n, n = min(processes, jobs), at least 1.
[[nodiscard]] std::vector<std::vector<const CpuJob*>> share_cpu_jobs(const std::vector<CpuJob>& jobs, int processes);

// What the parent writes to a worker: its share of the jobs, in the protocol above.
[[nodiscard]] std::string cpu_worker_request(const std::vector<const CpuJob*>& jobs);

// The child's side: reads the jobs from `in`, reports on `out`. Returns the
// exit status (0, or 1 after an "error" line).
int run_cpu_worker(std::FILE* in, std::FILE* out);

}  // namespace playground::lessons::cpu_bound
