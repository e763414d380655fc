#pragma once
// The jobs of the CPU-bound demo and what became of them, shared by all its
// modes (serial, threads, coroutines, processes) so each mode's code is only
// the part that differs: how the jobs are spread out.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cpu_work.hpp"
#include "run/lesson.hpp"
#include "run/lesson_support.hpp"

namespace playground::lessons::cpu_bound {

struct CpuJob {
  int id = 0;               // 0-based; shown to the reader as "job id+1"
  std::uint64_t steps = 0;  // cpu_steps to run
  std::uint64_t seed = 0;   // where its chain of steps starts: each job differs
  [[nodiscard]] std::string label() const { return "job " + std::to_string(id + 1); }
};

// `count` jobs of `steps` steps each, seeded 1, 2, 3, ...
[[nodiscard]] std::vector<CpuJob> make_cpu_jobs(int count, std::uint64_t steps);

// When each job ran and what it computed. Thread-safe.
class CpuJobResults {
 public:
  CpuJobResults(const Stopwatch& stopwatch, std::size_t jobs, Progress* progress)
      : log_(stopwatch, jobs, progress), checksums_(jobs) {}

  [[nodiscard]] micros now() const { return log_.now(); }

  // `job` started at `start_us` (from now()), finishes now with `checksum`.
  void finished(const CpuJob& job, micros start_us, std::uint64_t checksum);

  // The jobs' checksums combined in an order-independent way (xor): every
  // mode that did all the work gets the same number.
  [[nodiscard]] std::uint64_t checksum() const;
  // The median job's time from its start to its end (ms): in serial, where
  // nothing interrupts a job, what one job of work_ms took on one core.
  [[nodiscard]] double median_job_ms() const;
  // [{job, start_ms, end_ms, ms}] by job.
  [[nodiscard]] nlohmann::json to_json() const;

 private:
  CompletionLog log_;
  mutable std::mutex mutex_;
  std::vector<std::uint64_t> checksums_;
};

}  // namespace playground::lessons::cpu_bound
