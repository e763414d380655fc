#pragma once
// The CPU-bound lesson's `processes` mode: like Python's multiprocessing, the
// jobs go to children that share no memory with the parent. What the one
// parent driver of processes/ needs from this lesson: the jobs shared out,
// how a child runs its share, how their reports become the result.
//
// A child reports as it goes, one line each, so the parent times every event
// on its own clock the moment it arrives (no cross-process clocks):
//   share, parent → child:  job ID STEPS SEED (one line per job) / end
//   answer, child → parent: start ID / done ID CHECKSUM (per job)
// Every child runs exactly the steps the parent calibrated (one calibration,
// the serial workload), so the checksum is the serial mode's.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "lessons/cpu_bound/cpu_jobs.hpp"
#include "processes/work.hpp"

namespace playground::lessons::cpu_bound {

[[nodiscard]] const processes::ProcessesMode& in_processes();

// Job i goes to share i mod n, n = min(processes, jobs), at least 1.
[[nodiscard]] std::vector<std::vector<const CpuJob*>> share_cpu_jobs(const std::vector<CpuJob>& jobs, int processes);

// A child's share of the jobs, as text.
[[nodiscard]] std::string cpu_worker_request(const std::vector<const CpuJob*>& jobs);

// The child's side: runs the jobs of `share`, reporting each on `out`.
// Throws RunError for a bad share.
void serve_jobs(std::string_view share, std::FILE* out);

}  // namespace playground::lessons::cpu_bound
