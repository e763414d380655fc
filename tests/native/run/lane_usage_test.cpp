// LaneUsage: busy time lands on the right lane, exactly, however many
// threads report at once.
#include "run/lane_usage.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace playground {
namespace {

TEST(LaneUsage, each_thread_gets_its_own_lane_numbered_in_the_order_it_first_reports) {
  LaneUsage usage;
  usage.add_for_this_thread("worker", 5);
  std::thread second([&] { usage.add_for_this_thread("worker", 7); });
  second.join();
  usage.add_for_this_thread("worker", 1);
  const nlohmann::json lanes = usage.to_json(100);
  ASSERT_EQ(lanes.size(), 2u);
  EXPECT_EQ(lanes[0]["lane"], "worker 1");
  EXPECT_DOUBLE_EQ(lanes[0]["busy_ms"].get<double>(), 0.006);
  EXPECT_EQ(lanes[1]["lane"], "worker 2");
  EXPECT_DOUBLE_EQ(lanes[1]["busy_ms"].get<double>(), 0.007);
  EXPECT_DOUBLE_EQ(lanes[1]["utilisation"].get<double>(), 0.07);
}

TEST(LaneUsage, every_report_from_many_threads_is_counted_once) {
  constexpr int kThreads = 4;
  constexpr int kReports = 20'000;
  LaneUsage usage;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&usage, t] {
      for (int i = 0; i < kReports; ++i) usage.add_for_this_thread("pool worker", t + 1);
    });
  }
  for (std::thread& thread : threads) thread.join();
  const nlohmann::json lanes = usage.to_json(1);
  ASSERT_EQ(lanes.size(), static_cast<std::size_t>(kThreads));
  micros total = 0;
  for (int t = 0; t < kThreads; ++t) total += static_cast<micros>(t + 1) * kReports;
  EXPECT_EQ(usage.total_busy_us(), total);
}

TEST(LaneUsage, a_new_object_starts_from_nothing_on_a_thread_that_reported_to_an_old_one) {
  // The thread remembers its lane between calls; a later object (perhaps at
  // the same address) must not be handed the earlier one's lane.
  for (int round = 0; round < 3; ++round) {
    LaneUsage usage;
    usage.add_for_this_thread("worker", 10);
    usage.add("main", 1);
    EXPECT_EQ(usage.total_busy_us(), 11) << "round " << round;
    EXPECT_EQ(usage.to_json(10)[0]["lane"], "worker 1") << "round " << round;
  }
}

}  // namespace
}  // namespace playground
