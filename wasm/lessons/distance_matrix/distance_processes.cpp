// The distance matrix in processes, as Python's multiprocessing does it:
// each child gets a copy of every location and a run of rows, computes
// their distances on its own and sends back their output lines. The parent
// reads the input before and writes the output after, as every mode does;
// starting, copying and timing the children is processes/parent.cpp's.
#include "lessons/distance_matrix/distance_processes.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lessons/distance_matrix/distance_run.hpp"
#include "lessons/distance_matrix/process_plan.hpp"
#include "lessons/distance_matrix/process_worker.hpp"
#include "run/lesson_support.hpp"

namespace playground::lessons::distance_matrix {

namespace {

// [excerpt distance-matrix.processes]
// The parent: read every row, then split the rows among the processes, each
// share with every location (any pair may need any of them). Nothing is
// shared: a child's share is copied to it, its rows' lines are copied back.
class DistanceWork final : public processes::ProcessWork {
 public:
  DistanceWork(const RunRequest& request, RunContext& context) : run_(request, context) {
    prepare(run_);
    read_rows(run_, "distance.processes.read");
  }

  std::vector<std::string> split(int processes) override {
    const int count = static_cast<int>(
        std::clamp<std::size_t>(static_cast<std::size_t>(processes), 1, std::max<std::size_t>(run_.rows(), 2) - 1));
    shares_ = split_rows(run_.rows(), count);
    std::vector<std::string> texts;
    WorkerRequest share{.locations = run_.locations};
    for (const RowShare& rows : shares_) {
      share.first_row = rows.first_row;
      share.row_count = rows.row_count;
      texts.push_back(format_worker_request(share));
    }
    run_.threads_used = count;
    return texts;
  }

  // A child computes until its first row arrives; the rest is copying out.
  void on_output(std::size_t k, const std::string&, processes::ChildLane& lane) override {
    if (computing_.size() <= k) computing_.resize(shares_.size(), true);
    if (!computing_[k]) return;
    computing_[k] = false;
    lane.mark(SpanState::running, "compute " + std::to_string(shares_[k].pair_count) + " pairs",
              "distance.processes.compute");  // @site distance.processes.compute
  }

  void on_closed(std::size_t k, const std::string& output, processes::ChildLane& lane) override {
    lane.mark(SpanState::waiting_on_io,
              "copy out " + std::to_string(shares_[k].row_count) + " rows of output (" + std::to_string(output.size()) +
                  " bytes)",
              "distance.processes.copy-out");  // @site distance.processes.copy-out
  }

  // The children's rows go into their slots, then the write stage, as in every mode.
  RunOutcome finish(const std::vector<processes::ChildRecord>& children) override {
    for (std::size_t k = 0; k < children.size(); ++k) {
      const RowShare& rows = shares_[k];
      WorkerResponse answer = parse_worker_response(children[k].output, rows.first_row, rows.row_count);
      for (std::size_t r = 0; r < rows.row_count; ++r)
        run_.row_text.adopt(rows.first_row + r, std::move(answer.rows_text[r]));
      run_.usage.add("process " + std::to_string(k + 1), answer.compute_us);
      run_.computed(static_cast<std::int64_t>(rows.pair_count));
    }
    write_rows(run_, "distance.processes.write");
    // No kernel_ms / format_ms: the children did that work, not this process.
    run_.computed_here = false;
    nlohmann::json costs = processes::costs_json(children);
    for (std::size_t k = 0; k < children.size(); ++k) {
      costs[k]["rows"] = shares_[k].row_count;
      costs[k]["pairs"] = shares_[k].pair_count;
    }
    run_.details["processes"] = std::move(costs);
    return outcome_of(run_);
  }

 private:
  DistanceRun run_;
  std::vector<RowShare> shares_;
  std::vector<bool> computing_;
};
// [/excerpt]

class DistanceProcesses final : public processes::ProcessesMode {
 public:
  DistanceProcesses() : ProcessesMode("distance.processes") {}
  std::unique_ptr<processes::ProcessWork> plan(const RunRequest& request, RunContext& context) const override {
    return std::make_unique<DistanceWork>(request, context);
  }
  void serve(std::string_view share, std::FILE* out) const override { serve_rows(share, out); }
};

}  // namespace

const processes::ProcessesMode& in_processes() {
  static const DistanceProcesses mode;
  return mode;
}

}  // namespace playground::lessons::distance_matrix
