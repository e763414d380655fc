#pragma once
// The producer/consumer demo: P producers each make K items, waiting a
// seeded random time in [min_delay_ms, max_delay_ms] before each; C
// consumers take them and spend process_ms on each. Modes:
//
//   sequential  make every item first, then process them all: each item
//               waits for the whole production run
//   threads     producer and consumer threads joined by a bounded
//               BlockingQueue of queue_size
//   coroutines  producer and consumer tasks on one event loop, joined by a
//               bounded AsyncQueue of queue_size
//
// The result lists every item ("processed value 225 after 0.88 s"), the
// latency p50 / p95 / max, throughput and the queue's peak depth. Every item
// is consumed exactly once, in every mode.
#include "run/lesson.hpp"

namespace playground::lessons::producer_consumer {

[[nodiscard]] const Lesson& lesson();

}  // namespace playground::lessons::producer_consumer
