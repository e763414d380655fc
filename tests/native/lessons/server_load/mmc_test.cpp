#include "lessons/server_load/mmc.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace playground::lessons::server_load {
namespace {

TEST(ServerLoadModel, one_server_waits_rho_over_one_minus_rho_service_times) {
  // M/M/1: P(wait) = ρ, Wq = ρ / (1 - ρ) · S. λ = 50/s, S = 10 ms: ρ = 0.5, Wq = 10 ms.
  const MmcPrediction p = mmc_prediction(50, 10, 1);
  EXPECT_DOUBLE_EQ(p.utilisation, 0.5);
  EXPECT_TRUE(p.stable);
  EXPECT_NEAR(p.wait_probability, 0.5, 1e-12);
  EXPECT_NEAR(p.mean_wait_ms, 10.0, 1e-9);
  // ρ = 0.9: Wq = 9 S.
  EXPECT_NEAR(mmc_prediction(90, 10, 1).mean_wait_ms, 90.0, 1e-9);
}

TEST(ServerLoadModel, erlang_c_matches_known_values) {
  // Two servers, one erlang offered (ρ = 0.5): P(wait) = 1/3, Wq = S/3.
  const MmcPrediction two = mmc_prediction(100, 10, 2);
  EXPECT_NEAR(two.wait_probability, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(two.mean_wait_ms, 10.0 / 3.0, 1e-9);
  // The textbook call centre: a = 10 erlangs on 11 agents: P(wait) ≈ 0.6821.
  EXPECT_NEAR(mmc_prediction(10, 1000, 11).wait_probability, 0.6821, 1e-4);
  // Many servers lightly loaded: hardly anyone waits (and nothing overflows).
  const MmcPrediction wide = mmc_prediction(100, 10, 500);
  EXPECT_LT(wide.wait_probability, 1e-12);
  EXPECT_TRUE(std::isfinite(wide.mean_wait_ms));
}

TEST(ServerLoadModel, at_or_past_capacity_the_queue_is_unstable) {
  const MmcPrediction at = mmc_prediction(100, 10, 1);
  EXPECT_DOUBLE_EQ(at.utilisation, 1.0);
  EXPECT_FALSE(at.stable);
  EXPECT_TRUE(std::isinf(at.mean_wait_ms));
  EXPECT_FALSE(mmc_prediction(450, 10, 4).stable);
  EXPECT_TRUE(mmc_prediction(350, 10, 4).stable);
}

}  // namespace
}  // namespace playground::lessons::server_load
