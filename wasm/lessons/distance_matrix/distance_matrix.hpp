#pragma once
// The distance matrix demo (the course's running example): read locations,
// compute the great-circle distance of every pair, write them out, with one
// executor per mode:
//
//   serial      one thread reads, computes, writes, in turn
//   threads     a new thread for every row of pairs (capped live threads)
//   pool        a fixed pool of N threads, one job per row
//   coroutines  a pipeline read → calculate → write: three tasks with bounded
//               queues between them, overlapping their simulated I/O
//   processes   child processes, work and results copied through pipes
//   optimised   serial, with radians and cosines precomputed per location
//
// Parameters: read_delay_ms (simulated I/O per input row), write_delay_ms
// (per output row), time_scale. Every mode writes the same CSV, in the
// course's pair order (see distance_output.hpp); `optimised` uses another
// kernel, whose distances agree with the others' to about 1e-15 relative.
#include "run/lesson.hpp"

namespace playground::lessons::distance_matrix {

[[nodiscard]] const Lesson& lesson();

}  // namespace playground::lessons::distance_matrix
