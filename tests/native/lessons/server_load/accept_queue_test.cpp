#include "lessons/server_load/accept_queue.hpp"

#include <gtest/gtest.h>

#include "lessons/server_load/results.hpp"

namespace playground::lessons::server_load {
namespace {

struct Fixture {
  explicit Fixture(std::vector<micros> arrivals, int backlog)
      : queue({.arrivals_us = std::move(arrivals),
               .backlog = backlog,
               .clock = &clock,
               .context = nullptr,
               .on_settled = {}}) {}
  VirtualClock clock;
  AcceptQueue queue;
  void serve(int id) {
    queue.started(id, -1);
    queue.done(id, 0);
  }
};

TEST(ServerLoadAcceptQueue, arrivals_beyond_a_full_backlog_are_rejected) {
  Fixture f({0, 0, 0, 0, 0}, 2);
  EXPECT_EQ(f.queue.try_take(), 0);  // admits 0 and 1; 2, 3, 4 found it full
  EXPECT_EQ(f.queue.try_take(), 1);
  EXPECT_EQ(f.queue.try_take(), std::nullopt);
  EXPECT_EQ(f.queue.next_arrival_us(), std::nullopt);
  const auto records = f.queue.records();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(records[i].rejected, i >= 2) << "request " << i;
  EXPECT_EQ(f.queue.peak_depth(), 2);
}

TEST(ServerLoadAcceptQueue, a_late_take_admits_each_arrival_against_the_queue_it_found) {
  Fixture f({10, 20, 30}, 1);
  EXPECT_EQ(f.queue.try_take(), std::nullopt);  // nothing has arrived yet
  EXPECT_EQ(f.queue.next_arrival_us(), 10);
  f.clock.advance_to(15);
  EXPECT_EQ(f.queue.try_take(), 0);
  // Nobody takes until 35: request 1 (at 20) waits, so request 2 (at 30) finds the backlog full.
  f.clock.advance_to(35);
  EXPECT_EQ(f.queue.try_take(), 1);
  const auto records = f.queue.records();
  EXPECT_FALSE(records[1].rejected);
  EXPECT_TRUE(records[2].rejected);
  EXPECT_EQ(records[0].taken, 15);
  EXPECT_EQ(records[1].taken, 35);
}

TEST(ServerLoadAcceptQueue, a_request_completes_once_after_it_started) {
  Fixture f({0, 0}, 4);
  const int id = *f.queue.try_take();
  EXPECT_THROW(f.queue.done(id, 0), RunError);  // not started
  f.queue.started(id, -1);
  EXPECT_THROW(f.queue.started(id, -1), RunError);
  f.queue.done(id, 0);
  EXPECT_THROW(f.queue.done(id, 0), RunError);
  EXPECT_THROW(f.queue.started(1, -1), RunError);  // never taken
  // Request 2 was neither completed nor rejected: conservation names it.
  try {
    check_conservation(f.queue.records());
    ADD_FAILURE() << "conservation passed with a request left over";
  } catch (const RunError& e) {
    EXPECT_STREQ(e.what(), "server-load: request 2 was neither completed nor rejected");
  }
  f.serve(*f.queue.try_take());
  EXPECT_NO_THROW(check_conservation(f.queue.records()));
}

TEST(ServerLoadAcceptQueue, take_waits_for_the_next_arrival_and_ends_when_all_have_come) {
  SteadyClock clock;
  AcceptQueue queue(
      {.arrivals_us = {20'000, 40'000}, .backlog = 4, .clock = &clock, .context = nullptr, .on_settled = {}});
  EXPECT_EQ(queue.take(nullptr), 0);
  EXPECT_GE(queue.now(), 20'000);
  EXPECT_EQ(queue.take(nullptr), 1);
  EXPECT_GE(queue.now(), 40'000);
  EXPECT_EQ(queue.take(nullptr), std::nullopt);
}

}  // namespace
}  // namespace playground::lessons::server_load
