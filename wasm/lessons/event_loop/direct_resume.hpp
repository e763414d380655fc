#pragma once
// The event-loop lesson's way of doing the same actions without a loop: the
// same number of coroutines, each suspending the same number of times, but
// resumed directly by their caller in turn (the way a generator is driven).
// No ready queue, no scheduling: what is left is the bare cost of a
// coroutine switch, so the difference to the loop's rate is the loop's own
// bookkeeping.
#include <cstdint>

#include "core/cancel_token.hpp"

namespace playground::lessons::event_loop {

// Makes `total` actions shared out over `tasks` coroutines (tasks >= 1),
// resuming them round-robin until all are done; returns the actions made.
// Checks `cancel` (may be null) every few thousand resumes.
[[nodiscard]] std::int64_t resume_directly(std::int64_t total, std::int64_t tasks, const CancelToken* cancel);

}  // namespace playground::lessons::event_loop
