#include "lessons/server_load/results.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "lessons/server_load/mmc.hpp"
#include "run/latency_stats.hpp"

namespace playground::lessons::server_load {

namespace {

double ms(micros us) { return static_cast<double>(us) / 1000.0; }

nlohmann::json stats_json(std::vector<double> values) { return to_json(latency_stats(std::move(values))); }

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  return nearest_rank_percentile(values, 50.0);
}

// The model: the resource with the least capacity (count / its busy time
// per request) is where requests queue. A resource busy for the whole
// service is busy for the measured mean service time; one busy only while a
// request computes, for the calibrated CPU time (the measured CPU parts
// would count waits for the GIL or a core as work).
nlohmann::json model_json(const std::vector<Resource>& resources, double rate_per_s, double cpu_ms, double io_ms,
                          double service_ms) {
  const auto busy_ms_of = [&](const Resource& r) { return r.cpu_only ? cpu_ms : service_ms; };
  const Resource* tightest = nullptr;
  double tightest_capacity = 0;
  for (const Resource& resource : resources) {
    const double busy_ms = busy_ms_of(resource);
    const double capacity = busy_ms <= 0 ? INFINITY : resource.count * 1000.0 / busy_ms;
    if (tightest == nullptr || capacity < tightest_capacity) tightest = &resource, tightest_capacity = capacity;
  }
  if (tightest == nullptr) return nullptr;
  const double busy_ms = busy_ms_of(*tightest);
  const MmcPrediction p = tightest->separate_queues ? mmc_prediction(rate_per_s / tightest->count, busy_ms, 1)
                                                    : mmc_prediction(rate_per_s, busy_ms, tightest->count);
  nlohmann::json model = {
      {"bottleneck", tightest->name},
      {"servers", tightest->count},
      {"service_ms", busy_ms},
      {"capacity_per_s", std::isinf(tightest_capacity) ? nlohmann::json(nullptr) : nlohmann::json(tightest_capacity)},
      {"utilisation", p.utilisation},
      {"stable", p.stable}};
  // The wait for the resource, then the request's own time: JSON has no
  // infinity, so past the knee the prediction is null.
  const double own_ms = tightest->cpu_only ? cpu_ms + io_ms : service_ms;
  model["response_ms"] = p.stable ? nlohmann::json(p.mean_wait_ms + own_ms) : nlohmann::json(nullptr);
  return model;
}

}  // namespace

void check_conservation(const std::vector<RequestTimes>& requests) {
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const RequestTimes& r = requests[i];
    const bool completed = r.done >= 0;
    if (completed == r.rejected) {
      throw RunError("server-load: request " + std::to_string(i + 1) +
                     (r.rejected ? " was rejected and completed" : " was neither completed nor rejected"));
    }
  }
}

nlohmann::json describe_requests(const std::vector<RequestTimes>& requests, double serving_ms, double window_s,
                                 double cpu_ms, double io_ms, int peak_backlog,
                                 const std::vector<Resource>& resources) {
  check_conservation(requests);
  std::vector<double> response, queue, service, cpu;
  auto per_request = nlohmann::json::array();
  int rejected = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const RequestTimes& r = requests[i];
    nlohmann::json one = {{"id", i + 1}, {"arrival_ms", ms(r.arrival)}};
    if (r.rejected) {
      ++rejected;
      one["rejected"] = true;
    } else {
      response.push_back(ms(r.done - r.arrival));
      queue.push_back(ms(r.start - r.arrival));
      service.push_back(ms(r.done - r.start));
      cpu.push_back(ms(r.cpu));
      one["start_ms"] = ms(r.start);
      one["end_ms"] = ms(r.done);
    }
    per_request.push_back(std::move(one));
  }
  const auto completed = static_cast<int>(response.size());
  const double measured_cpu_ms = median(cpu);
  const double mean_service_ms =
      service.empty() ? 0.0
                      : std::accumulate(service.begin(), service.end(), 0.0) / static_cast<double>(service.size());
  const double busy_ms =
      std::accumulate(service.begin(), service.end(), 0.0);  // a request occupies its server from start to done
  const double cpu_busy_ms = std::accumulate(cpu.begin(), cpu.end(), 0.0);

  nlohmann::json result;
  result["arrived"] = requests.size();
  result["completed"] = completed;
  result["rejected"] = rejected;
  result["throughput_per_s"] = serving_ms > 0 ? completed * 1000.0 / serving_ms : 0.0;
  result["offered_rate_per_s"] = window_s > 0 ? static_cast<double>(requests.size()) / window_s : 0.0;
  nlohmann::json latency = stats_json(response);
  std::sort(response.begin(), response.end());
  latency["p99"] = nearest_rank_percentile(response, 99.0);
  result["latency_ms"] = latency;
  result["queue_ms"] = stats_json(queue);
  result["service_ms"] = stats_json(service);
  result["cpu_ms_per_request"] = measured_cpu_ms;
  result["peak_backlog"] = peak_backlog;
  if (!resources.empty() && serving_ms > 0) {
    // How busy the first resource (the servers themselves) was over the run.
    const Resource& servers = resources.front();
    result["utilisation"] = (servers.cpu_only ? cpu_busy_ms : busy_ms) / (servers.count * serving_ms);
  }
  const double rate = window_s > 0 ? static_cast<double>(requests.size()) / window_s : 0.0;
  result["model"] = model_json(resources, rate, cpu_ms, io_ms, mean_service_ms);
  result["requests"] = per_request;
  return result;
}

}  // namespace playground::lessons::server_load
