#pragma once
// One run of the distance matrix as its executors see it (internal to the
// distance_*.cpp files): the locations, the simulated I/O delays, the slots
// the distances go into, and the stages every mode shares.
//
// The matrix is computed row by row. Row j holds the pairs (0,j) … (j-1,j):
// the distances from location j to every location before it. In the course's
// pair order the rows follow each other, so row j starts at index j(j-1)/2
// and a row can be computed (and written) as soon as location j is read.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/gil.hpp"
#include "lessons/distance_matrix/distance_output.hpp"
#include "lessons/distance_matrix/haversine.hpp"
#include "lessons/distance_matrix/locations_csv.hpp"
#include "lessons/distance_matrix/row_texts.hpp"
#include "run/lane_usage.hpp"
#include "run/lesson.hpp"
#include "run/text_chunks.hpp"

namespace playground::lessons::distance_matrix {

struct DistanceRun {
  DistanceRun(const RunRequest& run_request, RunContext& run_context) : request(run_request), context(run_context) {}

  const RunRequest& request;
  RunContext& context;
  std::vector<Location> locations;
  std::vector<std::string> name_fields;  // locations' names as CSV fields (csv_name_fields)
  micros read_delay_us = 0;              // simulated I/O per input row
  micros write_delay_us = 0;             // simulated I/O per output row
  // Row j's output lines, made by whoever computed row j: turning a distance
  // into exact text costs far more than computing it, so it is part of the
  // work that runs in parallel. The write stage only hands them on, in order.
  RowTexts row_text;
  TextChunks output_csv;                              // written by the write stage: the header, then row after row
  std::atomic<micros> kernel_us{0};                   // CPU time in the distance kernel, all threads
  std::atomic<micros> format_us{0};                   // CPU time turning distances into text, all threads
  LaneUsage usage;                                    // busy time per lane
  nlohmann::json details = nlohmann::json::object();  // the mode's own result fields
  int threads_used = 1;                               // the result's `threads`
  bool computed_here = true;  // false when other processes computed (their CPU is not ours to time)
  SteadyClock clock;          // real time since the run started (busy times, wall time)

  [[nodiscard]] micros now() const { return clock.now_us(); }

  [[nodiscard]] std::size_t rows() const { return locations.size(); }
  [[nodiscard]] std::uint64_t pairs() const { return pair_count(locations.size()); }
  void check_cancelled() const {
    if (context.cancel) context.cancel->throw_if_cancelled();
  }
  // Counts `pairs` more distances as done (the run's progress).
  void computed(std::int64_t pairs) const;
};

// Index of the first pair of row j, (0, j).
[[nodiscard]] constexpr std::uint64_t row_start(std::size_t j) {
  return pair_index(LocationPair{.origin = 0, .destination = j});
}

// "row 7 (7 pairs)": how spans name a row.
[[nodiscard]] std::string row_label(std::size_t j);

// Row j's distances with the plain kernel into out[0..j), offering the
// simulated GIL to a waiting thread between pairs (free without a GIL).
void row_distances(const std::vector<Location>& locations, std::size_t j, double* out);

// Computes row j's distances with the plain kernel and writes its lines
// into its slot of run.row_text. Returns the CPU time that took (a thread's
// CPU clock is a system call natively: a caller needing the time reads it
// here instead of calling the clock twice more per row).
micros compute_row(DistanceRun& run, std::size_t j);

// The same with the optimised kernel on prepared locations.
micros compute_row_optimised(DistanceRun& run, const std::vector<PreparedLocation>& prepared, std::size_t j);

// The read stage of the modes without a pipeline: the simulated I/O of
// reading every input row, one after the other, on the calling thread.
void read_rows(DistanceRun& run, std::string_view site);

// Appends the output's header line.
void write_header(DistanceRun& run);

// Writes row j's lines to run.output_csv, after one simulated I/O delay per
// output row (pair).
void write_row(DistanceRun& run, std::size_t j, std::string_view site);

// Moves row j's lines to the end of the output (no delay).
void append_row(DistanceRun& run, std::size_t j);

// The write stage of the modes without a pipeline: the header, then every row.
void write_rows(DistanceRun& run, std::string_view site);

// The result every mode reports (its own fields come in run.details):
// locations, pairs, delays, busy time per lane and, when this process
// computed the rows, where the CPU time went.
[[nodiscard]] nlohmann::json distance_result(const DistanceRun& run, micros wall_us);

// Sets a run up from its request: delays, the parsed input, a slot per row
// of output, the progress total. Every mode, and the processes mode's
// parent, starts so.
void prepare(DistanceRun& run);

// The outcome every mode ends with: distance_result and the output CSV.
[[nodiscard]] RunOutcome outcome_of(DistanceRun& run);

// The executors, one per mode (distance_serial.cpp, distance_threads.cpp,
// distance_pipeline.cpp). Each reads, computes and writes: run.output_csv
// holds the whole output when it returns. The processes mode is the lesson's
// ProcessesMode instead (distance_processes.hpp).
void run_serial(DistanceRun& run);
void run_optimised(DistanceRun& run);
void run_thread_per_task(DistanceRun& run);
void run_pool(DistanceRun& run);
void run_pipeline(DistanceRun& run);

}  // namespace playground::lessons::distance_matrix
