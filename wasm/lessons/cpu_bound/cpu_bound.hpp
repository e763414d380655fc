#pragma once
// CPU-bound work: `jobs` jobs of work_ms milliseconds of computation each
// (measured on this machine, see core/cpu_work.hpp), and the lesson that
// only real parallelism speeds them up.
//
// Modes:
//   serial        the jobs one after the other on one thread
//   threads       the jobs on a pool of `threads` threads. With the simulated
//                 GIL on (request.gil), only the GIL's holder computes: ≈
//                 serial time. Off (real C++ threads): ≈ serial / cores.
//   coroutines    one task per job on one thread, taking turns every few
//                 milliseconds: they interleave but do not speed up
//   processes     the jobs spread over `threads` children that share no
//                 memory (child processes natively, Web Workers in
//                 WebAssembly), which get their jobs and send back their
//                 results as text: ≈ serial / cores, plus the cost of
//                 starting them (cpu_processes.hpp)
//   recursive-serial / recursive-coroutines
//                 fib(fib_n) as the sum over its call tree: every call a
//                 plain function call, or a co_awaited Task. Same answer,
//                 same calls; the coroutines pay a task switch per call.
//   iterative-serial / iterative-coroutines
//                 the same tree walked with a loop, plainly or inside one
//                 task: no task switches, so about the same time.
//   (Each fib mode is compared with its serial twin: compared_with in the
//   scenario.)
//
// Result fields besides mode/threads/gil/wall_ms:
//   job modes: jobs, work_ms (as run, after time_scale), steps_per_job,
//     checksum (the same in every mode: the same work was done), per_job
//     ([{job, start_ms, end_ms, ms}] from the run's start); for serial
//     achieved_ms_per_job (the median job's ms: what work_ms came to on one
//     core, which calibration makes work_ms ± 5 %); for threads
//     with the GIL gil_handoffs (times the GIL went to another thread); for
//     processes startup_ms (spawn → ready, the slowest worker: ~0 when the
//     engine's JavaScript started them before the run) and copy_in_ms
//     (ready → its jobs sent, the slowest worker).
//   fib modes: fib_n, value, calls, resumes (coroutine resumptions the loop
//     made), resumes_per_call, ns_per_call.
// Speed-up is for the caller to compute against the scenario's baseline.
#include <vector>

#include <nlohmann/json.hpp>

#include "lessons/cpu_bound/cpu_jobs.hpp"
#include "run/lesson.hpp"

namespace playground::lessons::cpu_bound {

[[nodiscard]] const Lesson& lesson();

// The request's jobs: `jobs` of them, work_ms (after time_scale) each. Also
// used by the processes mode too (cpu_processes.cpp).
[[nodiscard]] std::vector<CpuJob> cpu_jobs_of(const RunRequest& request);

// A job mode's result: mode, threads, gil, wall_ms and the job fields above
// (the mode's own extras are added by the caller).
[[nodiscard]] nlohmann::json cpu_jobs_result(const RunRequest& request, int threads, double wall_ms,
                                             const std::vector<CpuJob>& jobs, const CpuJobResults& results);

}  // namespace playground::lessons::cpu_bound
