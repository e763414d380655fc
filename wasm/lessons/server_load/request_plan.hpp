#pragma once
// A run's request read once into what the servers need: the arrival times,
// the shape of a request, the resources each server model queues for.
#include <vector>

#include "core/clock.hpp"
#include "lessons/server_load/request_shape.hpp"
#include "lessons/server_load/results.hpp"
#include "run/lesson.hpp"

namespace playground::lessons::server_load {

// Arrival times (µs from the start, scaled): the burst, or the Poisson process.
[[nodiscard]] std::vector<micros> arrivals_of(const RunRequest& request);
// The requests' CPU parts (calibrated here) and database wait, scaled.
[[nodiscard]] RequestShape shape_of(const RunRequest& request);
// The CPU a request needs (ms, scaled): both parts, as calibrated.
[[nodiscard]] double cpu_ms_of(const RunRequest& request);
// How long requests kept arriving (s, scaled); 0 for a burst.
[[nodiscard]] double window_s_of(const RunRequest& request);
// What request.mode's requests queue for: its servers first.
[[nodiscard]] std::vector<Resource> resources_of(const RunRequest& request);

}  // namespace playground::lessons::server_load
