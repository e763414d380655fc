// Issue 17: in the cpu-bound lesson with the simulated GIL, every hand-off
// the GIL counts is one gil edge on the trace, between two threads' lanes.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/trace.hpp"
#include "lessons/cpu_bound/cpu_bound.hpp"
#include "lessons/lesson_test_support.hpp"

namespace playground::lessons::cpu_bound {
namespace {

TEST(CpuBoundEdges, gil_hand_off_edges_equal_the_gils_hand_off_count) {
  SteadyClock clock;
  TraceRecorder trace(clock);
  RunContext context{.trace = &trace};
  const RunRequest request = playground::testing::resolved(
      lesson(), playground::testing::request("threads", {{"jobs", 4}, {"work_ms", 30}}, 4, true));
  const nlohmann::json result = lesson().run(request, context).result;
  const Trace recorded = trace.snapshot();
  std::size_t gil_edges = 0;
  for (const Edge& edge : recorded.edges) {
    if (edge.kind != EdgeKind::gil) continue;
    ++gil_edges;
    EXPECT_NE(edge.from.lane, edge.to.lane);
    EXPECT_LE(edge.from.at_us, edge.to.at_us);
  }
  EXPECT_GT(gil_edges, 0u);
  EXPECT_EQ(gil_edges, result.at("gil_handoffs").get<std::uint64_t>());
}

}  // namespace
}  // namespace playground::lessons::cpu_bound
