// Producers and consumers as coroutines on one event loop, joined by a
// bounded AsyncQueue: asyncio's producer/consumer. One thread, yet items
// are processed soon after they are made, because every task gives the
// thread away while it waits.
#include <optional>
#include <string>
#include <vector>

#include "core/async_queue.hpp"
#include "core/event_loop.hpp"
#include "core/loop_drivers.hpp"
#include "core/sleep.hpp"
#include "core/task.hpp"
#include "lessons/producer_consumer/producer_consumer_run.hpp"

namespace playground::lessons::producer_consumer {

namespace {

using ItemQueue = AsyncQueue<Item>;

// [excerpt producer-consumer.coroutines]
// A producer awaits each item's delay, then puts it into the queue; the
// put suspends while the queue is full.
Task<void> producer(EventLoop& loop, PcRun& run, ItemQueue& queue, int p) {
  for (int k = 0; k < run.items_per_producer; ++k) {
    co_await sleep(loop, run.plan[p][k].delay_us);  // making the item
    co_await queue.put(run.make_item(p, k));
  }
}

// A consumer takes items until the queue is closed and empty.
Task<void> consumer(EventLoop& loop, PcRun& run, ItemQueue& queue, int c) {
  while (std::optional<Item> item = co_await queue.get()) {
    co_await sleep(loop, run.process_us, item_label("process", *item));  // processing it: a simulated wait
    run.consumed(*item, c);
  }
}

// Closes the queue once every producer is done, so the consumers stop.
Task<void> close_when_produced(std::vector<TaskHandle<void>> producers, ItemQueue& queue) {
  try {
    for (const TaskHandle<void>& p : producers) co_await p;
  } catch (...) {
    queue.close();
    throw;
  }
  queue.close();
}
// [/excerpt]

}  // namespace

void run_coroutines(PcRun& run) {
  EventLoop loop({.clock = &run.clock(), .trace = run.context.trace, .cancel = run.cancel()});
  ItemQueue queue(loop, {.capacity = static_cast<std::size_t>(run.queue_size), .name = "items"});
  std::vector<TaskHandle<void>> producers;
  std::vector<TaskHandle<void>> tasks;
  for (int p = 0; p < run.producers; ++p) {
    producers.push_back(loop.spawn(producer(loop, run, queue, p), "producer " + std::to_string(p + 1)));
  }
  for (int c = 0; c < run.consumers; ++c) {
    tasks.push_back(loop.spawn(consumer(loop, run, queue, c), "consumer " + std::to_string(c + 1)));
  }
  tasks.push_back(loop.spawn(close_when_produced(producers, queue), "closer"));
  run_blocking(loop);
  for (const TaskHandle<void>& task : tasks) task.result();  // rethrows a task's failure
  run.peak_queue_depth = queue.peak_depth();
}

}  // namespace playground::lessons::producer_consumer
