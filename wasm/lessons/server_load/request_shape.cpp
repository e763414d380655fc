#include "lessons/server_load/request_shape.hpp"

#include <charconv>
#include <chrono>
#include <system_error>

#include "core/blocking_wait.hpp"
#include "core/cpu_work.hpp"

namespace playground::lessons::server_load {

namespace {
constexpr std::string_view kRequest = "request ";
}  // namespace

std::string request_label(int id) { return std::string(kRequest) + std::to_string(id + 1); }

std::optional<LabelledRequest> request_of_label(std::string_view label) {
  if (!label.starts_with(kRequest)) return std::nullopt;
  label.remove_prefix(kRequest.size());
  int number = 0;
  const auto [end, error] = std::from_chars(label.data(), label.data() + label.size(), number);
  if (error != std::errc() || number < 1) return std::nullopt;
  const std::string_view rest = label.substr(static_cast<std::size_t>(end - label.data()));
  if (rest.empty()) return LabelledRequest{number - 1, {}};
  if (!rest.starts_with(": ")) return std::nullopt;
  return LabelledRequest{number - 1, std::string(rest.substr(2))};
}

micros run_cpu_part(const RequestShape& shape, int id, CpuPart part, const CancelToken* cancel) {
  const auto start = std::chrono::steady_clock::now();
  const bool parse = part == CpuPart::parse;
  // Each request and part its own chain of steps, so no two compute the same.
  const auto seed = static_cast<std::uint64_t>(id) * 2 + (parse ? 1 : 2);
  (void)interpreted_work(shape.cpu_steps_per_part, seed, cancel, request_label(id) + (parse ? ": parse" : ": render"),
                         "server.cpu");  // @site server.cpu
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
}

void wait_for_database_on_thread(const RequestShape& shape, int id, CancelToken* cancel) {
  thread_sleep(shape.io_us, cancel, request_label(id) + ": database", "server.io");  // @site server.io
}

}  // namespace playground::lessons::server_load
