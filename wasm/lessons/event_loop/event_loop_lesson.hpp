#pragma once
// Event-loop overhead: how many loop actions (a task handing control back
// to the loop and being resumed, like `await asyncio.sleep(0)`) our loop
// makes per second. The course times 500 000 of them in asyncio (16.2 s) and
// uvloop (11.3 s); those figures are the scenario's `references`, shown
// beside the results and never computed here — every number in the result
// is measured.
//
// Modes:
//   coroutines     the actions through this playground's event loop
//   direct-resume  the same coroutines and suspensions, resumed directly by
//                  their caller in turn: no loop (direct_resume.hpp)
// Parameters: actions (default 500 000).
//
// A steady-state rate: each run first makes up to 50 000 actions unmeasured
// (warming the code and the allocator), then measures 5 rounds of `actions`
// and reports the median round.
//
// Result fields besides mode/threads/gil/wall_ms (the median round's):
// actions (made in a round, equal to the number asked for), tasks (how many
// tasks shared them), resumes (coroutine resumptions in a round), rounds,
// actions_per_s (the median round's rate), actions_per_s_range ([slowest,
// fastest] round), us_per_action.
//
// The actions run untraced (a span per action would measure the recorder,
// not the loop); the trace gets one span per measured round.
#include "run/lesson.hpp"

namespace playground::lessons::event_loop {

[[nodiscard]] const Lesson& lesson();

}  // namespace playground::lessons::event_loop
