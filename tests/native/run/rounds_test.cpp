// Rounds (run/rounds.hpp): the interleaved order, the median round chosen,
// ranges that hold their median, and the machine's ceiling beside every
// parallel speed-up.
#include "run/rounds.hpp"

#include <gtest/gtest.h>

#include "lessons/lesson_test_support.hpp"

#include <string>
#include <utility>
#include <vector>

namespace playground {
namespace {

Scenario cpu_bound() { return load_scenario_file(std::string(PLAYGROUND_SOURCE_DIR) + "/scenarios/cpu-bound.json"); }

const ModeRounds& of(const std::vector<ModeRounds>& summaries, const std::string& mode) {
  for (const auto& summary : summaries) {
    if (summary.mode == mode) return summary;
  }
  throw std::runtime_error("no summary for " + mode);
}

TEST(Rounds, the_median_is_the_middle_value_and_its_index_points_at_it) {
  const Spread odd = spread_of({300, 100, 110});
  EXPECT_DOUBLE_EQ(odd.median, 110);
  EXPECT_EQ(odd.median_index, 2U);
  EXPECT_DOUBLE_EQ(odd.min, 100);
  EXPECT_DOUBLE_EQ(odd.max, 300);
  const Spread even = spread_of({40, 10, 30, 20});
  EXPECT_DOUBLE_EQ(even.median, 25);
  EXPECT_EQ(even.median_index, 3U);  // 20: the lower middle, a round that really ran
  EXPECT_DOUBLE_EQ(median({}), 0);
}

TEST(Rounds, modes_take_turns_round_by_round_and_each_round_ends_with_the_ceiling) {
  RunRequest serial;
  serial.mode = "serial";
  serial.threads = 2;
  serial.params = {{"rounds", 3}};
  RunRequest threads = serial;
  threads.mode = "threads";
  std::vector<std::pair<std::string, int>> order;
  const auto ceilings = run_rounds(
      {serial, threads}, true, [&](const RunRequest& request, int round) { order.emplace_back(request.mode, round); });
  const std::vector<std::pair<std::string, int>> expected = {{"serial", 1},  {"threads", 1}, {"serial", 2},
                                                             {"threads", 2}, {"serial", 3},  {"threads", 3}};
  EXPECT_EQ(order, expected);
  ASSERT_EQ(ceilings.size(), 3U);
  for (const double ceiling : ceilings) EXPECT_GT(ceiling, 0.0);
  // Two threads of independent work: faster than one, never more than twice (some slack for
  // the clock); only measurable while a core is free.
  if (!testing::kSanitized && testing::machine_has_idle_cores()) {
    for (const double ceiling : ceilings) {
      EXPECT_GT(ceiling, 1.2);
      EXPECT_LT(ceiling, 2.3);
    }
  }
}

TEST(Rounds, a_request_without_rounds_runs_once_and_no_ceiling_unless_asked) {
  RunRequest sleep;
  sleep.mode = "serial";
  int calls = 0;
  EXPECT_TRUE(run_rounds({sleep}, false, [&](const RunRequest&, int round) { calls += round; }).empty());
  EXPECT_EQ(calls, 1);
}

TEST(Rounds, each_mode_reports_its_median_round_with_the_range_and_same_round_speed_ups) {
  // Round 2 was a slow spell for both modes: the speed-up divides times of the same round.
  const std::vector<RoundRun> runs = {{"serial", 1, 100}, {"threads", 1, 52},  {"coroutines", 1, 101},
                                      {"serial", 2, 300}, {"threads", 2, 150}, {"coroutines", 2, 290},
                                      {"serial", 3, 110}, {"threads", 3, 56},  {"coroutines", 3, 108}};
  const auto summaries = summarise_rounds(cpu_bound(), runs, {1.9, 1.95, 1.7});
  ASSERT_EQ(summaries.size(), 3U);
  const ModeRounds& threads = of(summaries, "threads");
  EXPECT_EQ(threads.rounds, 3);
  EXPECT_DOUBLE_EQ(threads.wall.median, 56);
  EXPECT_EQ(threads.shown_round, 3);
  EXPECT_LE(threads.wall.min, threads.wall.median);
  EXPECT_GE(threads.wall.max, threads.wall.median);
  ASSERT_TRUE(threads.speedup);
  EXPECT_NEAR(threads.speedup->median, 110.0 / 56, 1e-9);
  EXPECT_NEAR(threads.speedup->min, 100.0 / 52, 1e-9);
  EXPECT_NEAR(threads.speedup->max, 300.0 / 150, 1e-9);  // the slow round was slow for both modes
  ASSERT_TRUE(threads.ceiling);                          // a parallel mode's speed-up has the ceiling beside it
  EXPECT_DOUBLE_EQ(threads.ceiling->median, 1.9);
  EXPECT_DOUBLE_EQ(threads.ceiling->min, 1.7);
  EXPECT_FALSE(of(summaries, "coroutines").ceiling);  // one thread: nothing parallel to bound
  EXPECT_FALSE(of(summaries, "serial").ceiling);
  EXPECT_EQ(of(summaries, "serial").shown_round, 3);
  EXPECT_FALSE(of(summaries, "serial").speedup);  // the baseline: 1.00x against itself says nothing
  EXPECT_FALSE(of(summaries, "serial").fields().contains("speedup_range"));
  // Times 100-300 ms around a median of 110: far too wide, and said so with the threshold.
  EXPECT_NE(threads.spread_note.find("too wide to trust"), std::string::npos) << threads.spread_note;
  EXPECT_NE(threads.spread_note.find("more than 25 %"), std::string::npos) << threads.spread_note;
  const auto fields = threads.fields();
  EXPECT_EQ(fields.at("range_ms"), nlohmann::json({52.0, 150.0}));
  EXPECT_DOUBLE_EQ(fields.at("ceiling").get<double>(), 1.9);
}

TEST(Rounds, rounds_too_wide_are_said_once_for_all_the_modes_they_concern) {
  const std::vector<RoundRun> runs = {{"serial", 1, 100},   {"threads", 1, 52},    {"coroutines", 1, 101},
                                      {"serial", 2, 300},   {"threads", 2, 150},   {"coroutines", 2, 102},
                                      {"serial", 3, 110},   {"threads", 3, 56},    {"coroutines", 3, 100},
                                      {"processes", 1, 60}, {"processes", 2, 200}, {"processes", 3, 58}};
  const auto summaries = summarise_rounds(cpu_bound(), runs, {});
  EXPECT_EQ(spread_note(summaries),
            "The rounds of serial, threads, coroutines and processes varied by more than 25 % of their median "
            "(serial: times 182 %; threads: times 175 %; coroutines: speed-ups 177 %; processes: times 237 %): too "
            "wide to trust; run again, with more rounds or on a quieter machine.");
}

TEST(Rounds, close_rounds_carry_no_warning) {
  const std::vector<RoundRun> runs = {{"serial", 1, 100}, {"threads", 1, 52}, {"serial", 2, 104},
                                      {"threads", 2, 55}, {"serial", 3, 98},  {"threads", 3, 50}};
  const auto summaries = summarise_rounds(cpu_bound(), runs, {});
  EXPECT_EQ(spread_note(summaries), "");
  for (const auto& summary : summaries) {
    EXPECT_EQ(summary.spread_note, "") << summary.mode;
    EXPECT_EQ(summary.too_wide(), "") << summary.mode;
    EXPECT_FALSE(summary.ceiling) << "no ceiling was measured";
  }
}

TEST(Rounds, a_comparison_claims_a_parallel_speed_up_only_with_a_parallel_mode_and_something_to_compare_it_with) {
  const Scenario scenario = cpu_bound();
  EXPECT_TRUE(claims_parallel_speedup(scenario, {"serial", "threads"}));
  EXPECT_TRUE(claims_parallel_speedup(scenario, {"serial", "processes"}));
  EXPECT_FALSE(claims_parallel_speedup(scenario, {"threads"}));
  EXPECT_FALSE(claims_parallel_speedup(scenario, {"serial", "coroutines"}));
  // Threads that overlap waits claim no speed-up bounded by the cores.
  const Scenario sleep = load_scenario_file(std::string(PLAYGROUND_SOURCE_DIR) + "/scenarios/sleep.json");
  EXPECT_FALSE(claims_parallel_speedup(sleep, {"serial", "threads"}));
}

TEST(Rounds, a_mode_that_computes_something_else_has_no_speed_up) {
  const Scenario scenario = load_scenario_file(std::string(PLAYGROUND_SOURCE_DIR) + "/scenarios/thread-safety.json");
  const auto summaries =
      summarise_rounds(scenario, {{"deadlock", 1, 110}, {"ordered", 1, 500}, {"try-lock", 1, 520}}, {});
  EXPECT_FALSE(of(summaries, "deadlock").speedup);  // it ends by detection: no speed-up against ordered
  EXPECT_FALSE(of(summaries, "deadlock").fields().contains("speedup"));
  ASSERT_TRUE(of(summaries, "try-lock").speedup);
  EXPECT_NEAR(of(summaries, "try-lock").speedup->median, 500.0 / 520, 1e-9);
}

TEST(Rounds, amdahls_one_mode_is_its_own_baseline_and_keeps_the_ceiling) {
  const Scenario scenario = load_scenario_file(std::string(PLAYGROUND_SOURCE_DIR) + "/scenarios/amdahl.json");
  const auto summaries = summarise_rounds(scenario, {{"pool", 1, 300}, {"pool", 2, 310}}, {1.9, 1.8});
  EXPECT_FALSE(of(summaries, "pool").speedup);
  ASSERT_TRUE(of(summaries, "pool").ceiling);
  EXPECT_DOUBLE_EQ(of(summaries, "pool").ceiling->median, 1.85);
}

}  // namespace
}  // namespace playground
