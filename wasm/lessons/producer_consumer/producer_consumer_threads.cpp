// Producers and consumers as threads, joined by a bounded BlockingQueue:
// Python's threading + queue.Queue(maxsize). Each item is processed as soon
// as a consumer is free, while the producers go on making the next ones.
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/blocking_queue.hpp"
#include "core/blocking_wait.hpp"
#include "core/job.hpp"
#include "core/thread_lane.hpp"
#include "lessons/producer_consumer/producer_consumer_run.hpp"
#include "run/lesson_support.hpp"

namespace playground::lessons::producer_consumer {

namespace {

using ItemQueue = BlockingQueue<Item>;

// [excerpt producer-consumer.threads]
// A producer makes its items one by one and puts each into the queue;
// put() blocks while the queue is full (backpressure).
void producer(PcRun& run, ItemQueue& queue, int p) {
  for (int k = 0; k < run.items_per_producer; ++k) {
    thread_sleep(run.plan[p][k].delay_us, run.cancel(), "make an item", "pc.producer.make");
    if (!queue.put(run.make_item(p, k), "pc.producer.put")) return;  // closed: the run is ending early
  }
}

// A consumer takes items until the queue is closed and empty; get() blocks
// while there is nothing to take.
void consumer(PcRun& run, ItemQueue& queue, int c) {
  while (std::optional<Item> item = queue.get("pc.consumer.get")) {
    thread_sleep(run.process_us, run.cancel(), item_label("process", *item), "pc.consumer.process");
    run.consumed(*item, c);
  }
}
// [/excerpt]

// Starts `body` on a new thread with a trace lane called `name`. An
// exception (Cancelled) is kept for the run and closes the queue, so that
// nobody is left waiting on it.
std::thread start_thread(PcRun& run, ItemQueue& queue, FirstError& errors, const std::string& name,
                         std::function<void()> body) {
  const LaneId lane = add_lane(run.context, name, LaneKind::thread);
  return std::thread([&run, &queue, &errors, lane, body = std::move(body)] {
    ThreadLane on_lane(run.context.trace, lane);
    try {
      body();
    } catch (...) {
      errors.record(std::current_exception());
      queue.close();
    }
  });
}

}  // namespace

void run_threads(PcRun& run) {
  ItemQueue queue({.capacity = static_cast<std::size_t>(run.queue_size), .cancel = run.cancel()});
  FirstError errors;
  std::vector<std::thread> producers;
  std::vector<std::thread> consumers;
  try {
    for (int p = 0; p < run.producers; ++p) {
      producers.push_back(start_thread(run, queue, errors, "producer " + std::to_string(p + 1),
                                       [&run, &queue, p] { producer(run, queue, p); }));
    }
    for (int c = 0; c < run.consumers; ++c) {
      consumers.push_back(start_thread(run, queue, errors, "consumer " + std::to_string(c + 1),
                                       [&run, &queue, c] { consumer(run, queue, c); }));
    }
  } catch (...) {
    // A thread that could not start (no room for it): the ones running stop
    // at the closed queue and are joined, since a joinable std::thread
    // destroyed would end the whole program (std::terminate).
    queue.close();
    for (std::thread& t : producers) t.join();
    for (std::thread& t : consumers) t.join();
    throw;
  }
  {
    LaneState waiting(SpanState::idle, "wait for producers and consumers", "pc.threads.join");
    for (std::thread& t : producers) t.join();
    queue.close();  // every item is in: consumers drain the queue, then stop
    for (std::thread& t : consumers) t.join();
  }
  errors.rethrow_and_clear();
  run.peak_queue_depth = queue.peak_size();
}

}  // namespace playground::lessons::producer_consumer
