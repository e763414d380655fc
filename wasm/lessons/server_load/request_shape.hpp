#pragma once
// What serving one request costs: CPU (parse the request), a wait on the
// database, CPU again (render the response). The two CPU parts share
// cpu_ms equally; the wait is io_ms. Each server model arranges these three
// steps differently; the steps themselves are written once, here.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/cancel_token.hpp"
#include "core/clock.hpp"

namespace playground::lessons::server_load {

struct RequestShape {
  std::uint64_t cpu_steps_per_part = 0;  // calibrated steps: cpu_ms / 2 on one core
  micros io_us = 0;                      // the database wait
};

enum class CpuPart : std::uint8_t { parse, render };

[[nodiscard]] std::string request_label(int id);
// Back from a span's label ("request 3", "request 3: parse") to the request
// (2) and what of it the span was ("parse"; empty for the request as a
// whole); nothing for a label that names no request.
struct LabelledRequest {
  int id = -1;
  std::string what;
};
[[nodiscard]] std::optional<LabelledRequest> request_of_label(std::string_view label);

// Runs one CPU part of request `id` on the calling thread as interpreted
// code (gil_checkpoint between slices, cancellation checked) and returns how
// long it took (µs of wall time).
micros run_cpu_part(const RequestShape& shape, int id, CpuPart part, const CancelToken* cancel);

// The database wait of request `id` on the calling thread (releases the GIL).
void wait_for_database_on_thread(const RequestShape& shape, int id, CancelToken* cancel);

}  // namespace playground::lessons::server_load
