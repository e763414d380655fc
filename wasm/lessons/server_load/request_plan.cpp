#include "lessons/server_load/request_plan.hpp"

#include <algorithm>

#include "core/cpu_work.hpp"
#include "core/machine.hpp"
#include "lessons/server_load/arrivals.hpp"
#include "run/lesson_support.hpp"

namespace playground::lessons::server_load {

std::vector<micros> arrivals_of(const RunRequest& request) {
  const auto burst = static_cast<int>(param_int(request, "burst"));
  const std::vector<double> arrivals_ms =
      burst > 0 ? burst_arrivals_ms(burst)
                : poisson_arrivals_ms(param_number(request, "rate_per_s"), param_number(request, "duration_s"),
                                      static_cast<std::uint64_t>(param_int(request, "seed")));
  std::vector<micros> arrivals_us;
  arrivals_us.reserve(arrivals_ms.size());
  for (const double at : arrivals_ms) arrivals_us.push_back(scaled_delay_us(request, at));
  return arrivals_us;
}

double cpu_ms_of(const RunRequest& request) { return param_number(request, "cpu_ms") * time_scale(request); }

RequestShape shape_of(const RunRequest& request) {
  const double cpu_part_ms = cpu_ms_of(request) / 2.0;
  return {.cpu_steps_per_part = cpu_part_ms > 0 ? cpu_steps_for_ms(cpu_part_ms) : 0,
          .io_us = scaled_delay_us(request, param_number(request, "io_ms"))};
}

double window_s_of(const RunRequest& request) {
  return param_int(request, "burst") > 0 ? 0.0 : param_number(request, "duration_s") * time_scale(request);
}

std::vector<Resource> resources_of(const RunRequest& request) {
  const std::string& mode = request.mode;
  const bool threads = mode == "threads" || mode == "thread-per-request" || mode == "coroutines-pool";
  std::vector<Resource> resources;
  if (mode == "sync") resources.push_back({.name = "server", .count = 1});
  if (mode == "threads") resources.push_back({.name = "workers", .count = request.threads});
  if (mode == "thread-per-request") resources.push_back({.name = "threads (the cap)", .count = request.threads});
  if (mode == "coroutines") resources.push_back({.name = "event loop", .count = 1, .cpu_only = true});
  if (mode == "coroutines-pool")
    resources.push_back({.name = "pool threads", .count = request.threads, .cpu_only = true});
  if (mode == "processes") {
    resources.push_back(
        {.name = "processes' event loops", .count = request.threads, .cpu_only = true, .separate_queues = true});
  }
  if (threads || mode == "processes") {
    resources.push_back({.name = "cores", .count = machine_cores(), .cpu_only = true});
  }
  if (threads && request.gil) resources.push_back({.name = "GIL", .count = 1, .cpu_only = true});
  return resources;
}

}  // namespace playground::lessons::server_load
