#include "lessons/distance_matrix/distance_matrix.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "core/blocking_wait.hpp"
#include "core/thread_lane.hpp"
#include "lessons/distance_matrix/distance_processes.hpp"
#include "lessons/distance_matrix/distance_run.hpp"
#include "processes/parent.hpp"
#include "run/lane_usage.hpp"
#include "run/lesson_support.hpp"

namespace playground::lessons::distance_matrix {

// ---- the stages every mode shares -------------------------------------------

void DistanceRun::computed(std::int64_t pairs) const { count_progress(context, pairs); }

void prepare(DistanceRun& run) {
  run.read_delay_us = scaled_delay_us(run.request, param_number(run.request, "read_delay_ms"));
  run.write_delay_us = scaled_delay_us(run.request, param_number(run.request, "write_delay_ms"));
  run.locations = parse_locations_csv(run.request.input_csv);
  run.name_fields = csv_name_fields(run.locations);
  run.row_text = RowTexts(run.locations.size());
  run.row_text.reserve(row_text_rooms(run.name_fields));
  add_progress_total(run.context, static_cast<std::int64_t>(run.pairs()));
}

RunOutcome outcome_of(DistanceRun& run) {
  RunOutcome outcome;
  outcome.result = distance_result(run, run.now());
  outcome.output_csv = std::move(run.output_csv);
  outcome.output_csv.keep(run.row_text.storage());  // the rows are views of it
  return outcome;
}

std::string row_label(std::size_t j) {
  return "row " + std::to_string(j) + " (" + std::to_string(j) + (j == 1 ? " pair)" : " pairs)");
}

void row_distances(const std::vector<Location>& locations, std::size_t j, double* out) {
  const Location& destination = locations[j];
  for (std::size_t i = 0; i < j; ++i) {
    out[i] = haversine_km(locations[i], destination);
    gil_checkpoint("distance.compute");  // "interpreted" code lets a waiting thread in
  }
}

namespace {

// Formats row j (its distances in `distances`), adds the CPU times of both
// halves, and returns their sum.
micros finish_row(DistanceRun& run, std::size_t j, const double* distances, micros kernel_start) {
  const micros kernel_end = thread_cpu_us();
  run.row_text.finish(j, write_row_lines(run.row_text.slot(j), run.name_fields, j, distances));
  const micros format_end = thread_cpu_us();
  // relaxed: totals read only after every thread has been joined.
  run.kernel_us.fetch_add(kernel_end - kernel_start, std::memory_order_relaxed);
  run.format_us.fetch_add(format_end - kernel_end, std::memory_order_relaxed);
  return format_end - kernel_start;
}

}  // namespace

// A row's distances live only until its lines are written: the text is the
// output, and a matrix of doubles (4 MB for 1 000 locations) would be one
// more thing to allocate and zero before any thread can start. Each thread
// keeps one buffer for them, as large as its largest row, instead of
// allocating per row (all threads share one allocator).
namespace {
double* row_buffer(std::size_t j) {
  thread_local std::vector<double> row;
  if (row.size() < j) row.resize(j);
  return row.data();
}
}  // namespace

micros compute_row(DistanceRun& run, std::size_t j) {
  const micros start = thread_cpu_us();
  double* const row = row_buffer(j);
  row_distances(run.locations, j, row);
  return finish_row(run, j, row, start);
}

micros compute_row_optimised(DistanceRun& run, const std::vector<PreparedLocation>& prepared, std::size_t j) {
  const micros start = thread_cpu_us();
  double* const row = row_buffer(j);
  const PreparedLocation& destination = prepared[j];
  for (std::size_t i = 0; i < j; ++i) row[i] = haversine_km(prepared[i], destination);
  return finish_row(run, j, row, start);
}

void read_rows(DistanceRun& run, std::string_view site) {
  if (run.read_delay_us <= 0) return;
  for (std::size_t j = 0; j < run.rows(); ++j) {
    thread_sleep(run.read_delay_us, run.context.cancel, "read " + run.locations[j].name, site);
  }
}

void write_header(DistanceRun& run) { run.output_csv.append(std::string(kDistanceCsvHeader) + "\n"); }

void append_row(DistanceRun& run, std::size_t j) { run.output_csv.append_view(run.row_text.row(j)); }

void write_row(DistanceRun& run, std::size_t j, std::string_view site) {
  if (run.write_delay_us > 0) {
    for (std::size_t i = 0; i < j; ++i) {
      thread_sleep(run.write_delay_us, run.context.cancel,
                   "write " + run.locations[i].name + " → " + run.locations[j].name, site);
    }
  }
  append_row(run, j);
}

void write_rows(DistanceRun& run, std::string_view site) {
  write_header(run);
  for (std::size_t j = 1; j < run.rows(); ++j) {
    run.check_cancelled();
    write_row(run, j, site);
  }
}

nlohmann::json distance_result(const DistanceRun& run, micros wall_us) {
  nlohmann::json result = base_result(run.request, run.threads_used, static_cast<double>(wall_us) / 1000.0);
  result["locations"] = run.locations.size();
  result["pairs"] = run.pairs();
  result["read_delay_ms"] = static_cast<double>(run.read_delay_us) / 1000.0;
  result["write_delay_ms"] = static_cast<double>(run.write_delay_us) / 1000.0;
  result["lanes"] = run.usage.to_json(wall_us);
  if (run.computed_here) {
    // Where the CPU time went: the distance kernel, and turning distances into text.
    result["kernel_ms"] = static_cast<double>(run.kernel_us.load()) / 1000.0;
    result["format_ms"] = static_cast<double>(run.format_us.load()) / 1000.0;
  }
  result.update(run.details);
  return result;
}

// ---- the lesson -----------------------------------------------------------------

namespace {

using ModeRunner = void (*)(DistanceRun&);

struct ModeEntry {
  const char* mode;
  ModeRunner run;
  bool needs_threads;
};

// In the order a comparison runs them; serial is the baseline.
constexpr ModeEntry kModes[] = {
    {"serial", run_serial, false},       {"threads", run_thread_per_task, true}, {"pool", run_pool, true},
    {"coroutines", run_pipeline, false}, {"processes", nullptr, false},          {"optimised", run_optimised, false},
};

std::vector<std::string> mode_names() {
  std::vector<std::string> names;
  for (const ModeEntry& entry : kModes) names.emplace_back(entry.mode);
  return names;
}

class DistanceMatrixLesson final : public Lesson {
 public:
  DistanceMatrixLesson() : Lesson("distance-matrix", mode_names()) {}

  // The same mode on the first 200 locations of the input, without simulated
  // I/O: every stage's code runs (about 20 000 pairs) before the measured
  // run. An error in those lines is reported by the warm-up with the same
  // line numbers. A thread per task starts no warm-up: in WebAssembly the
  // threads that a warm-up's 200 tasks ended return to the page's pool only
  // after a turn of its event loop, and the measured run, starting at once,
  // found no thread to start ("Resource temporarily unavailable").
  [[nodiscard]] std::optional<RunRequest> warm_up_request(const RunRequest& request) const override {
    if (request.mode == "threads") return std::nullopt;
    RunRequest small = request;
    small.params["read_delay_ms"] = 0;
    small.params["write_delay_ms"] = 0;
    std::size_t end = 0;                      // just past the last line kept
    for (int line = 0; line < 201; ++line) {  // a header line and 200 locations
      const std::size_t newline = request.input_csv.find('\n', end);
      if (newline == std::string::npos) return small;  // a shorter input: all of it
      end = newline + 1;
    }
    small.input_csv = request.input_csv.substr(0, end);
    return small;
  }

  // Every pair's distance and its line of output: about two input lines'
  // worth of names, and the distance, per pair; for at most as many
  // locations as the reader accepts (more are refused before any pair).
  [[nodiscard]] std::size_t peak_memory_bytes(const RunRequest& request) const override {
    const auto lines = static_cast<std::uint64_t>(std::count(request.input_csv.begin(), request.input_csv.end(), '\n'));
    const std::uint64_t bytes_per_line = request.input_csv.size() / std::max<std::uint64_t>(1, lines);
    const std::uint64_t locations = std::min<std::uint64_t>(lines, kDefaultMaxLocations);
    return static_cast<std::size_t>(pair_count(locations) * (2 * bytes_per_line + 32));
  }

 private:
  [[nodiscard]] RunOutcome run_mode(const RunRequest& request, RunContext& context) const override {
    if (request.mode == "processes") return processes::run_in_child_processes(*this, request, context);
    const ModeEntry& mode = find(request.mode);
    if (mode.needs_threads) require_threads(request);
    if (request.threads < 1) throw RunError("threads is " + std::to_string(request.threads) + ", must be at least 1");

    DistanceRun run(request, context);
    // The main thread's lane: what the run does on the caller's thread.
    ThreadLane main_lane(context.trace, add_lane(context, "main", LaneKind::thread));
    prepare(run);
    mode.run(run);
    return outcome_of(run);
  }

 public:
  [[nodiscard]] const processes::ProcessesMode* processes_mode() const override { return &in_processes(); }

 private:
  static const ModeEntry& find(const std::string& mode) {
    for (const ModeEntry& entry : kModes) {
      if (mode == entry.mode) return entry;
    }
    throw RunError("unknown mode " + mode);  // unreachable after require_mode
  }
};

}  // namespace

const Lesson& lesson() {
  static const DistanceMatrixLesson lesson;
  return lesson;
}

}  // namespace playground::lessons::distance_matrix
