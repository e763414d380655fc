#include "lessons/server_load/arrivals.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace playground::lessons::server_load {
namespace {

TEST(ServerLoadArrivals, poisson_arrivals_are_seeded_ascending_and_inside_the_window) {
  const auto a = poisson_arrivals_ms(40, 5, 1);
  EXPECT_EQ(a, poisson_arrivals_ms(40, 5, 1));
  EXPECT_NE(a, poisson_arrivals_ms(40, 5, 2));
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  ASSERT_FALSE(a.empty());
  EXPECT_GT(a.front(), 0.0);
  EXPECT_LT(a.back(), 5000.0);
}

TEST(ServerLoadArrivals, poisson_counts_and_gaps_have_the_rate_asked_for) {
  // 10 000 expected arrivals: the count is within 4 standard deviations (4 · 100).
  const auto a = poisson_arrivals_ms(1000, 10, 7);
  EXPECT_NEAR(static_cast<double>(a.size()), 10000.0, 400.0);
  // Exponential gaps: mean 1 ms, and about e^-1 of them longer than the mean.
  double longer = 0;
  for (std::size_t i = 1; i < a.size(); ++i) longer += a[i] - a[i - 1] > 1.0 ? 1 : 0;
  EXPECT_NEAR(longer / static_cast<double>(a.size() - 1), std::exp(-1.0), 0.02);
}

TEST(ServerLoadArrivals, a_burst_arrives_all_at_once) {
  EXPECT_EQ(burst_arrivals_ms(3), (std::vector<double>{0, 0, 0}));
  EXPECT_TRUE(burst_arrivals_ms(0).empty());
  EXPECT_TRUE(poisson_arrivals_ms(0, 5, 1).empty());
}

}  // namespace
}  // namespace playground::lessons::server_load
