// Issue 17: each item a consumer took is one queue edge, from the put of that
// item on its producer's lane to the get on the consumer's lane.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <tuple>

#include "core/clock.hpp"
#include "core/trace.hpp"
#include "lessons/lesson_test_support.hpp"
#include "lessons/producer_consumer/producer_consumer.hpp"

namespace playground::lessons::producer_consumer {
namespace {

class PcEdges : public ::testing::TestWithParam<const char*> {};

TEST_P(PcEdges, each_item_consumed_is_one_edge_from_its_put_to_its_get) {
  for (const auto& [producers, consumers] : std::vector<std::pair<int, int>>{{1, 1}, {2, 3}}) {
    RunRequest request;
    request.mode = GetParam();
    request.params = {{"producers", producers}, {"consumers", consumers}, {"items", 30},     {"queue_size", 2},
                      {"min_delay_ms", 0},      {"max_delay_ms", 3},      {"process_ms", 2}, {"seed", 11}};
    SteadyClock clock;
    TraceRecorder trace(clock);
    RunContext context{.trace = &trace};
    const nlohmann::json result = lesson().run(testing::resolved(lesson(), request), context).result;
    const Trace recorded = trace.snapshot();

    std::map<LaneId, std::string> lane_name;
    for (const Lane& lane : recorded.lanes) lane_name[lane.id] = lane.name;
    // (item label, producer lane, consumer lane): as the result lists each item, and as the edges say.
    using Handoff = std::tuple<std::string, std::string, std::string>;
    std::map<Handoff, int> consumed, edges;
    for (const auto& item : result.at("per_item")) {
      ++consumed[{"value " + std::to_string(item.at("value").get<int>()),
                  "producer " + std::to_string(item.at("producer").get<int>()),
                  "consumer " + std::to_string(item.at("consumer").get<int>())}];
    }
    std::size_t queue_edges = 0;
    for (const Edge& edge : recorded.edges) {
      EXPECT_LE(edge.from.at_us, edge.to.at_us) << edge.label;
      if (edge.kind != EdgeKind::queue) continue;
      ++queue_edges;
      ++edges[{edge.label, lane_name[edge.from.lane], lane_name[edge.to.lane]}];
    }
    EXPECT_EQ(queue_edges, static_cast<std::size_t>(result.at("items_consumed").get<int>()));
    EXPECT_EQ(edges, consumed) << producers << " producers, " << consumers << " consumers";
    EXPECT_EQ(recorded.dropped_edges, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(ProducerConsumer, PcEdges, ::testing::Values("threads", "coroutines"));

}  // namespace
}  // namespace playground::lessons::producer_consumer
