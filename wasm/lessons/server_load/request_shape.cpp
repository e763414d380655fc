#include "lessons/server_load/request_shape.hpp"

#include <chrono>

#include "core/blocking_wait.hpp"
#include "core/cpu_work.hpp"

namespace playground::lessons::server_load {

std::string request_label(int id) { return "request " + std::to_string(id + 1); }

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
