#pragma once
// Event-loop overhead: how many loop actions (a task handing control back
// to the loop and being resumed, like `await asyncio.sleep(0)`) our loop
// makes per second. The course times 500 000 of them in asyncio (16.2 s) and
// uvloop (11.3 s); those figures are quoted in the scenario, never computed
// here — every number in the result is measured.
//
// Mode: coroutines. Parameters: actions (default 500 000).
// Result fields besides mode/threads/gil/wall_ms: actions (made, equal to
// the number asked for), tasks (how many tasks shared them), resumes (the
// loop's own count of coroutine resumptions), actions_per_s, us_per_action.
//
// The actions run untraced (a span per action would measure the recorder,
// not the loop); the trace gets one span per task covering its turns.
#include "run/lesson.hpp"

namespace playground::lessons::event_loop {

[[nodiscard]] const Lesson& lesson();

}  // namespace playground::lessons::event_loop
