#include "lessons/server_load/mmc.hpp"

#include <limits>

namespace playground::lessons::server_load {

MmcPrediction mmc_prediction(double rate_per_s, double service_ms, int servers) {
  MmcPrediction p;
  const double c = servers < 1 ? 1.0 : static_cast<double>(servers);
  const double a = rate_per_s * service_ms / 1000.0;  // offered load in erlangs
  p.utilisation = a / c;
  p.stable = p.utilisation < 1.0;
  if (!p.stable) {
    p.wait_probability = 1.0;
    p.mean_wait_ms = std::numeric_limits<double>::infinity();
    return p;
  }
  // Σ_{k<c} a^k / k!, term by term so that no power or factorial overflows.
  double term = 1.0;
  double below_c = 0.0;
  for (int k = 0; k < static_cast<int>(c); ++k) {
    below_c += term;
    term *= a / (k + 1);
  }
  const double all_busy = term / (1.0 - p.utilisation);  // a^c / c! / (1 - ρ)
  p.wait_probability = all_busy / (below_c + all_busy);
  p.mean_wait_ms = p.wait_probability * service_ms / (c - a);
  return p;
}

}  // namespace playground::lessons::server_load
