#include "lessons/event_loop/event_loop_lesson.hpp"

#include <gtest/gtest.h>

#include "lessons/lesson_test_support.hpp"

namespace playground::lessons::event_loop {
namespace {

using namespace playground::testing;

TEST(EventLoopDemo, makes_exactly_the_actions_asked_for_and_reports_their_rate) {
  const auto result = run_demo(lesson(), request("coroutines", {{"actions", 20000}}));
  EXPECT_EQ(result["mode"], "coroutines");
  EXPECT_EQ(result["actions"], 20000);
  EXPECT_EQ(result["tasks"], 1000);
  // Every action is a resume from the ready queue; starting and finishing tasks add a few more.
  EXPECT_GE(result["resumes"].get<std::int64_t>(), 20000);
  EXPECT_GT(result["actions_per_s"].get<double>(), 0.0);
  const double wall_ms = result["wall_ms"].get<double>();
  EXPECT_NEAR(result["actions_per_s"].get<double>(), 20000 / (wall_ms / 1000.0), 1e-6 * 20000 / (wall_ms / 1000.0));
}

TEST(EventLoopDemo, fewer_actions_than_tasks_use_one_task_per_action) {
  const auto result = run_demo(lesson(), request("coroutines", {{"actions", 7}}));
  EXPECT_EQ(result["actions"], 7);
  EXPECT_EQ(result["tasks"], 7);
}

TEST(EventLoopDemo, the_default_half_million_actions_run_faster_than_asyncio_does) {
  if (kSanitized) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  const auto result = run_demo(lesson(), request("coroutines", nlohmann::json::object()));
  EXPECT_EQ(result["actions"], 500000);
  // The course's asyncio needs 16.2 s for these; a C++ loop should need well under a second.
  EXPECT_LT(result["wall_ms"].get<double>(), 1000.0);
}

TEST(EventLoopDemo, cancellation_stops_it_promptly) {
  const double late_ms = cancel_after(lesson(), request("coroutines", {{"actions", 100000000}}), 50);
  EXPECT_LT(late_ms, kSanitized ? 500.0 : 100.0);
}

}  // namespace
}  // namespace playground::lessons::event_loop
