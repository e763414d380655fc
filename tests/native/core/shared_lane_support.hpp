#pragma once
// Checks for lanes that tasks take turns on (EventLoop::spawn with a lane
// pool): every span names its task ("job 3" or "job 3: work"), and one
// task's spans end before the next task's begin.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/trace.hpp"

namespace playground::testing {

// The task a span on a shared lane belongs to: its label up to ": ".
inline std::string owner_of(const Span& span) { return span.label.substr(0, span.label.find(": ")); }

// "" if on every lane whose name starts with `prefix` the tasks held it one
// at a time; else the first two tasks that overlap.
inline std::string first_overlap_on_shared_lanes(const Trace& trace, const std::string& prefix) {
  std::map<LaneId, std::map<std::string, std::pair<micros, micros>>> held;  // lane -> task -> [first, last]
  for (const Span& span : trace.spans) {
    if (trace.lanes.at(static_cast<std::size_t>(span.lane)).name.rfind(prefix, 0) != 0) continue;
    auto [it, fresh] = held[span.lane].try_emplace(owner_of(span), span.start_us, span.end_us);
    it->second.first = std::min(it->second.first, span.start_us);
    it->second.second = std::max(it->second.second, span.end_us);
  }
  for (const auto& [lane, tasks] : held) {
    std::vector<std::pair<std::pair<micros, micros>, std::string>> turns;
    for (const auto& [task, interval] : tasks) turns.emplace_back(interval, task);
    std::sort(turns.begin(), turns.end());
    for (std::size_t i = 1; i < turns.size(); ++i) {
      if (turns[i].first.first < turns[i - 1].first.second) {
        return turns[i - 1].second + " and " + turns[i].second + " overlap on lane " +
               trace.lanes.at(static_cast<std::size_t>(lane)).name;
      }
    }
  }
  return "";
}

}  // namespace playground::testing
