#pragma once
// The upper bound for improvement (Amdahl's law): work_ms of CPU work of
// which a fraction serial_fraction can only run on one thread, the rest
// split evenly over a pool of `threads` threads. With a serial fraction f,
// n threads can at best give a speed-up of 1 / (f + (1 - f) / n), and never
// more than 1 / f however many threads.
//
// Mode: pool. Parameters: serial_fraction, work_ms, time_scale.
// Result fields besides mode/threads/gil/wall_ms: serial_fraction, work_ms
// (as run), serial_part_ms and parallel_part_ms (measured), cores (what
// std::thread::hardware_concurrency reports), parallelism (min(threads,
// cores): how many threads can compute at once), predicted_speedup (the
// formula above with n = parallelism), speedup_limit (1 / f), serial_ms (the same work on
// one thread, measured in the same call, untraced; equal to wall_ms when
// threads is 1) and measured_speedup = serial_ms / wall_ms.
#include "run/lesson.hpp"

namespace playground::lessons::amdahl {

// Amdahl's law: the speed-up `threads` threads can give at best when a
// fraction `serial_fraction` of the work is serial.
[[nodiscard]] double amdahl_speedup(double serial_fraction, int threads);

// How many of `threads` threads this machine can run at once: min(threads, cores).
[[nodiscard]] int parallelism(int threads);

[[nodiscard]] const Lesson& lesson();

}  // namespace playground::lessons::amdahl
