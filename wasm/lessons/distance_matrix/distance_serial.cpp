// The distance matrix on one thread: the baseline every other mode is
// measured against, and the same loop with a better kernel.
#include "core/thread_lane.hpp"
#include "lessons/distance_matrix/distance_run.hpp"
#include "run/lane_usage.hpp"

namespace playground::lessons::distance_matrix {

// [excerpt distance-matrix.serial]
// One thread does everything in turn: read every row, compute every pair,
// write every row. Nothing overlaps, so the time is the sum of the three.
void run_serial(DistanceRun& run) {
  read_rows(run, "distance.serial.read");
  const micros start = thread_cpu_us();
  for (std::size_t j = 1; j < run.rows(); ++j) {  // row j: pairs (0,j) … (j-1,j)
    run.check_cancelled();
    LaneState computing(SpanState::running, row_label(j), "distance.serial.compute");
    compute_row(run, j);
    run.computed(static_cast<std::int64_t>(j));
  }
  run.usage.add("main", thread_cpu_us() - start);
  write_rows(run, "distance.serial.write");
}
// [/excerpt]

// [excerpt distance-matrix.optimised]
// Still one thread, but a better algorithm: every location's radians and
// cosine are computed once (n times) instead of once per pair (n² times).
// On the course's 250 cities this beats adding threads.
void run_optimised(DistanceRun& run) {
  read_rows(run, "distance.optimised.read");
  const micros start = thread_cpu_us();
  const std::vector<PreparedLocation> prepared = prepare_locations(run.locations);
  for (std::size_t j = 1; j < run.rows(); ++j) {
    run.check_cancelled();
    LaneState computing(SpanState::running, row_label(j), "distance.optimised.compute");
    compute_row_optimised(run, prepared, j);
    run.computed(static_cast<std::int64_t>(j));
  }
  run.usage.add("main", thread_cpu_us() - start);
  write_rows(run, "distance.optimised.write");
}
// [/excerpt]

}  // namespace playground::lessons::distance_matrix
