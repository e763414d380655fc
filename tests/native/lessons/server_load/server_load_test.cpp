#include "lessons/server_load/server_load.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/shared_lane_support.hpp"
#include "lessons/lesson_test_support.hpp"
#include "lessons/server_load/request_shape.hpp"

namespace playground::lessons::server_load {
namespace {

using namespace playground::testing;

// One backlog shared by all the server's threads or tasks.
const std::vector<std::string> kSharedBacklog = {"sync", "threads", "thread-per-request", "coroutines",
                                                 "coroutines-pool"};
const std::vector<std::string> kAllModes = {"sync",       "threads",         "thread-per-request",
                                            "coroutines", "coroutines-pool", "processes"};

nlohmann::json run_mode(const std::string& mode, const nlohmann::json& params, int threads = 4, bool gil = false) {
  return run_demo(lesson(), request(mode, params, threads, gil));
}

// arrived = completed + rejected, and the per-request list says the same.
void expect_conserved(const nlohmann::json& r, const std::string& mode) {
  EXPECT_EQ(r["arrived"].get<int>(), r["completed"].get<int>() + r["rejected"].get<int>()) << mode;
  int completed = 0;
  int rejected = 0;
  for (const auto& one : r["requests"]) {
    const bool was_rejected = one.value("rejected", false);
    EXPECT_NE(was_rejected, one.contains("end_ms")) << mode << " request " << one["id"];
    (was_rejected ? rejected : completed) += 1;
  }
  EXPECT_EQ(completed, r["completed"].get<int>()) << mode;
  EXPECT_EQ(rejected, r["rejected"].get<int>()) << mode;
}

TEST(ServerLoad, a_burst_larger_than_the_backlog_is_served_up_to_the_backlog_in_every_mode) {
  // All 30 arrive before any server takes one: exactly `backlog` get in.
  const nlohmann::json burst = {{"burst", 30}, {"backlog", 5}, {"cpu_ms", 1}, {"io_ms", 5}};
  for (const auto& mode : kSharedBacklog) {
    const auto r = run_mode(mode, burst);
    EXPECT_EQ(r["arrived"], 30) << mode;
    EXPECT_EQ(r["completed"], 5) << mode;
    EXPECT_EQ(r["rejected"], 25) << mode;
    EXPECT_EQ(r["peak_backlog"], 5) << mode;
    expect_conserved(r, mode);
  }
  // Four processes, each with its own backlog of 5, get 8, 8, 7 and 7 of them.
  const auto processes = run_mode("processes", burst, 4);
  EXPECT_EQ(processes["arrived"], 30);
  EXPECT_EQ(processes["completed"], 20);
  EXPECT_EQ(processes["rejected"], 10);
  expect_conserved(processes, "processes");
}

TEST(ServerLoad, every_arrival_is_completed_once_or_rejected_under_overload_in_every_mode) {
  const nlohmann::json overload = {{"rate_per_s", 400}, {"duration_s", 0.5}, {"backlog", 8},
                                   {"cpu_ms", 2},       {"io_ms", 10},       {"seed", 3}};
  for (const auto& mode : kAllModes) {
    for (const bool gil : {false, true}) {
      const auto r = run_mode(mode, overload, 2, gil);
      EXPECT_GT(r["arrived"].get<int>(), 100) << mode;
      expect_conserved(r, mode);
    }
  }
}

TEST(ServerLoad, below_capacity_every_mode_answers_in_about_cpu_plus_io) {
  if (kSanitized) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  if (!machine_has_idle_cores()) GTEST_SKIP() << "every core is busy with other programs: work and wake-ups run late";
  // 10 requests a second of 2 + 20 ms: every server is mostly idle.
  const nlohmann::json light = {{"rate_per_s", 10}, {"duration_s", 1.5}, {"cpu_ms", 2}, {"io_ms", 20}};
  for (const auto& mode : kAllModes) {
    expect_timing_within_tries([&] {
      const auto r = run_mode(mode, light);
      if (r["rejected"] != 0) return mode + " rejected requests";
      const double p50 = r["latency_ms"]["p50"];
      if (p50 < 22.0 * 0.95 || p50 > 22.0 * 1.25 + 3) return mode + " p50 = " + std::to_string(p50) + " ms";
      return std::string();
    });
  }
}

// 1 + 40 ms per request: sync serves at most ~24 a second; 60 arrive.
const nlohmann::json kIoHeavy = {{"rate_per_s", 60}, {"duration_s", 1.5}, {"backlog", 10},
                                 {"cpu_ms", 1},      {"io_ms", 40},       {"seed", 2}};

TEST(ServerLoad, io_heavy_past_its_capacity_sync_queues_and_rejects) {
  // A busy machine only makes sync slower: no timing to skip for.
  const auto sync = run_mode("sync", kIoHeavy);
  EXPECT_GT(sync["rejected"].get<int>(), 0);
  EXPECT_GT(sync["latency_ms"]["p95"].get<double>(), 4 * 41.0);  // a full backlog ahead of it
  EXPECT_EQ(sync["peak_backlog"], 10);
  EXPECT_FALSE(sync["model"]["stable"].get<bool>());
  EXPECT_EQ(sync["model"]["bottleneck"], "server");
}

// The page's first run: the scenario's defaults (40 a second of 5 + 50 ms for 1 s, a
// backlog of 10) are past sync's capacity of 18 a second, within coroutines'.
TEST(ServerLoad, on_the_defaults_sync_queues_and_rejects_while_coroutines_answer_in_about_the_service_time) {
  const auto sync = run_mode("sync", nlohmann::json::object());
  EXPECT_GT(sync["rejected"].get<int>(), 0);
  EXPECT_GT(sync["latency_ms"]["p95"].get<double>(), 3 * 55.0);
  expect_conserved(sync, "sync");
  if (kSanitized) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  if (!machine_has_idle_cores()) GTEST_SKIP() << "every core is busy with other programs: work and wake-ups run late";
  expect_timing_within_tries([&] {
    const auto coroutines = run_mode("coroutines", nlohmann::json::object());
    if (coroutines["rejected"] != 0) return std::string("coroutines rejected requests");
    const double p95 = coroutines["latency_ms"]["p95"];
    return p95 <= 55.0 * 1.5 + 10 ? std::string() : "coroutines p95 = " + std::to_string(p95) + " ms";
  });
}

TEST(ServerLoad, io_heavy_past_sync_capacity_coroutines_answer_in_about_the_service_time) {
  if (kSanitized) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  if (!machine_has_idle_cores()) GTEST_SKIP() << "every core is busy with other programs: work and wake-ups run late";
  expect_timing_within_tries([&] {
    const auto coroutines = run_mode("coroutines", kIoHeavy);
    if (coroutines["rejected"] != 0) return std::string("coroutines rejected requests");
    const double p95 = coroutines["latency_ms"]["p95"];
    return p95 <= 41.0 * 1.3 + 3 ? std::string() : "coroutines p95 = " + std::to_string(p95) + " ms";
  });
}

// A load sweep of the sync server (20 ms of database wait, no CPU: capacity
// 50 a second) at half and one and a half times its capacity. The measured
// knee (the most it serves) is the model's capacity within 15 %; below it
// the mean response time is at least the service time and at most the
// M/M/1 prediction + 15 % (fixed service times wait less than M/M/1's).
TEST(ServerLoad, a_load_sweep_finds_the_knee_the_model_predicts) {
  if (kSanitized) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  if (!machine_has_idle_cores()) GTEST_SKIP() << "every core is busy with other programs: work and wake-ups run late";
  const nlohmann::json base = {{"duration_s", 2}, {"backlog", 1000}, {"cpu_ms", 0}, {"io_ms", 20}, {"seed", 4}};
  expect_timing_within_tries([&] {
    nlohmann::json below = base;
    below["rate_per_s"] = 25;
    const auto light = run_mode("sync", below);
    const double mean = light["latency_ms"]["mean"];
    const double predicted = light["model"]["response_ms"];
    if (mean < 20.0 || mean > predicted * 1.15) {
      return "mean response at half capacity " + std::to_string(mean) + " ms, model " + std::to_string(predicted);
    }
    nlohmann::json above = base;
    above["rate_per_s"] = 75;
    const auto heavy = run_mode("sync", above);
    const double knee = std::max(light["throughput_per_s"].get<double>(), heavy["throughput_per_s"].get<double>());
    return within("measured knee (req/s)", knee, heavy["model"]["capacity_per_s"], 0.15);
  });
}

// CPU-heavy: 20 ms of CPU, no wait, 80 arriving a second (the backlog holds all).
const nlohmann::json kCpuHeavy = {{"rate_per_s", 80}, {"duration_s", 1.5}, {"backlog", 1000},
                                  {"cpu_ms", 20},     {"io_ms", 0},        {"seed", 5}};

TEST(ServerLoad, cpu_heavy_one_loop_saturates_near_one_over_cpu_ms) {
  if (kSanitized) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  if (!machine_has_idle_cores()) GTEST_SKIP() << "every core is busy with other programs: CPU work runs slow";
  expect_timing_within_tries([] {
    const auto r = run_mode("coroutines", kCpuHeavy);
    // The knee the model puts at 1 / cpu_ms is where throughput stops.
    const std::string why = within("coroutines throughput", r["throughput_per_s"], 1000.0 / 20.0, 0.15);
    if (!why.empty()) return why;
    return within("model capacity", r["model"]["capacity_per_s"], r["throughput_per_s"], 0.15);
  });
}

TEST(ServerLoad, cpu_heavy_a_pool_without_the_gil_and_processes_scale_with_the_cores_and_the_gil_caps_the_pool) {
  if (kSanitized) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "one core: nothing to run in parallel on";
  if (!machine_has_idle_cores()) GTEST_SKIP() << "every core is busy with other programs: no speed-up to measure";
  expect_timing_within_tries([] {
    const double loop = run_mode("coroutines", kCpuHeavy)["throughput_per_s"];
    const double free = run_mode("threads", kCpuHeavy, 2, false)["throughput_per_s"];
    const double held = run_mode("threads", kCpuHeavy, 2, true)["throughput_per_s"];
    const double pool = run_mode("coroutines-pool", kCpuHeavy, 2, false)["throughput_per_s"];
    const double processes = run_mode("processes", kCpuHeavy, 2, false)["throughput_per_s"];
    // Two cores: 80 a second fit (the offered rate), against 50 for one loop.
    if (free < 1.4 * loop || pool < 1.4 * loop || processes < 1.4 * loop) {
      return "threads " + std::to_string(free) + "/s, coroutines-pool " + std::to_string(pool) + "/s, processes " +
             std::to_string(processes) + "/s, not 1.4 × the loop's " + std::to_string(loop) + "/s";
    }
    return within("threads with the GIL", held, loop, 0.2);
  });
}

TEST(ServerLoad, thread_per_request_says_when_its_thread_cap_held_requests_back) {
  const auto r = run_mode("thread-per-request", {{"burst", 12}, {"backlog", 20}, {"cpu_ms", 0}, {"io_ms", 20}}, 3);
  EXPECT_EQ(r["completed"], 12);
  EXPECT_EQ(r["peak_live_threads"], 3);
  EXPECT_GT(r["cap_waits"].get<int>(), 0);
  EXPECT_NE(r["cap_note"].get<std::string>(), "");
}

TEST(ServerLoad, the_trace_draws_the_backlog_and_its_rejections) {
  SteadyClock clock;
  TraceRecorder trace(clock);
  RunContext context;
  context.trace = &trace;
  (void)lesson().run(resolved(lesson(), request("sync", {{"burst", 6}, {"backlog", 2}, {"cpu_ms", 0}, {"io_ms", 5}})),
                     context);
  const Trace snapshot = trace.snapshot();
  // All six arrive at once: two wait, the other four are rejected together.
  std::vector<std::string> labels;
  for (const Span& span : snapshot.spans) {
    if (span.state == SpanState::blocked_on_queue) labels.push_back(span.label);
  }
  EXPECT_NE(std::find(labels.begin(), labels.end(), "full: requests 3 to 6 rejected (503)"), labels.end());
  EXPECT_NE(std::find(labels.begin(), labels.end(), "1 waiting"), labels.end());
}

// A run with a trace: its result, what it recorded, and when it began on the trace's clock.
struct TracedRun {
  nlohmann::json result;
  Trace trace;
  micros began_us = 0;
};
TracedRun run_traced(const std::string& mode, const nlohmann::json& params, int threads = 1) {
  SteadyClock clock;
  TraceRecorder trace(clock);
  RunContext context;
  context.trace = &trace;
  const micros began = clock.now_us();
  nlohmann::json result = lesson().run(resolved(lesson(), request(mode, params, threads)), context).result;
  return {std::move(result), trace.snapshot(), began};
}

TEST(ServerLoad, the_trace_marks_each_arrival_and_each_rejection_at_its_time) {
  // 300 requests a second of 10 ms CPU each: past every server's capacity, however fast the
  // machine is (with 2 ms, an idle machine's event loop kept up and rejected none).
  for (const std::string mode : {"sync", "coroutines"}) {
    const TracedRun run = run_traced(
        mode, {{"rate_per_s", 300}, {"duration_s", 0.3}, {"backlog", 3}, {"cpu_ms", 10}, {"io_ms", 10}, {"seed", 4}});
    const nlohmann::json& r = run.result;
    const Trace& snapshot = run.trace;
    ASSERT_GT(r["rejected"].get<int>(), 0) << mode;
    std::vector<const Span*> marks;
    for (const Span& span : snapshot.spans) {
      if (span.state == SpanState::arrived || span.state == SpanState::rejected) marks.push_back(&span);
    }
    ASSERT_EQ(static_cast<int>(marks.size()), r["arrived"].get<int>()) << mode;
    // Arrival times count from the accept queue's start, a moment after the run began.
    const auto arrival_us = [&](int id) {
      return std::llround(r["requests"][static_cast<std::size_t>(id - 1)]["arrival_ms"].get<double>() * 1000);
    };
    const micros queue_start = marks.front()->start_us - arrival_us(1);
    EXPECT_GE(queue_start, run.began_us) << mode;
    int rejected = 0;
    for (const Span* mark : marks) {
      EXPECT_EQ(snapshot.lanes[static_cast<std::size_t>(mark->lane)].name, "arrivals");
      EXPECT_EQ(mark->start_us, mark->end_us);
      // The mark names its request, is drawn at its arrival, and says what became of it.
      const int id = std::stoi(mark->label.substr(std::string("request ").size()));
      const auto& one = r["requests"][static_cast<std::size_t>(id - 1)];
      EXPECT_EQ(mark->start_us - queue_start, arrival_us(id)) << mark->label;
      EXPECT_EQ(mark->state == SpanState::rejected, one.value("rejected", false)) << mark->label;
      if (mark->state == SpanState::rejected) {
        ++rejected;
        EXPECT_EQ(mark->label, "request " + std::to_string(id) + ": the backlog was full");
      }
    }
    EXPECT_EQ(rejected, r["rejected"].get<int>()) << mode;
  }
}

// The most requests being handled at once (from start to end), counting
// one that started in the same microsecond as another ended as overlapping
// it or not: the clock cannot tell which came first.
std::pair<int, int> peak_handled_at_once(const nlohmann::json& requests) {
  std::vector<std::pair<double, int>> events;  // (time, +1 start / -1 end)
  for (const auto& one : requests) {
    if (one.value("rejected", false)) continue;
    events.emplace_back(one["start_ms"].get<double>(), 1);
    events.emplace_back(one["end_ms"].get<double>(), -1);
  }
  const auto peak = [&](bool starts_first) {
    std::sort(events.begin(), events.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return starts_first ? a.second > b.second : a.second < b.second;
    });
    int now = 0, most = 0;
    for (const auto& [at, change] : events) most = std::max(most, now += change);
    return most;
  };
  return {peak(false), peak(true)};
}

TEST(ServerLoad, the_loop_servers_draw_one_lane_per_request_handled_at_once_not_one_per_request) {
  for (const std::string mode : {"coroutines", "coroutines-pool"}) {
    const auto [r, snapshot, t0] = run_traced(
        mode, {{"rate_per_s", 50}, {"duration_s", 0.6}, {"cpu_ms", 1}, {"io_ms", 20}, {"backlog", 100}, {"seed", 5}});
    const auto handler_lanes = static_cast<int>(std::count_if(
        snapshot.lanes.begin(), snapshot.lanes.end(), [](const Lane& l) { return l.name.rfind("handler ", 0) == 0; }));
    const auto [fewest, most] = peak_handled_at_once(r["requests"]);
    EXPECT_GE(handler_lanes, fewest) << mode;
    EXPECT_LE(handler_lanes, most) << mode;
    EXPECT_LT(handler_lanes, r["completed"].get<int>()) << mode;
    // One request at a time on a lane, and each span says whose it is.
    EXPECT_EQ(first_overlap_on_shared_lanes(snapshot, "handler "), "") << mode;
    for (const Span& span : snapshot.spans) {
      if (snapshot.lanes[static_cast<std::size_t>(span.lane)].name.rfind("handler ", 0) != 0) continue;
      EXPECT_EQ(span.label.rfind("request ", 0), 0u) << mode << " " << span.label;
    }
  }
}

TEST(ServerLoad, each_completed_request_has_an_edge_from_its_arrival_to_the_handler_that_took_it) {
  for (const auto& mode : kSharedBacklog) {
    const TracedRun run = run_traced(
        mode, {{"rate_per_s", 200}, {"duration_s", 0.3}, {"backlog", 4}, {"cpu_ms", 1}, {"io_ms", 10}, {"seed", 6}});
    const nlohmann::json& r = run.result;
    const Trace& trace = run.trace;
    const micros began = run.began_us;
    const auto lane_name = [&](LaneId lane) { return trace.lanes.at(static_cast<std::size_t>(lane)).name; };
    const auto us = [](const nlohmann::json& ms) { return std::llround(ms.get<double>() * 1000); };
    int edges = 0;
    micros queue_start = -1;  // the accept queue's start on the trace clock: request times count from it
    for (const Edge& edge : trace.edges) {
      if (edge.kind != EdgeKind::queue || lane_name(edge.from.lane) != "arrivals") continue;
      ++edges;
      const int id = std::stoi(edge.label.substr(std::string("request ").size()));
      const auto& one = r["requests"][static_cast<std::size_t>(id - 1)];
      ASSERT_FALSE(one.value("rejected", false)) << mode << " " << edge.label;
      EXPECT_EQ(edge.label, "request " + std::to_string(id));
      // From the arrival's mark to the start of its handling, on the lane that handled it.
      if (queue_start < 0) queue_start = edge.from.at_us - us(one["arrival_ms"]);
      EXPECT_GE(queue_start, began) << mode;
      EXPECT_EQ(edge.from.at_us - queue_start, us(one["arrival_ms"])) << mode << " " << edge.label;
      EXPECT_EQ(edge.to.at_us - queue_start, us(one["start_ms"])) << mode << " " << edge.label;
      EXPECT_GE(edge.to.at_us, edge.from.at_us) << mode << " " << edge.label;
      const auto handled_it = [&](const Span& span) {
        const bool its_own = span.label == edge.label || span.label.rfind(edge.label + ":", 0) == 0;
        return span.lane == edge.to.lane && its_own && span.end_us >= edge.to.at_us;
      };
      EXPECT_TRUE(std::any_of(trace.spans.begin(), trace.spans.end(), handled_it))
          << mode << " " << edge.label << " on " << lane_name(edge.to.lane);
    }
    EXPECT_EQ(edges, r["completed"].get<int>()) << mode;
  }
}

// A worker process's spans after its start-up, by lane.
std::map<std::string, std::vector<const Span*>> process_spans(const Trace& trace) {
  std::map<std::string, std::vector<const Span*>> by_lane;
  for (const Span& span : trace.spans) {
    const Lane& lane = trace.lanes.at(static_cast<std::size_t>(span.lane));
    if (lane.kind == LaneKind::process && span.state != SpanState::starting) by_lane[lane.name].push_back(&span);
  }
  return by_lane;
}

TEST(ServerLoad, a_worker_processs_lane_shows_its_cpu_parts_running_and_its_database_waits_waiting) {
  // 2 processes of 20 requests a second each, 4 + 40 ms: each is busy computing 8 % of the time.
  const nlohmann::json light = {{"rate_per_s", 40}, {"duration_s", 1}, {"cpu_ms", 4}, {"io_ms", 40}, {"seed", 7}};
  expect_timing_within_tries([&] {
    const TracedRun run = run_traced("processes", light, 2);
    const nlohmann::json& r = run.result;
    const auto by_lane = process_spans(run.trace);
    EXPECT_EQ(by_lane.size(), 2u);
    const auto us = [](const nlohmann::json& ms) { return std::llround(ms.get<double>() * 1000); };
    micros running_us = 0;
    micros extents_us = 0;
    std::map<int, int> steps;  // per request: its loop's steps, and its waits
    std::map<int, int> waits;
    std::map<int, std::pair<micros, micros>> extent_of;  // per request: its first span's start, its last's end
    for (const auto& [name, spans] : by_lane) {
      micros end = 0;
      for (const Span* span : spans) end = std::max(end, span->end_us);
      const micros extent = end - spans.front()->start_us;
      extents_us += extent;
      for (const Span* span : spans) {
        // Each span names its request, which went to process (id - 1) mod 2 + 1.
        const auto request = request_of_label(span->label);
        EXPECT_TRUE(request.has_value()) << name << ": " << span->label;
        if (!request) continue;
        EXPECT_EQ(name, "process " + std::to_string(request->id % 2 + 1)) << span->label;
        const auto& one = r["requests"][static_cast<std::size_t>(request->id)];
        EXPECT_TRUE(one.contains("end_ms")) << span->label;
        EXPECT_LT(span->end_us - span->start_us, extent / 2) << name << ": " << span->label << " covers its lane";
        auto& [first, last] = extent_of.try_emplace(request->id, span->start_us, span->end_us).first->second;
        first = std::min(first, span->start_us);
        last = std::max(last, span->end_us);
        if (span->state == SpanState::running) {
          EXPECT_EQ(request->what, "") << span->label;  // a step of its task, as in coroutines mode
          running_us += span->end_us - span->start_us;
          ++steps[request->id];
        } else {
          EXPECT_EQ(span->state, SpanState::waiting_on_io) << span->label;
          EXPECT_EQ(request->what, "database");
          EXPECT_GE(span->end_us - span->start_us, 40'000) << span->label;
          ++waits[request->id];
        }
      }
    }
    // Drawn where the child measured them: a request's first step begins as its handling
    // starts, on the run's clock (whose origin on the trace's is the typical difference; a
    // step preempted before its request's start was noted is rare), and its last step ends
    // once it has reported the request done.
    std::vector<micros> offsets;
    for (const auto& [id, extent] : extent_of) {
      offsets.push_back(extent.first - us(r["requests"][static_cast<std::size_t>(id)]["start_ms"]));
    }
    std::nth_element(offsets.begin(), offsets.begin() + static_cast<std::ptrdiff_t>(offsets.size() / 2), offsets.end());
    const micros origin = offsets.empty() ? 0 : offsets[offsets.size() / 2];
    int placed = 0;
    for (const auto& [id, extent] : extent_of) {
      const auto& one = r["requests"][static_cast<std::size_t>(id)];
      placed += std::abs(extent.first - origin - us(one["start_ms"])) <= 1000 ? 1 : 0;
      EXPECT_GE(extent.second - origin, us(one["end_ms"]) - 1000) << request_label(id);
    }
    EXPECT_GE(placed, static_cast<int>(extent_of.size()) * 9 / 10);
    // Every completed request: its two CPU parts (at least two steps) and one wait.
    const int completed = r["completed"];
    EXPECT_EQ(static_cast<int>(steps.size()), completed);
    EXPECT_EQ(static_cast<int>(waits.size()), completed);
    for (const auto& [id, n] : steps) EXPECT_GE(n, 2) << request_label(id);
    for (const auto& [id, n] : waits) EXPECT_EQ(n, 1) << request_label(id);
    // Running is the CPU the requests measured, not the whole run: the sum against the
    // median × count, which parts preempted on a busy machine (or a sanitizer's) make differ.
    if (kSanitized || !machine_has_idle_cores()) return std::string();
    if (running_us > extents_us / 4) {
      return "running " + std::to_string(running_us) + " µs of the lanes' " + std::to_string(extents_us);
    }
    return within("running (ms) against the measured CPU per request × completed", running_us / 1000.0,
                  r["cpu_ms_per_request"].get<double>() * completed, 0.25);
  });
}

TEST(ServerLoad, a_worker_processs_lane_marks_each_rejection_at_its_arrival) {
  const TracedRun run = run_traced("processes", {{"burst", 30}, {"backlog", 5}, {"cpu_ms", 1}, {"io_ms", 5}}, 4);
  int rejected = 0;
  for (const auto& [name, spans] : process_spans(run.trace)) {
    for (const Span* span : spans) {
      if (span->state != SpanState::rejected) continue;
      ++rejected;
      EXPECT_EQ(span->start_us, span->end_us);
      const auto request = request_of_label(span->label);
      ASSERT_TRUE(request.has_value()) << span->label;
      EXPECT_EQ(request->what, "the backlog was full");
      EXPECT_TRUE(run.result["requests"][static_cast<std::size_t>(request->id)].value("rejected", false));
    }
  }
  EXPECT_EQ(rejected, 10);
  EXPECT_EQ(run.result["rejected"], 10);
}

TEST(ServerLoad, cancelling_stops_every_mode_promptly) {
  for (const auto& mode : kAllModes) {
    const double after = cancel_after(lesson(), request(mode, {{"rate_per_s", 50}, {"duration_s", 10}}, 4), 100);
    EXPECT_LT(after, 500.0) << mode;
  }
}

}  // namespace
}  // namespace playground::lessons::server_load
