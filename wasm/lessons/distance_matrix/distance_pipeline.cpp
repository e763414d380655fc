// The distance matrix as a coroutine pipeline, the course's asyncio version:
// read → calculate → write, three tasks on one thread, joined by bounded
// queues. Each stage waits on its own simulated I/O while the others get on
// with theirs, so with delays the run takes about as long as the slowest
// stage instead of the sum of all three.
#include <cstddef>
#include <optional>
#include <string>

#include "core/async_queue.hpp"
#include "core/event_loop.hpp"
#include "core/loop_drivers.hpp"
#include "core/sleep.hpp"
#include "core/task.hpp"
#include "lessons/distance_matrix/distance_run.hpp"
#include "run/lane_usage.hpp"

namespace playground::lessons::distance_matrix {

namespace {

// Rows waiting between two stages. Small, as in the course: a stage that
// runs ahead waits (backpressure) instead of piling rows up in memory.
constexpr std::size_t kRowsBetweenStages = 8;

using RowQueue = AsyncQueue<std::size_t>;  // row numbers: row j is ready for the next stage

// How full the queues got: at capacity means a stage ran ahead and had to wait.
void report(DistanceRun& run, const RowQueue& rows_read, const RowQueue& rows_computed) {
  run.details["queue_capacity"] = kRowsBetweenStages;
  run.details["peak_queue_depth"] = {{"rows_read", rows_read.peak_depth()},
                                     {"rows_computed", rows_computed.peak_depth()}};
}

}  // namespace

// [excerpt distance-matrix.coroutines]
// Reads the input one row at a time; each row costs a simulated I/O wait.
Task<void> reader(EventLoop& loop, DistanceRun& run, RowQueue& rows_read) {
  for (std::size_t j = 0; j < run.rows(); ++j) {
    if (run.read_delay_us > 0) co_await sleep(loop, run.read_delay_us);  // read one row
    co_await rows_read.put(j);
  }
  rows_read.close();  // no more rows: the calculator finishes once it has them all
}

// As soon as row j is read, its pairs (0,j) … (j-1,j) can be computed: every
// location before it was read already.
Task<void> calculator(DistanceRun& run, RowQueue& rows_read, RowQueue& rows_computed) {
  micros busy = 0;
  while (std::optional<std::size_t> j = co_await rows_read.get()) {
    const micros start = thread_cpu_us();
    if (*j > 0) compute_row(run, *j);
    busy += thread_cpu_us() - start;
    run.computed(static_cast<std::int64_t>(*j));
    co_await rows_computed.put(*j);
  }
  rows_computed.close();
  run.usage.add("calculator", busy);
}

// Writes each computed row's lines in order; each output row (one pair)
// costs a simulated I/O wait.
Task<void> writer(EventLoop& loop, DistanceRun& run, RowQueue& rows_computed) {
  write_header(run);
  while (std::optional<std::size_t> j = co_await rows_computed.get()) {
    if (run.write_delay_us > 0) {
      for (std::size_t i = 0; i < *j; ++i) co_await sleep(loop, run.write_delay_us);  // write one row
    }
    append_row(run, *j);
  }
}

void run_pipeline(DistanceRun& run) {
  // Traced runs use the trace's clock, so the tasks' spans line up with the rest.
  const Clock& clock = run.context.trace ? run.context.trace->clock() : static_cast<const Clock&>(run.clock);
  EventLoop loop({.clock = &clock, .trace = run.context.trace, .cancel = run.context.cancel});
  RowQueue rows_read(loop, {.capacity = kRowsBetweenStages, .name = "rows read"});
  RowQueue rows_computed(loop, {.capacity = kRowsBetweenStages, .name = "rows computed"});
  auto read = loop.spawn(reader(loop, run, rows_read), "reader");
  auto calculate = loop.spawn(calculator(run, rows_read, rows_computed), "calculator");
  auto write = loop.spawn(writer(loop, run, rows_computed), "writer");
  run_blocking(loop);                                                 // until all three have finished
  for (const auto& stage : {read, calculate, write}) stage.result();  // rethrows a stage's failure
  report(run, rows_read, rows_computed);
}
// [/excerpt]

}  // namespace playground::lessons::distance_matrix
