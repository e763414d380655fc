#pragma once
// Thread safety: shared data corrupted by real threads, the fixes and what
// they cost, and the deadlock that careless locking causes.
//
// The lost update (threads threads, or tasks, each add 1 to one counter
// `increments` times, with work_us of work between the read and the write):
//   unsafe            read, then write: updates are lost
//   gil               the same holding the simulated GIL: still lost
//   lock              the lesson's lock around the increment: exact, waits
//   atomic            one atomic add: exact
//   local-then-merge  per-thread tallies added at the end: exact
//   coroutines        tasks on one thread: lost only when they await
//                     between the read and the write (await_between)
// Results: expected, actual, lost_updates, lock_wait_ms, lock_waits, and
// gil_switches for gil.
//
// The deadlock (two threads, `transfers` transfers each between accounts A
// and B, holding the source for hold_ms before taking the destination):
//   deadlock  source first: the cycle is detected (within check_ms of
//             forming), named, and the run ends
//   ordered   one global lock order: finishes
//   try-lock  try the destination, back off if taken: finishes, retries
// Results: deadlock {detected, after_ms, formed_after_ms, cycle},
// transfers_completed, total_before, total_after, balances, retries,
// lock_wait_ms, lock_waits.
#include "run/lesson.hpp"

namespace playground::lessons::thread_safety {

[[nodiscard]] const Lesson& lesson();

}  // namespace playground::lessons::thread_safety
