#include "lessons/server_load/server_processes.hpp"

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/cpu_work.hpp"
#include "lessons/server_load/request_plan.hpp"
#include "lessons/server_load/results.hpp"
#include "lessons/server_load/servers.hpp"
#include "run/lesson_support.hpp"

namespace playground::lessons::server_load {

namespace {

struct Share {
  RequestShape shape;
  int backlog = 1;
  std::vector<int> ids;  // the run's request ids, in arrival order
  std::vector<micros> arrivals_us;
};

Share parse_share(std::string_view text) {
  std::istringstream lines{std::string(text)};
  std::string line;
  Share share;
  if (!std::getline(lines, line)) throw RunError("server worker: empty share");
  {
    std::istringstream words(line);
    std::string keyword;
    unsigned long long steps = 0;
    double steps_per_ms = 0;
    if (!(words >> keyword >> steps >> share.shape.io_us >> share.backlog >> steps_per_ms) || keyword != "server" ||
        !(steps_per_ms > 0)) {
      throw RunError("server worker: bad first line \"" + line + "\"");
    }
    share.shape.cpu_steps_per_part = steps;
    // The parent's calibration, as a Web Worker child adopts the page's: a
    // child that measured its own would spend its first request's step on it.
    adopt_cpu_steps_per_ms(steps_per_ms);
  }
  while (std::getline(lines, line)) {
    if (line == "end") return share;
    std::istringstream words(line);
    std::string keyword;
    int id = -1;
    micros at = 0;
    if (!(words >> keyword >> id >> at) || keyword != "request" || id < 0) {
      throw RunError("server worker: bad request line \"" + line + "\"");
    }
    share.ids.push_back(id);
    share.arrivals_us.push_back(at);
  }
  throw RunError("server worker: share ended before \"end\"");
}

// What the child's loop did, as its own trace recorded it (the spans the
// coroutines mode draws): each step its loop ran of a request's task (its
// CPU parts: "ran") and each database wait ("waited"), under the run's
// request ids, on its own clock. Its spans name its requests by their place
// in its share. A task's last step is recorded once it has ended, after its
// request's "done".
void forward_spans(const TraceRecorder& trace, TraceCursor& cursor, const Share& share, std::FILE* out) {
  for (const Span& span : trace.read_new(cursor)) {
    // Only the loop records running spans here (no thread of the child has a lane of its own).
    const bool ran = span.state == SpanState::running;
    if (!ran && span.state != SpanState::waiting_on_io) continue;
    const auto request = request_of_label(span.label);
    if (!request) continue;  // the acceptor's steps and its waits for the next arrival
    std::fprintf(out, "%s %d %lld %lld%s%s\n", ran ? "ran" : "waited",
                 share.ids.at(static_cast<std::size_t>(request->id)), static_cast<long long>(span.start_us),
                 static_cast<long long>(span.end_us), request->what.empty() ? "" : " ", request->what.c_str());
  }
}

// [excerpt server-load.processes]
// Each worker process: the coroutines server on its own share of the
// requests, with its own loop and backlog; it reports each request as it is
// settled, and what its loop did for it, so the parent sees the run as it goes.
void serve_share(std::string_view text, std::FILE* out) {
  const Share share = parse_share(text);
  const SteadyClock clock;  // from now: the share's arrival times count from here
  TraceRecorder trace(clock);
  TraceCursor forwarded;
  AcceptQueue queue({.arrivals_us = share.arrivals_us,
                     .backlog = share.backlog,
                     .clock = &clock,
                     .context = nullptr,
                     .on_settled = [&](int k, const RequestTimes& t) {
                       forward_spans(trace, forwarded, share, out);
                       const int id = share.ids[static_cast<std::size_t>(k)];
                       if (t.rejected) {
                         std::fprintf(out, "rejected %d %lld\n", id, static_cast<long long>(t.arrival));
                       } else {
                         std::fprintf(out, "done %d %lld %lld %lld %lld\n", id, static_cast<long long>(t.arrival),
                                      static_cast<long long>(t.start), static_cast<long long>(t.done),
                                      static_cast<long long>(t.cpu));
                       }
                       std::fflush(out);
                     }});
  RunContext traced{.trace = &trace};
  run_coroutines(queue, share.shape, traced);
  forward_spans(trace, forwarded, share, out);
  std::fflush(out);
}
// [/excerpt]

// The parent: shares the requests out, draws each report on its child's
// lane, and turns the reports into the run's result.
class ServerWork final : public processes::ProcessWork {
 public:
  ServerWork(const RunRequest& request, RunContext& context)
      : request_(request),
        context_(context),
        shape_(shape_of(request)),
        arrivals_(arrivals_of(request)),
        reports_(arrivals_.size()) {
    add_progress_total(context, static_cast<std::int64_t>(arrivals_.size()));
  }

  std::vector<std::string> split(int processes) override {
    const auto count = static_cast<std::size_t>(std::max(1, processes));
    std::vector<std::string> texts(
        count, "server " + std::to_string(shape_.cpu_steps_per_part) + " " + std::to_string(shape_.io_us) + " " +
                   std::to_string(param_int(request_, "backlog")) + " " + std::to_string(cpu_steps_per_ms()) + "\n");
    children_.assign(count, Child{});
    for (std::size_t i = 0; i < arrivals_.size(); ++i) {
      texts[i % count] += "request " + std::to_string(i) + " " + std::to_string(arrivals_[i]) + "\n";
      ++children_[i % count].requests;
    }
    for (std::string& text : texts) text += "end\n";
    return texts;
  }

  // "ran" ID FROM TO: a step of its loop for a request (its CPU parts), and
  // "waited" ID FROM TO WHAT: its database wait, each drawn where it
  // happened; "rejected" and "done": a request settled.
  void on_output(std::size_t k, const std::string& output, processes::ChildLane& lane) override {
    Child& child = children_[k];
    for (std::size_t end; (end = output.find('\n', child.parsed)) != std::string::npos; child.parsed = end + 1) {
      const std::string line = output.substr(child.parsed, end - child.parsed);
      const auto bad = [&] {
        return RunError("worker process " + std::to_string(k + 1) + " sent \"" + line.substr(0, 60) + "\"");
      };
      std::istringstream words(line);
      std::string keyword;
      int id = -1;
      words >> keyword >> id;
      // Request i went to child i mod n.
      if (!words || id < 0 || static_cast<std::size_t>(id) >= reports_.size() ||
          static_cast<std::size_t>(id) % children_.size() != k) {
        throw bad();
      }
      if (keyword == "ran" || keyword == "waited") {
        micros from = 0;
        micros to = 0;
        std::string what;
        if (!(words >> from >> to) || from < 0 || to < from) throw bad();
        std::getline(words >> std::ws, what);
        if (keyword == "waited" && what.empty()) throw bad();
        lane.span(keyword == "ran" ? SpanState::running : SpanState::waiting_on_io, from, to,
                  what.empty() ? request_label(id) : request_label(id) + ": " + what,
                  keyword == "ran" ? "server.cpu" : "server.io");
        continue;
      }
      if (reports_[static_cast<std::size_t>(id)].settled) throw bad();  // settled once
      Report report;
      if (keyword == "rejected" && (words >> report.times.arrival)) {
        report.times.rejected = true;
        lane.span(SpanState::rejected, report.times.arrival, report.times.arrival,
                  request_label(id) + ": the backlog was full", "server.accept");
      } else if (keyword != "done" ||
                 !(words >> report.times.arrival >> report.times.start >> report.times.done >> report.times.cpu)) {
        throw bad();
      }
      report.settled = true;
      report.child = k;
      reports_[static_cast<std::size_t>(id)] = report;
      ++child.settled;
      count_progress(context_);
    }
  }

  RunOutcome finish(const std::vector<processes::ChildRecord>& records) override {
    micros origin = -1;
    micros last = 0;
    for (std::size_t k = 0; k < children_.size(); ++k) {
      if (children_[k].settled != children_[k].requests) {
        throw RunError("worker process " + std::to_string(k + 1) + " ended after " +
                       std::to_string(children_[k].settled) + " of its " + std::to_string(children_[k].requests) +
                       " requests");
      }
      origin = origin < 0 ? records[k].sent_at : std::min(origin, records[k].sent_at);
      last = std::max(last, records[k].closed_at);
    }
    std::vector<RequestTimes> times;
    for (const Report& report : reports_) {
      RequestTimes t = report.times;
      const micros offset = records[report.child].sent_at - origin;
      t.arrival += offset;
      if (!t.rejected) {
        t.start += offset;
        t.done += offset;
        t.taken = t.start;  // a child reports when it began a request, not when it took it
      }
      times.push_back(t);
    }
    RunOutcome outcome;
    outcome.result = base_result(request_, static_cast<int>(children_.size()), stopwatch_.elapsed_ms());
    outcome.result.update(describe_requests(times, static_cast<double>(last - origin) / 1000.0, window_s_of(request_),
                                            cpu_ms_of(request_), static_cast<double>(shape_.io_us) / 1000.0, -1,
                                            resources_of(request_)));
    outcome.result.erase("peak_backlog");  // each child had its own backlog and kept its depth to itself
    outcome.result["startup_ms"] = processes::slowest_startup_ms(records);
    return outcome;
  }

 private:
  struct Child {
    std::size_t requests = 0;
    std::size_t settled = 0;
    std::size_t parsed = 0;  // how much of its output has been read
  };
  struct Report {
    RequestTimes times;
    std::size_t child = 0;
    bool settled = false;
  };
  const RunRequest& request_;
  RunContext& context_;
  Stopwatch stopwatch_;
  RequestShape shape_;
  std::vector<micros> arrivals_;
  std::vector<Report> reports_;
  std::vector<Child> children_;
};

class ServerProcesses final : public processes::ProcessesMode {
 public:
  ServerProcesses() : ProcessesMode("server.processes") {}
  std::unique_ptr<processes::ProcessWork> plan(const RunRequest& request, RunContext& context) const override {
    return std::make_unique<ServerWork>(request, context);
  }
  void serve(std::string_view share, std::FILE* out) const override { serve_share(share, out); }
};

}  // namespace

const processes::ProcessesMode& in_processes() {
  static const ServerProcesses mode;
  return mode;
}

}  // namespace playground::lessons::server_load
