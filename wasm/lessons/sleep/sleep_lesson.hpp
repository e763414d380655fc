#pragma once
// The course's first lesson: two waits (0.8 s and 0.9 s by default, standing
// in for I/O) done one after the other, on two threads, as two coroutines,
// and "wait for the first to complete" — which cancels the other.
//
// Modes:
//   serial           one thread waits twice: ≈ first + second
//   threads          each wait on a pool thread: ≈ max(first, second)
//   coroutines       gather() of two sleeping tasks on one thread: ≈ max
//   first-completed  wait_first() of the two: ≈ min; the other is cancelled
//
// Parameters: first_ms, second_ms, time_scale (multiplies both waits).
// Result fields besides mode/threads/gil/wall_ms: first_ms, second_ms (the
// waits as run, after scaling), predicted_ms (what the lesson predicts for
// the mode, to compare with the measured wall_ms) and, for first-completed,
// first and second ("finished" or "cancelled", as each task saw its end),
// finished and cancelled ("first" or "second").
#include "run/lesson.hpp"

namespace playground::lessons::sleep {

[[nodiscard]] const Lesson& lesson();

}  // namespace playground::lessons::sleep
