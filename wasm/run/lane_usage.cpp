#include "run/lane_usage.hpp"

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
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

namespace {
std::atomic<std::uint64_t> next_usage_id{1};
}  // namespace

LaneUsage::LaneUsage() : id_(next_usage_id.fetch_add(1, std::memory_order_relaxed)) {}

void LaneUsage::add(const std::string& name, micros busy_us, int width) {
  std::lock_guard lock(mutex_);
  lane_locked(name, width).us.fetch_add(busy_us, std::memory_order_relaxed);
}

void LaneUsage::add_for_this_thread(std::string_view prefix, micros busy_us) {
  // The calling thread's own tally, looked up (under the lock) on its first
  // call for this object and remembered for the next ones.
  thread_local std::uint64_t tally_of = 0;
  thread_local Busy* tally = nullptr;
  if (tally_of != id_) {
    std::lock_guard lock(mutex_);
    auto it = thread_names_.find(std::this_thread::get_id());
    if (it == thread_names_.end()) {
      const std::string name = std::string(prefix) + " " + std::to_string(thread_names_.size() + 1);
      it = thread_names_.emplace(std::this_thread::get_id(), name).first;
    }
    tally = &lane_locked(it->second, 1);
    tally_of = id_;
  }
  tally->us.fetch_add(busy_us, std::memory_order_relaxed);
}

LaneUsage::Busy& LaneUsage::lane_locked(const std::string& name, int width) {
  auto it = busy_.find(name);
  if (it == busy_.end()) {
    it = busy_.try_emplace(name).first;  // a map's entries never move: a tally's address lasts
    order_.push_back(name);
  }
  it->second.width = width < 1 ? 1 : width;
  return it->second;
}

nlohmann::json LaneUsage::to_json(micros wall_us) const {
  std::lock_guard lock(mutex_);
  nlohmann::json lanes = nlohmann::json::array();
  for (const std::string& name : order_) {
    const Busy& busy = busy_.at(name);
    const auto busy_us = static_cast<double>(busy.us.load(std::memory_order_relaxed));
    const double capacity_us = static_cast<double>(wall_us) * busy.width;
    lanes.push_back({{"lane", name},
                     {"busy_ms", busy_us / 1000.0},
                     {"utilisation", capacity_us > 0 ? busy_us / capacity_us : 0.0}});
  }
  return lanes;
}

micros LaneUsage::total_busy_us() const {
  std::lock_guard lock(mutex_);
  micros total = 0;
  for (const auto& [name, busy] : busy_) total += busy.us.load(std::memory_order_relaxed);
  return total;
}

}  // namespace playground
