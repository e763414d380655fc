#include "lessons/io_requests/io_requests.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "lessons/lesson_test_support.hpp"

namespace playground::lessons::io_requests {
namespace {

using namespace playground::testing;

// Five requests of 300 ms ± 100 ms, four times faster.
const nlohmann::json kScaled = {
    {"requests", 5}, {"latency_ms", 300}, {"jitter_ms", 100}, {"seed", 1}, {"time_scale", 0.25}};

TEST(IoRequests, latencies_are_seeded_within_the_jitter_and_not_in_order) {
  const auto a = request_latencies_ms(5, 300, 100, 1);
  EXPECT_EQ(a, request_latencies_ms(5, 300, 100, 1));
  EXPECT_NE(a, request_latencies_ms(5, 300, 100, 2));
  for (const auto ms : a) {
    EXPECT_GE(ms, 200);
    EXPECT_LE(ms, 400);
  }
  // The lesson needs answers that come back out of order.
  EXPECT_FALSE(std::is_sorted(a.begin(), a.end()));
  EXPECT_EQ(request_latencies_ms(3, 5, 0, 9), (std::vector<std::int64_t>{5, 5, 5}));
  for (const auto ms : request_latencies_ms(50, 1, 10, 3)) EXPECT_GE(ms, 1);
}

// Within 10 %: the largest latency here is only about 100 ms.
TEST(IoRequests, serial_takes_the_sum_and_concurrent_modes_the_largest_latency) {
  if (kSanitized) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  expect_timing_within_tries([] {
    const auto serial = run_demo(lesson(), request("serial", kScaled));
    return within("serial wall_ms", serial["wall_ms"], serial["sum_latency_ms"], 0.1);
  });
  for (const std::string mode : {"threads", "coroutines"}) {
    expect_timing_within_tries([&mode] {
      const auto result = run_demo(lesson(), request(mode, kScaled, 5));
      return within(mode + " wall_ms", result["wall_ms"], result["max_latency_ms"], 0.1);
    });
  }
}

// Each request is due when it started plus its latency; a request due
// clearly earlier (by more than a timer's slack on a busy machine) finishes
// earlier. (Requests start a little apart: a pool's threads pick them up one
// after the other, so the order by latency alone can flip two close ones.)
void expect_finished_by_due_time(const nlohmann::json& result, const std::string& mode) {
  constexpr double kSlackMs = 5.0;
  const auto order = result["completion_order"].get<std::vector<int>>();
  std::vector<std::size_t> position(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) position[static_cast<std::size_t>(order[k])] = k;
  const auto due = [&](int id) {
    const auto& r = result["requests"][id];
    return r["start_ms"].get<double>() + r["latency_ms"].get<double>();
  };
  for (int a = 0; a < static_cast<int>(order.size()); ++a) {
    for (int b = 0; b < static_cast<int>(order.size()); ++b) {
      if (due(a) + kSlackMs < due(b)) {
        EXPECT_LT(position[static_cast<std::size_t>(a)], position[static_cast<std::size_t>(b)])
            << mode << ": request " << a << " was due at " << due(a) << " ms, request " << b << " at " << due(b)
            << " ms";
      }
    }
  }
}

TEST(IoRequests, concurrent_modes_finish_out_of_order_shortest_latency_first) {
  for (const std::string mode : {"threads", "coroutines"}) {
    const auto result = run_demo(lesson(), request(mode, kScaled, 5));
    const auto order = result["completion_order"].get<std::vector<int>>();
    auto sorted = order;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<int>{0, 1, 2, 3, 4})) << mode << ": every request completes once";
    EXPECT_TRUE(result["out_of_order"].get<bool>()) << mode;
    if (!kSanitized) expect_finished_by_due_time(result, mode);
    for (const auto& r : result["requests"]) {
      EXPECT_GE(r["end_ms"].get<double>() - r["start_ms"].get<double>(), r["latency_ms"].get<double>() - 0.5) << mode;
    }
  }
}

TEST(IoRequests, serial_finishes_in_order_one_request_after_the_other) {
  const auto result = run_demo(lesson(), request("serial", kScaled));
  EXPECT_EQ(result["completion_order"].get<std::vector<int>>(), (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_FALSE(result["out_of_order"].get<bool>());
  EXPECT_GE(result["wall_ms"].get<double>(), result["sum_latency_ms"].get<double>() - 1.0);
  for (int i = 1; i < 5; ++i) {
    EXPECT_GE(result["requests"][i]["start_ms"].get<double>(), result["requests"][i - 1]["end_ms"].get<double>());
  }
}

TEST(IoRequests, threads_with_the_gil_still_overlap_their_waits) {
  if (kSanitized) GTEST_SKIP() << "timing is not checked in sanitizer builds";
  expect_timing_within_tries([] {
    const auto result = run_demo(lesson(), request("threads", kScaled, 5, true));
    EXPECT_EQ(result["gil"], true);
    return within("threads with GIL wall_ms", result["wall_ms"], result["max_latency_ms"], 0.1);
  });
}

TEST(IoRequests, progress_counts_every_finished_request) {
  Progress progress;
  RunContext context;
  context.progress = &progress;
  (void)lesson().run(resolved(lesson(), request("coroutines", kScaled)), context);
  EXPECT_EQ(progress.total.load(), 5);
  EXPECT_EQ(progress.done.load(), 5);
}

TEST(IoRequests, cancellation_stops_every_mode_promptly) {
  const nlohmann::json slow = {{"requests", 5}, {"latency_ms", 2000}, {"jitter_ms", 0}};
  for (const std::string mode : {"serial", "threads", "coroutines"}) {
    const double late_ms = cancel_after(lesson(), request(mode, slow, 5), 50);
    EXPECT_LT(late_ms, kSanitized ? 500.0 : 100.0) << mode;
  }
}

}  // namespace
}  // namespace playground::lessons::io_requests
