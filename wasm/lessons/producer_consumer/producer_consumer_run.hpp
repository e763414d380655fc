#pragma once
// One run of the producer/consumer demo as its modes see it (internal to the
// producer_consumer*.cpp files): the production plan every mode follows, the
// items made and consumed, and when.
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "run/lesson.hpp"

namespace playground::lessons::producer_consumer {

// One item a producer makes: its delay before it and its value are drawn
// from the seeded generator before the run starts, so every mode makes the
// same items at the same offsets.
struct ProductionStep {
  micros delay_us = 0;
  int value = 0;  // 0..999, like the course's "value 225"
};

struct Item {
  std::int64_t id = 0;  // producer × items + k: unique, for checking that each is consumed once
  int producer = 0;     // 1-based
  int value = 0;
  micros produced_at = 0;
};

struct ConsumedItem {
  Item item;
  int consumer = 0;        // 1-based
  micros consumed_at = 0;  // processing finished
};

class PcRun {
 public:
  PcRun(const RunRequest& request, RunContext& context);

  const RunRequest& request;
  RunContext& context;
  int producers = 1;
  int consumers = 1;
  int items_per_producer = 1;
  int queue_size = 1;
  micros process_us = 0;
  std::vector<std::vector<ProductionStep>> plan;  // plan[p][k]: producer p's k-th item

  // Time since the run started, on the trace's clock when traced (so item
  // times line up with the spans) or a steady clock.
  [[nodiscard]] micros now() const { return clock_->now_us(); }
  [[nodiscard]] const Clock& clock() const { return *clock_; }
  [[nodiscard]] std::int64_t total_items() const { return static_cast<std::int64_t>(producers) * items_per_producer; }
  [[nodiscard]] CancelToken* cancel() const { return context.cancel; }

  // The item producer p (0-based) makes as its k-th, stamped now.
  [[nodiscard]] Item make_item(int p, int k) const;
  // Records that `consumer` (0-based) finished processing `item` now. Thread-safe.
  void consumed(const Item& item, int consumer);

  [[nodiscard]] std::vector<ConsumedItem> take_consumed();

  std::size_t peak_queue_depth = 0;  // set by the mode

 private:
  SteadyClock steady_;
  const Clock* clock_;
  std::mutex mutex_;
  std::vector<ConsumedItem> consumed_;
};

// "make value 225", "process value 225": how spans name an item.
[[nodiscard]] std::string item_label(const char* verb, const Item& item);
// How a queue's causal edge names an item (core/causal_edge.hpp): "value 225"
// (the edge starts on its producer's lane).
[[nodiscard]] std::string queue_item_label(const Item& item);

// The modes (producer_consumer.cpp, producer_consumer_threads.cpp,
// producer_consumer_coroutines.cpp). Each makes and consumes every item once.
void run_sequential(PcRun& run);
void run_threads(PcRun& run);
void run_coroutines(PcRun& run);

}  // namespace playground::lessons::producer_consumer
