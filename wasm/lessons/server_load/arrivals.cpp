#include "lessons/server_load/arrivals.hpp"

#include <cmath>

namespace playground::lessons::server_load {

namespace {

// A uniform draw in (0, 1]: 53 bits of splitmix64, never 0 (log(0) is -inf).
double uniform_open(std::uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return (static_cast<double>(z >> 11) + 1.0) / 9007199254740992.0;  // 2^53
}

}  // namespace

std::vector<double> poisson_arrivals_ms(double rate_per_s, double duration_s, std::uint64_t seed) {
  std::vector<double> arrivals;
  if (rate_per_s <= 0 || duration_s <= 0) return arrivals;
  const double mean_gap_ms = 1000.0 / rate_per_s;
  const double end_ms = duration_s * 1000.0;
  std::uint64_t state = seed;
  for (double t = -std::log(uniform_open(state)) * mean_gap_ms; t < end_ms;
       t += -std::log(uniform_open(state)) * mean_gap_ms) {
    arrivals.push_back(t);
  }
  return arrivals;
}

std::vector<double> burst_arrivals_ms(int count) { return std::vector<double>(count < 0 ? 0 : count, 0.0); }

}  // namespace playground::lessons::server_load
