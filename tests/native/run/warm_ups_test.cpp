// WarmUps (run/lesson_support.hpp): when a mode's warm-ups stop. Natively
// there is no JIT to wait for, so only "no faster than the last one" and the
// caps apply; the first time's 30 ms in WebAssembly is checked in Node
// (tests/node/warm-ups.test.ts).
#include <gtest/gtest.h>

#include "run/lesson_support.hpp"

namespace playground {
namespace {

TEST(WarmUps, stop_once_a_warm_up_is_no_faster_than_the_last) {
  WarmUps warm_ups("warm-ups-test", "steady");
  EXPECT_TRUE(warm_ups.again(10.0));  // nothing to compare with yet
  EXPECT_TRUE(warm_ups.again(5.0));   // faster: the JIT's code came in
  EXPECT_FALSE(warm_ups.again(4.8));  // within 10 %: steady
}

TEST(WarmUps, stop_after_200_ms_in_all_even_while_getting_faster) {
  WarmUps warm_ups("warm-ups-test", "slow");
  EXPECT_TRUE(warm_ups.again(120.0));
  EXPECT_FALSE(warm_ups.again(90.0));  // faster, but 210 ms in all
}

TEST(WarmUps, stop_after_50_warm_ups_even_while_getting_faster) {
  WarmUps warm_ups("warm-ups-test", "many");
  double ms = 1.0;
  int made = 1;
  while (warm_ups.again(ms)) {
    ms *= 0.8;  // always 20 % faster
    ++made;
  }
  EXPECT_EQ(made, 50);
}

}  // namespace
}  // namespace playground
