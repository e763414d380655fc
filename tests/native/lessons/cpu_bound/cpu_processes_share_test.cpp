// How the CPU-bound processes mode shares its jobs and writes a worker's
// request: one code path for the native parent and the WebAssembly parent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "lessons/cpu_bound/cpu_jobs.hpp"
#include "lessons/cpu_bound/cpu_processes.hpp"
#include "processes/protocol.hpp"

namespace playground::lessons::cpu_bound {
namespace {

TEST(CpuProcessShares, every_job_goes_to_exactly_one_share_round_robin) {
  const std::vector<CpuJob> jobs = make_cpu_jobs(7, 10);
  for (const int processes : {1, 2, 3, 7, 20}) {
    const auto shares = share_cpu_jobs(jobs, processes);
    ASSERT_EQ(shares.size(), static_cast<std::size_t>(std::min(processes, 7))) << processes;
    std::set<int> seen;
    for (std::size_t k = 0; k < shares.size(); ++k) {
      for (const CpuJob* job : shares[k]) {
        EXPECT_EQ(static_cast<std::size_t>(job->id) % shares.size(), k) << "job " << job->id;
        EXPECT_TRUE(seen.insert(job->id).second) << "job " << job->id << " given twice";
      }
    }
    EXPECT_EQ(seen.size(), jobs.size()) << processes;
  }
}

TEST(CpuProcessShares, at_least_one_share_even_for_zero_processes) {
  const std::vector<CpuJob> jobs = make_cpu_jobs(3, 10);
  EXPECT_EQ(share_cpu_jobs(jobs, 0).size(), 1u);
  EXPECT_EQ(share_cpu_jobs(jobs, 0)[0].size(), 3u);
}

TEST(CpuProcessShares, a_worker_runs_exactly_the_jobs_of_its_request) {
  const std::vector<CpuJob> jobs = make_cpu_jobs(5, 1000);
  const auto shares = share_cpu_jobs(jobs, 2);
  std::string request = processes::child_request("cpu-bound", cpu_worker_request(shares[1]));
  std::FILE* in = fmemopen(request.data(), request.size(), "r");
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&text, &size);
  ASSERT_NE(in, nullptr);
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(processes::serve_child(in, out), 0);
  std::fclose(in);
  std::fclose(out);
  const std::string report(text, size);
  std::free(text);
  // Jobs 1 and 3 (the second share of five between two), in order, each started then done.
  EXPECT_EQ(report.substr(0, 6), "ready\n");
  EXPECT_NE(report.find("start 1\ndone 1 "), std::string::npos) << report;
  EXPECT_NE(report.find("start 3\ndone 3 "), std::string::npos) << report;
  EXPECT_EQ(report.find("start 0"), std::string::npos) << report;
  EXPECT_LT(report.find("start 1"), report.find("start 3"));
}

}  // namespace
}  // namespace playground::lessons::cpu_bound
