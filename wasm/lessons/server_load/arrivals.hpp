#pragma once
// When the requests arrive: a seeded Poisson process (independent clients,
// exponential gaps with mean 1 / rate) over a window, or a burst of N at
// once. The same on every platform: splitmix64 and std::log only, no
// std:: random distributions (their output differs between libraries).
#include <cstdint>
#include <vector>

namespace playground::lessons::server_load {

// Arrival times in ms from the start, ascending: a Poisson process at
// `rate_per_s` for `duration_s` seconds (every arrival before the end).
[[nodiscard]] std::vector<double> poisson_arrivals_ms(double rate_per_s, double duration_s, std::uint64_t seed);

// `count` arrivals, all at 0 ms.
[[nodiscard]] std::vector<double> burst_arrivals_ms(int count);

}  // namespace playground::lessons::server_load
