#pragma once
// What the thread-safety lesson's two halves share: how its threads start
// (all at once, each on its own lane), and the two halves themselves.
#include <functional>

#include <nlohmann/json.hpp>

#include "run/lesson.hpp"

namespace playground::lessons::thread_safety {

// Runs body(0) ... body(count - 1) on `count` new threads named "thread 1",
// "thread 2", ..., released together once all have started (so that they
// really overlap, however late the last one starts), and joins them. The
// first exception a body throws is rethrown here, after every thread ended.
void run_together(const RunContext& context, int count, const std::function<void(int)>& body);

// The lost update: unsafe, gil, lock, atomic, local-then-merge, coroutines.
// Returns the lesson's result fields for the mode.
[[nodiscard]] nlohmann::json run_counter(const RunRequest& request, RunContext& context);

// The deadlock: deadlock, ordered, try-lock.
[[nodiscard]] nlohmann::json run_transfers(const RunRequest& request, RunContext& context);

}  // namespace playground::lessons::thread_safety
