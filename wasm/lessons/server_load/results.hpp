#pragma once
// What a run of a server measured, from its requests' times: how many
// arrived, were completed and rejected; throughput; response time (arrival
// to completion) split into time in the queue and time being served; how
// busy the servers were; and the M/M/c prediction for the bottleneck.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lessons/server_load/accept_queue.hpp"

namespace playground::lessons::server_load {

// A resource that requests queue for: `count` of them, each busy for
// `busy_ms` per request (the whole service, or only its CPU parts).
struct Resource {
  std::string name;  // "workers", "cores", "GIL", "event loop", ...
  int count = 1;
  bool cpu_only = false;  // busy only during the CPU parts
  // Each has its own queue and an equal share of the arrivals (processes,
  // each with its own backlog): `count` M/M/1 queues, not one M/M/c.
  bool separate_queues = false;
};

// Every arrived request was completed exactly once or rejected; throws
// RunError naming the first that was neither.
void check_conservation(const std::vector<RequestTimes>& requests);

// The result fields: arrived, completed, rejected, throughput_per_s,
// latency_ms {p50, p95, p99, max, mean}, queue_ms, service_ms, cpu_ms_per_request,
// utilisation, peak_backlog, offered_rate_per_s, requests (per request),
// and model (the tightest of `resources`, by capacity, under M/M/c).
// Throughput and utilisation are over `serving_ms`: the run's wall time, or
// for processes the time from the first child getting its requests.
// cpu_ms and io_ms: what a request asks for (calibrated CPU, the wait).
[[nodiscard]] nlohmann::json describe_requests(const std::vector<RequestTimes>& requests, double serving_ms,
                                               double window_s, double cpu_ms, double io_ms, int peak_backlog,
                                               const std::vector<Resource>& resources);

}  // namespace playground::lessons::server_load
