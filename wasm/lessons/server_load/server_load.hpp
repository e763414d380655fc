#pragma once
// A server under load: requests arrive over time (a seeded Poisson process
// at rate_per_s for duration_s, or a burst), each parses (CPU), waits on a
// database (io_ms), renders (CPU); a bounded backlog rejects what it cannot
// hold. The modes are server models: sync, threads (a pool of `threads`
// workers, GIL on/off), thread-per-request (at most `threads` alive),
// coroutines (one loop) and coroutines-pool (CPU parts on a pool).
//
// Result fields besides mode/threads/gil/wall_ms: see results.hpp; plus
// mode-specific ones (thread-per-request: peak_live_threads, cap_waits,
// cap_note).
#include "run/lesson.hpp"

namespace playground::lessons::server_load {

[[nodiscard]] const Lesson& lesson();

}  // namespace playground::lessons::server_load
