#include "lessons/cpu_bound/cpu_jobs.hpp"

#include <algorithm>

namespace playground::lessons::cpu_bound {

std::vector<CpuJob> make_cpu_jobs(int count, std::uint64_t steps) {
  std::vector<CpuJob> jobs;
  for (int i = 0; i < count; ++i) jobs.push_back({i, steps, static_cast<std::uint64_t>(i) + 1});
  return jobs;
}

void CpuJobResults::finished(const CpuJob& job, micros start_us, std::uint64_t checksum) {
  log_.finished(job.id, start_us);
  {
    std::lock_guard lock(mutex_);
    checksums_.at(static_cast<std::size_t>(job.id)) = checksum;
  }
}

std::uint64_t CpuJobResults::checksum() const {
  std::lock_guard lock(mutex_);
  std::uint64_t combined = 0;
  for (const std::uint64_t c : checksums_) combined ^= c;
  return combined;
}

double CpuJobResults::median_job_ms() const {
  std::vector<double> ms;
  for (std::size_t i = 0; i < checksums_.size(); ++i) {
    const auto [start, end] = log_.times(static_cast<int>(i));
    ms.push_back(static_cast<double>(end - start) / 1000.0);
  }
  if (ms.empty()) return 0.0;
  std::sort(ms.begin(), ms.end());
  return ms.size() % 2 == 1 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
}

nlohmann::json CpuJobResults::to_json() const {
  auto jobs = nlohmann::json::array();
  for (std::size_t i = 0; i < checksums_.size(); ++i) {
    const auto [start, end] = log_.times(static_cast<int>(i));
    jobs.push_back({{"job", i + 1},
                    {"start_ms", static_cast<double>(start) / 1000.0},
                    {"end_ms", static_cast<double>(end) / 1000.0},
                    {"ms", static_cast<double>(end - start) / 1000.0}});
  }
  return jobs;
}

}  // namespace playground::lessons::cpu_bound
