#include "lessons/amdahl/amdahl.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "lessons/lesson_test_support.hpp"

namespace playground::lessons::amdahl {
namespace {

using namespace playground::testing;

TEST(Amdahl, predicted_speedup_is_amdahls_formula) {
  EXPECT_DOUBLE_EQ(amdahl_speedup(0.1, 4), 1.0 / (0.1 + 0.9 / 4));
  EXPECT_DOUBLE_EQ(amdahl_speedup(0.0, 8), 8.0);
  EXPECT_DOUBLE_EQ(amdahl_speedup(1.0, 8), 1.0);
  EXPECT_DOUBLE_EQ(amdahl_speedup(0.5, 1), 1.0);
  EXPECT_LT(amdahl_speedup(0.1, 1000000), 10.0);
}

TEST(Amdahl, parallelism_is_threads_up_to_the_number_of_cores) {
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  EXPECT_EQ(parallelism(1), 1);
  EXPECT_EQ(parallelism(cores), cores);
  EXPECT_EQ(parallelism(cores + 3), cores);
  EXPECT_EQ(parallelism(64), std::min(64, cores));
}

TEST(Amdahl, result_carries_the_prediction_and_a_measured_one_thread_baseline) {
  const auto result = run_demo(lesson(), request("pool", {{"serial_fraction", 0.25}, {"work_ms", 40}}, 3));
  EXPECT_EQ(result["mode"], "pool");
  EXPECT_EQ(result["threads"], 3);
  EXPECT_DOUBLE_EQ(result["serial_fraction"].get<double>(), 0.25);
  // The law's n is what can run at once: min(3 threads, this machine's cores).
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const int n = std::min(3, cores);
  EXPECT_EQ(result["cores"], cores);
  EXPECT_EQ(result["parallelism"], n);
  EXPECT_DOUBLE_EQ(result["predicted_speedup"].get<double>(), 1.0 / (0.25 + 0.75 / n));
  EXPECT_DOUBLE_EQ(result["speedup_limit"].get<double>(), 4.0);
  EXPECT_GT(result["serial_ms"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(result["measured_speedup"].get<double>(),
                   result["serial_ms"].get<double>() / result["wall_ms"].get<double>());
  EXPECT_LE(result["serial_part_ms"].get<double>() + result["parallel_part_ms"].get<double>(),
            result["wall_ms"].get<double>() + 0.01);
}

TEST(Amdahl, one_thread_is_its_own_baseline) {
  const auto result = run_demo(lesson(), request("pool", {{"serial_fraction", 0.5}, {"work_ms", 20}}, 1));
  EXPECT_DOUBLE_EQ(result["serial_ms"].get<double>(), result["wall_ms"].get<double>());
  EXPECT_DOUBLE_EQ(result["measured_speedup"].get<double>(), 1.0);
}

TEST(Amdahl, a_fully_serial_workload_gets_no_speed_up) {
  if (kSanitized) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  expect_timing_within_tries([] {
    const auto serial = run_demo(lesson(), request("pool", {{"serial_fraction", 1.0}, {"work_ms", 100}}, 2));
    const double speedup = serial["measured_speedup"].get<double>();
    return speedup < 1.25 ? std::string() : "serial_fraction 1 gave a speed-up of " + std::to_string(speedup);
  });
}

TEST(Amdahl, a_fully_parallel_workload_speeds_up_with_free_cores) {
  if (kSanitized) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "one core: nothing to run in parallel on";
  if (!machine_has_idle_cores()) GTEST_SKIP() << "every core is busy with other programs: no speed-up to measure";
  expect_timing_within_tries([] {
    const auto parallel = run_demo(lesson(), request("pool", {{"serial_fraction", 0.0}, {"work_ms", 200}}, 2));
    const double speedup = parallel["measured_speedup"].get<double>();
    // Two cores: ≈ 2, at least 1.3 on a machine that is not quite idle.
    return speedup >= 1.3 ? std::string() : "serial_fraction 0 on 2 threads gave " + std::to_string(speedup);
  });
}

TEST(Amdahl, cancellation_stops_it_promptly) {
  const double late_ms = cancel_after(lesson(), request("pool", {{"serial_fraction", 0.5}, {"work_ms", 5000}}, 2), 50);
  EXPECT_LT(late_ms, kSanitized ? 500.0 : 100.0);
}

}  // namespace
}  // namespace playground::lessons::amdahl
