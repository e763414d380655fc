#include "lessons/sleep/sleep_lesson.hpp"

#include <gtest/gtest.h>

#include "lessons/lesson_test_support.hpp"

namespace playground::lessons::sleep {
namespace {

using namespace playground::testing;

// The course's 0.8 s and 0.9 s, four times faster: one "unit" is 250 ms.
const nlohmann::json kScaled = {{"first_ms", 800}, {"second_ms", 900}, {"time_scale", 0.25}};
constexpr double kUnitMs = 250.0;

double units(const std::string& mode, int threads = 2) {
  return run_demo(lesson(), request(mode, kScaled, threads))["wall_ms"].get<double>() / kUnitMs;
}

TEST(SleepDemo, each_mode_takes_the_time_the_lesson_says_within_5_percent) {
  if (kSanitized) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  for (const auto& [mode, expected] : {std::pair<std::string, double>{"serial", 1.7},
                                       {"threads", 0.9},
                                       {"coroutines", 0.9},
                                       {"first-completed", 0.8}}) {
    expect_timing_within_tries([&mode = mode, expected = expected] {
      return within(mode + " (units of 250 ms)", units(mode), expected, 0.05);
    });
  }
}

TEST(SleepDemo, no_mode_finishes_before_its_waits_could) {
  // Holds in every build: a wait never ends early, however slow the machine.
  for (const std::string mode : {"serial", "threads", "coroutines", "first-completed"}) {
    const auto result = run_demo(lesson(), request(mode, kScaled, 2));
    EXPECT_EQ(result["mode"], mode);
    EXPECT_EQ(result["threads"], mode == "threads" ? 2 : 1);
    EXPECT_EQ(result["gil"], false);
    EXPECT_GE(result["wall_ms"].get<double>(), result["predicted_ms"].get<double>() - 1.0) << mode;
  }
}

TEST(SleepDemo, first_completed_reports_the_shorter_wait_finished_and_the_other_cancelled) {
  auto result = run_demo(lesson(), request("first-completed", kScaled));
  EXPECT_EQ(result["finished"], "first");
  EXPECT_EQ(result["cancelled"], "second");
  EXPECT_EQ(result["first"], "finished");
  EXPECT_EQ(result["second"], "cancelled");

  // Swap the waits: now the second one wins.
  result = run_demo(lesson(), request("first-completed", {{"first_ms", 900}, {"second_ms", 100}, {"time_scale", 0.1}}));
  EXPECT_EQ(result["finished"], "second");
  EXPECT_EQ(result["cancelled"], "first");
}

TEST(SleepDemo, threads_with_one_thread_wait_one_after_the_other) {
  const auto result = run_demo(lesson(), request("threads", kScaled, 1));
  EXPECT_EQ(result["threads"], 1);
  EXPECT_DOUBLE_EQ(result["predicted_ms"].get<double>(), 425.0);
  EXPECT_GE(result["wall_ms"].get<double>(), 424.0);
}

TEST(SleepDemo, waits_are_scaled_by_time_scale) {
  const auto result =
      run_demo(lesson(), request("serial", {{"first_ms", 100}, {"second_ms", 200}, {"time_scale", 0.1}}));
  EXPECT_DOUBLE_EQ(result["first_ms"].get<double>(), 10.0);
  EXPECT_DOUBLE_EQ(result["second_ms"].get<double>(), 20.0);
}

TEST(SleepDemo, cancellation_stops_every_mode_promptly) {
  // Unscaled: 0.8 s and 0.9 s. Cancelled after 50 ms, each must stop within 100 ms.
  for (const std::string mode : {"serial", "threads", "coroutines", "first-completed"}) {
    const double late_ms = cancel_after(lesson(), request(mode, {{"time_scale", 1}}, 2), 50);
    EXPECT_LT(late_ms, kSanitized ? 500.0 : 100.0) << mode;
  }
}

TEST(SleepDemo, unknown_mode_and_out_of_range_parameter_are_named) {
  try {
    (void)run_demo(lesson(), request("processes", kScaled));
    FAIL() << "no RunError";
  } catch (const RunError& e) {
    EXPECT_NE(std::string(e.what()).find("processes"), std::string::npos) << e.what();
  }
  try {
    (void)run_demo(lesson(), request("serial", {{"first_ms", -5}}));
    FAIL() << "no RunError";
  } catch (const RunError& e) {
    EXPECT_NE(std::string(e.what()).find("first_ms"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace playground::lessons::sleep
