#include "processes/parent.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "core/causal_edge.hpp"
#include "processes/protocol.hpp"

namespace playground::processes {

// A child's lane as the lesson draws it: each mark ends the span since the last.
class ProcessesParent::Lane final : public ChildLane {
 public:
  Lane(ProcessesParent& parent, std::size_t k) : parent_(parent), k_(k) {}
  void mark(SpanState state, std::string label, std::string_view site) override {
    const micros now = parent_.now();
    micros& since = parent_.marks_[k_];
    if (parent_.context_.trace != nullptr && now > since) {
      parent_.context_.trace->record(parent_.at(k_).lane, state, since, now, std::move(label), site);
    }
    since = now;
  }
  void span(SpanState state, micros from_us, micros to_us, std::string label, std::string_view site) override {
    const ChildRecord& child = parent_.at(k_);
    if (child.sent_at < 0) {
      throw RunError("worker process " + std::to_string(k_ + 1) + " reported work before it was sent its share");
    }
    if (from_us < 0 || to_us < from_us) {
      throw RunError("worker process " + std::to_string(k_ + 1) + " reported a span from " + std::to_string(from_us) +
                     " to " + std::to_string(to_us) + " µs");
    }
    if (parent_.context_.trace != nullptr) {
      parent_.context_.trace->record(child.lane, state, child.sent_at + from_us, child.sent_at + to_us,
                                     std::move(label), site);
    }
  }
  [[nodiscard]] micros now() const override { return parent_.now(); }

 private:
  ProcessesParent& parent_;
  std::size_t k_;
};

namespace {

const ProcessesMode& mode_of(const Lesson& lesson) {
  const ProcessesMode* mode = lesson.processes_mode();
  if (mode == nullptr) throw RunError("lesson " + std::string(lesson.id()) + " has no processes mode");
  return *mode;
}

}  // namespace

ProcessesParent::ProcessesParent(const Lesson& lesson, const RunRequest& request, RunContext& context)
    : mode_(mode_of(lesson)), request_(request), context_(context), work_(mode_.plan(request_, context)) {
  const std::vector<std::string> shares = work_->split(request_.threads);
  children_.resize(shares.size());
  first_line_.resize(shares.size());
  past_first_line_.resize(shares.size(), false);
  marks_.resize(shares.size());
  for (std::size_t k = 0; k < shares.size(); ++k) {
    children_[k].request = child_request(lesson.id(), shares[k]);
    if (context.trace != nullptr) {
      children_[k].lane = context.trace->add_lane("process " + std::to_string(k + 1), LaneKind::process);
    }
  }
}

ProcessesParent::~ProcessesParent() = default;

micros ProcessesParent::now() const { return context_.trace != nullptr ? context_.trace->now() : own_clock_.now_us(); }

const ChildRecord& ProcessesParent::at(std::size_t k) const {
  if (k >= children_.size()) throw RunError("there is no worker process " + std::to_string(k + 1));
  return children_[k];
}
ChildRecord& ProcessesParent::at(std::size_t k) {
  return const_cast<ChildRecord&>(static_cast<const ProcessesParent&>(*this).at(k));
}

void ProcessesParent::spawned(std::size_t k) { at(k).spawned_at = marks_[k] = now(); }

void ProcessesParent::ready(std::size_t k) {
  ChildRecord& child = at(k);
  if (child.ready_at >= 0) return;
  child.ready_at = now();
  Lane(*this, k).mark(SpanState::starting, "start process", sites().start);
}

void ProcessesParent::sent(std::size_t k) {
  ChildRecord& child = at(k);
  child.sent_at = now();
  Lane(*this, k).mark(SpanState::starting, "copy in its share (" + std::to_string(child.request.size()) + " bytes)",
                      sites().copy_in);
  // The message as a causal edge: from the parent's lane (this thread's), where
  // the copy began, to the child's, where it arrived.
  if (const EdgeEnd parent = here_on_lane(); parent.traced() && context_.trace != nullptr) {
    context_.trace->record_edge(Edge{EdgeKind::message,
                                     {parent.lane, child.ready_at},
                                     {child.lane, child.sent_at},
                                     "its share (" + std::to_string(child.request.size()) + " bytes)"});
  }
}

void ProcessesParent::output(std::size_t k, std::string_view text) {
  ChildRecord& child = at(k);
  std::string& first_line = first_line_[k];
  if (!past_first_line_[k]) {
    // The protocol's first line is "ready"; it may arrive in pieces.
    first_line.append(text);
    const std::size_t end = first_line.find('\n');
    if (end == std::string::npos) return;
    past_first_line_[k] = true;
    if (first_line.compare(0, end, "ready") == 0) {
      ready(k);
      child.output.append(first_line, end + 1);
    } else {
      child.output.append(first_line);  // not the protocol: finish() says what the child wrote
    }
    first_line.clear();
  } else {
    child.output.append(text);
  }
  if (child.output.empty()) return;
  if (child.first_output_at < 0) child.first_output_at = now();
  if (!child_error(child.output).empty()) return;  // finish() reports it
  Lane lane(*this, k);
  work_->on_output(k, child.output, lane);
}

void ProcessesParent::closed(std::size_t k, int status) {
  ChildRecord& child = at(k);
  child.status = status;
  child.closed_at = now();
  if (child.first_output_at < 0) child.first_output_at = child.closed_at;
  // Its answer as a causal edge: from the child's lane, where it began to
  // write, to the parent's, where the answer was whole.
  record_edge_here(EdgeKind::message, EdgeEnd{context_.trace != nullptr ? child.lane : -1, child.first_output_at},
                   [&] { return "its answer (" + std::to_string(child.output.size()) + " bytes)"; });
  Lane lane(*this, k);
  if (child_error(child.output).empty()) work_->on_closed(k, child.output, lane);
}

bool ProcessesParent::all_closed() const {
  return std::all_of(children_.begin(), children_.end(), [](const ChildRecord& c) { return c.closed_at >= 0; });
}

RunOutcome ProcessesParent::finish() {
  for (std::size_t k = 0; k < children_.size(); ++k) {
    const ChildRecord& child = children_[k];
    const std::string name = "worker process " + std::to_string(k + 1);
    if (child.closed_at < 0) throw RunError(name + " has not finished");
    if (const std::string error = child_error(child.output); !error.empty()) throw RunError(name + ": " + error);
    if (child.ready_at < 0) throw RunError(name + " never said it was ready");
    if (child.status != 0) throw RunError(name + " exited with status " + std::to_string(child.status));
  }
  return work_->finish(children_);
}

nlohmann::json costs_json(const std::vector<ChildRecord>& children) {
  const auto ms = [](micros from, micros to) { return static_cast<double>(to - from) / 1000.0; };
  nlohmann::json list = nlohmann::json::array();
  for (const ChildRecord& c : children) {
    list.push_back({{"startup_ms", ms(c.spawned_at, c.ready_at)},
                    {"copy_in_ms", ms(c.ready_at, c.sent_at)},
                    {"copy_out_ms", ms(c.first_output_at, c.closed_at)},
                    {"bytes_in", c.request.size()},
                    {"bytes_out", c.output.size()}});
  }
  return list;
}

namespace {
double slowest_ms(const std::vector<ChildRecord>& children, micros ChildRecord::*from, micros ChildRecord::*to) {
  double slowest = 0;
  for (const ChildRecord& c : children) slowest = std::max(slowest, static_cast<double>(c.*to - c.*from) / 1000.0);
  return slowest;
}
}  // namespace

double slowest_startup_ms(const std::vector<ChildRecord>& children) {
  return slowest_ms(children, &ChildRecord::spawned_at, &ChildRecord::ready_at);
}

double slowest_copy_in_ms(const std::vector<ChildRecord>& children) {
  return slowest_ms(children, &ChildRecord::ready_at, &ChildRecord::sent_at);
}

}  // namespace playground::processes
