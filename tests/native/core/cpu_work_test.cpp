#include "core/cpu_work.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <stdexcept>
#include <vector>

#include "lessons/lesson_test_support.hpp"

namespace playground {
namespace {

TEST(CpuWork, slicing_does_not_change_the_checksum) {
  const std::uint64_t whole = cpu_steps(100000, 7);
  int slices = 0;
  EXPECT_EQ(cpu_steps_sliced(100000, 7, 333, [&] { ++slices; }), whole);
  EXPECT_EQ(slices, 301);  // 300 full slices of 333 and one of 100
  EXPECT_EQ(cpu_steps_sliced(100000, 7, 0, [] {}), whole);
  EXPECT_NE(cpu_steps(100000, 8), whole);
  EXPECT_EQ(cpu_steps(0, 7), 7u);
}

TEST(CpuWork, the_chain_is_the_same_everywhere) {
  // Pinned, so that native and wasm builds are known to compute the same thing.
  std::uint64_t state = 1;
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  state ^= state >> 29;
  EXPECT_EQ(cpu_steps(1, 1), state);
}

TEST(CpuWork, steps_for_ms_grow_with_the_time_asked_for) {
  EXPECT_GT(cpu_steps_per_ms(), 0.0);
  EXPECT_GE(cpu_steps_for_ms(0.0), 1u);
  const auto ten = cpu_steps_for_ms(10.0);
  const auto twenty = cpu_steps_for_ms(20.0);
  EXPECT_NEAR(static_cast<double>(twenty), 2.0 * static_cast<double>(ten), 2.0);
}

// A processes parent in its own engine instance sizes jobs with the rate the
// serial run used (passed to it), not with a calibration of its own.
TEST(CpuWork, an_adopted_rate_sizes_the_jobs_until_another_is_adopted) {
  const double measured = cpu_steps_per_ms();
  adopt_cpu_steps_per_ms(1000.0);
  EXPECT_EQ(cpu_steps_per_ms(), 1000.0);
  EXPECT_EQ(cpu_steps_for_ms(2.5), 2500u);
  adopt_cpu_steps_per_ms(measured);  // the rest of this program's tests see the calibrated rate again
  EXPECT_EQ(cpu_steps_per_ms(), measured);
  for (const double bad : {0.0, -1.0, std::nan(""), HUGE_VAL}) {
    EXPECT_THROW(adopt_cpu_steps_per_ms(bad), std::invalid_argument) << bad;
  }
  EXPECT_EQ(cpu_steps_per_ms(), measured);
}

// CPU time of the calling thread: what the steps cost, however loaded the machine.
double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// Issue 14: a job of work_ms takes that long on one core, ±5 %.
TEST(CpuWork, steps_for_ms_take_that_much_cpu_time_within_5_percent) {
  if (PLAYGROUND_SANITIZED) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  // On a machine whose every core is taken, a core's speed changes from moment to moment (a
  // sibling hyperthread, the hypervisor), so the rate calibrated once cannot hold to 5 %.
  if (!testing::machine_has_idle_cores()) GTEST_SKIP() << "every core is busy with other programs: no steady speed";
  const auto steps = cpu_steps_for_ms(50.0);
  testing::expect_timing_within_tries([&] {
    std::vector<double> times;
    for (int i = 0; i < 5; ++i) {
      const double start = thread_cpu_ms();
      volatile std::uint64_t sink = cpu_steps(steps, static_cast<std::uint64_t>(i));
      (void)sink;
      times.push_back(thread_cpu_ms() - start);
    }
    std::sort(times.begin(), times.end());
    return testing::within("CPU time of 50 ms of steps (median of 5)", times[2], 50.0, 0.05);
  });
}

}  // namespace
}  // namespace playground
