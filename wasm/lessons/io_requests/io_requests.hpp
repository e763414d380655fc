#pragma once
// I/O-bound work: `requests` simulated requests (say, downloads), each
// taking about latency_ms to answer, give or take jitter_ms (seeded, so a
// run can be repeated exactly and the answers come back out of order).
//
// Modes:
//   serial      one request after the other: ≈ the sum of the latencies
//   threads     a pool of `threads` threads: ≈ the largest latency when
//               there are at least as many threads as requests
//   coroutines  one task per request on one thread, gathered: ≈ the largest
//
// Result fields besides mode/threads/gil/wall_ms: requests (per request:
// id, latency_ms planned, start_ms and end_ms measured from the run's
// start), completion_order (request ids in the order they finished),
// out_of_order (true when that is not 0, 1, 2, ...), sum_latency_ms and
// max_latency_ms (the lesson's two predictions).
#include <cstdint>
#include <vector>

#include "core/clock.hpp"
#include "run/lesson.hpp"

namespace playground::lessons::io_requests {

// The latencies a run uses: latency_ms ± jitter_ms from `seed`, at least
// 1 ms, before time_scale. The same on every platform (no std:: random
// distributions, whose output differs between standard libraries).
[[nodiscard]] std::vector<std::int64_t> request_latencies_ms(int requests, std::int64_t latency_ms,
                                                             std::int64_t jitter_ms, std::uint64_t seed);

[[nodiscard]] const Lesson& lesson();

}  // namespace playground::lessons::io_requests
