#pragma once
// Summaries of per-item latency: how long an item waited from being
// produced to being fully processed. The producer/consumer lesson is told
// in these numbers: "generate everything, then process" makes the median
// item wait for the whole production run; a queue between producers and
// consumers keeps it close to one processing time.
#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

namespace playground {

struct LatencyStats {
  std::size_t count = 0;
  double p50_ms = 0.0;  // median
  double p95_ms = 0.0;  // 95 % of items waited at most this long
  double max_ms = 0.0;
  double mean_ms = 0.0;
};

// The nearest-rank percentile `p` (0 < p <= 100) of `sorted_ms`, which must
// be sorted ascending: the smallest value with at least p % of the values at
// or below it. It is always one of the measured values, never interpolated.
// Returns 0 for an empty list.
[[nodiscard]] double nearest_rank_percentile(const std::vector<double>& sorted_ms, double p);

// p50, p95, max and mean of `latencies_ms` (any order; empty gives zeros).
[[nodiscard]] LatencyStats latency_stats(std::vector<double> latencies_ms);

// {"p50": .., "p95": .., "max": .., "mean": ..}: the result's latency_ms field.
[[nodiscard]] nlohmann::json to_json(const LatencyStats& stats);

}  // namespace playground
