#include "run/latency_stats.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace playground {
namespace {

TEST(LatencyStats, empty_list_gives_zeros) {
  const LatencyStats stats = latency_stats({});
  EXPECT_EQ(stats.count, 0u);
  EXPECT_EQ(stats.p50_ms, 0.0);
  EXPECT_EQ(stats.p95_ms, 0.0);
  EXPECT_EQ(stats.max_ms, 0.0);
}

TEST(LatencyStats, one_value_is_every_percentile) {
  const LatencyStats stats = latency_stats({7.5});
  EXPECT_EQ(stats.p50_ms, 7.5);
  EXPECT_EQ(stats.p95_ms, 7.5);
  EXPECT_EQ(stats.max_ms, 7.5);
  EXPECT_EQ(stats.mean_ms, 7.5);
}

TEST(LatencyStats, percentiles_are_nearest_rank_of_unsorted_input) {
  // 1..20 shuffled: p50 is the 10th value, p95 the 19th, max the 20th.
  std::vector<double> values = {20, 3, 17, 1, 9, 12, 5, 14, 2, 19, 8, 11, 4, 16, 6, 13, 10, 18, 7, 15};
  const LatencyStats stats = latency_stats(values);
  EXPECT_EQ(stats.count, 20u);
  EXPECT_EQ(stats.p50_ms, 10.0);
  EXPECT_EQ(stats.p95_ms, 19.0);
  EXPECT_EQ(stats.max_ms, 20.0);
  EXPECT_DOUBLE_EQ(stats.mean_ms, 10.5);
}

TEST(LatencyStats, percentile_of_odd_count_is_a_measured_value) {
  const std::vector<double> sorted = {1.0, 2.0, 4.0};
  EXPECT_EQ(nearest_rank_percentile(sorted, 50.0), 2.0);
  EXPECT_EQ(nearest_rank_percentile(sorted, 95.0), 4.0);
  EXPECT_EQ(nearest_rank_percentile(sorted, 1.0), 1.0);
}

TEST(LatencyStats, json_has_the_fields_the_cli_prints) {
  const nlohmann::json json = to_json(latency_stats({1.0, 3.0}));
  EXPECT_EQ(json.at("p50").get<double>(), 1.0);
  EXPECT_EQ(json.at("p95").get<double>(), 3.0);
  EXPECT_EQ(json.at("max").get<double>(), 3.0);
  EXPECT_EQ(json.at("mean").get<double>(), 2.0);
}

}  // namespace
}  // namespace playground
