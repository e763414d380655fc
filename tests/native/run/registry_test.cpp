#include "run/lesson.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "run/scenario.hpp"

namespace playground {
namespace {

namespace fs = std::filesystem;

TEST(Registry, finds_every_lesson_demo_by_id) {
  for (const char* id : {"sleep", "io-requests", "cpu-bound", "distance-matrix", "producer-consumer", "event-loop",
                         "amdahl", "thread-safety", "server-load"}) {
    const Lesson* demo = find_lesson(id);
    ASSERT_NE(demo, nullptr) << id;
    EXPECT_EQ(demo->id(), id);
  }
  EXPECT_EQ(find_lesson("no-such-demo"), nullptr);
}

TEST(Registry, lists_each_demo_once_with_its_modes) {
  std::set<std::string> ids;
  for (const Lesson* demo : all_lessons()) {
    EXPECT_TRUE(ids.insert(std::string(demo->id())).second) << demo->id() << " listed twice";
    EXPECT_FALSE(demo->modes().empty()) << demo->id();
  }
  EXPECT_EQ(ids.size(), 9u);
}

TEST(Registry, every_scenario_names_a_demo_that_has_all_its_modes) {
  const fs::path folder = fs::path(PLAYGROUND_SOURCE_DIR) / "scenarios";
  int scenarios = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "scenario.schema.json") continue;
    const Scenario scenario = load_scenario_file(entry.path().string());
    const Lesson* demo = find_lesson(scenario.demo);
    ASSERT_NE(demo, nullptr) << scenario.source << ": demo " << scenario.demo;
    const auto modes = demo->modes();
    for (const auto& mode : scenario.modes) {
      EXPECT_NE(std::find(modes.begin(), modes.end(), mode), modes.end()) << scenario.id << ": mode " << mode;
    }
    ++scenarios;
  }
  EXPECT_GE(scenarios, 7);
}

TEST(Registry, an_unknown_mode_is_a_run_error_naming_it) {
  for (const Lesson* demo : all_lessons()) {
    RunRequest request;
    request.mode = "no-such-mode";
    RunContext context;
    try {
      (void)demo->run(request, context);
      ADD_FAILURE() << demo->id() << " ran an unknown mode";
    } catch (const RunError& e) {
      EXPECT_NE(std::string(e.what()).find("no-such-mode"), std::string::npos) << demo->id() << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace playground
