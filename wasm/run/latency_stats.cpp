#include "run/latency_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace playground {

double nearest_rank_percentile(const std::vector<double>& sorted_ms, double p) {
  if (sorted_ms.empty()) return 0.0;
  const auto n = static_cast<double>(sorted_ms.size());
  // Rank r (1-based) is the smallest with r / n >= p / 100.
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * n));
  rank = std::clamp<std::size_t>(rank, 1, sorted_ms.size());
  return sorted_ms[rank - 1];
}

LatencyStats latency_stats(std::vector<double> latencies_ms) {
  LatencyStats stats;
  stats.count = latencies_ms.size();
  if (latencies_ms.empty()) return stats;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  stats.p50_ms = nearest_rank_percentile(latencies_ms, 50.0);
  stats.p95_ms = nearest_rank_percentile(latencies_ms, 95.0);
  stats.max_ms = latencies_ms.back();
  stats.mean_ms =
      std::accumulate(latencies_ms.begin(), latencies_ms.end(), 0.0) / static_cast<double>(latencies_ms.size());
  return stats;
}

nlohmann::json to_json(const LatencyStats& stats) {
  return {{"p50", stats.p50_ms}, {"p95", stats.p95_ms}, {"max", stats.max_ms}, {"mean", stats.mean_ms}};
}

}  // namespace playground
