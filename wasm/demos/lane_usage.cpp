#include "demos/lane_usage.hpp"

#include <chrono>
#include <ctime>

namespace playground {

micros thread_cpu_us() {
#if defined(CLOCK_THREAD_CPUTIME_ID) && !defined(__EMSCRIPTEN__)
  timespec now{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0) {
    return static_cast<micros>(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
  }
#endif
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void LaneUsage::add(const std::string& name, micros busy_us, int width) {
  std::lock_guard lock(mutex_);
  add_locked(name, busy_us, width);
}

// Called once per job (a row, a request): one lock, and no allocation once
// the thread's lane exists.
void LaneUsage::add_for_this_thread(const std::string& prefix, micros busy_us) {
  std::lock_guard lock(mutex_);
  auto it = thread_names_.find(std::this_thread::get_id());
  if (it == thread_names_.end()) {
    it = thread_names_.emplace(std::this_thread::get_id(), prefix + " " + std::to_string(thread_names_.size() + 1)).first;
  }
  add_locked(it->second, busy_us, 1);
}

void LaneUsage::add_locked(const std::string& name, micros busy_us, int width) {
  auto it = busy_.find(name);
  if (it == busy_.end()) {
    it = busy_.emplace(name, Busy{}).first;
    order_.push_back(name);
  }
  it->second.us += busy_us;
  it->second.width = width < 1 ? 1 : width;
}

nlohmann::json LaneUsage::to_json(micros wall_us) const {
  std::lock_guard lock(mutex_);
  nlohmann::json lanes = nlohmann::json::array();
  for (const std::string& name : order_) {
    const Busy& busy = busy_.at(name);
    const double capacity_us = static_cast<double>(wall_us) * busy.width;
    lanes.push_back({{"lane", name},
                     {"busy_ms", static_cast<double>(busy.us) / 1000.0},
                     {"utilisation", capacity_us > 0 ? static_cast<double>(busy.us) / capacity_us : 0.0}});
  }
  return lanes;
}

micros LaneUsage::total_busy_us() const {
  std::lock_guard lock(mutex_);
  micros total = 0;
  for (const auto& [name, busy] : busy_) total += busy.us;
  return total;
}

}  // namespace playground
