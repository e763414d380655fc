#include "run/request.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace playground {
namespace {

using nlohmann::json;

// A request for a scenario file of this repository, given inline as the CLI's path form does.
json request_for(const std::string& scenario, const std::string& mode, json params, int threads = 2) {
  std::ifstream file(std::string(PLAYGROUND_SOURCE_DIR) + "/scenarios/" + scenario + ".json");
  std::stringstream text;
  text << file.rdbuf();
  return {{"scenario_json", json::parse(text.str())}, {"mode", mode}, {"threads", threads}, {"params", params}};
}

std::string refusal(const json& request) {
  try {
    (void)resolve_request(request);
  } catch (const RunError& e) {
    return e.what();
  }
  return "";
}

// The limit is the module's (set by the page's loader); each test sets its own and leaves none.
class ThreadDemandCheck : public ::testing::Test {
 protected:
  void SetUp() override { set_thread_limit(8); }
  void TearDown() override { set_thread_limit(0); }
};

TEST_F(ThreadDemandCheck, producers_and_consumers_are_threads_too) {
  EXPECT_EQ(refusal(request_for("producer-consumer", "threads", {{"producers", 8}, {"consumers", 8}})),
            "producers (8) + consumers (8) = 16 threads at once, but this page can run at most 8 threads at once "
            "(4 per core, at most 16); lower producers or consumers");
  // Their sum, not the threads parameter (which this mode does not use).
  EXPECT_EQ(refusal(request_for("producer-consumer", "threads", {{"producers", 4}, {"consumers", 4}}, 1)), "");
  EXPECT_NE(refusal(request_for("producer-consumer", "threads", {{"producers", 5}, {"consumers", 4}}, 1)), "");
}

TEST_F(ThreadDemandCheck, modes_without_threads_need_only_the_runs_own_thread) {
  EXPECT_EQ(refusal(request_for("producer-consumer", "sequential", {{"producers", 16}, {"consumers", 16}})), "");
  EXPECT_EQ(refusal(request_for("producer-consumer", "coroutines", {{"producers", 16}, {"consumers", 16}})), "");
  EXPECT_EQ(refusal(request_for("sleep", "coroutines", json::object(), 64)), "");
}

TEST_F(ThreadDemandCheck, a_thread_mode_needs_its_threads) {
  for (const auto& [scenario, mode] : {std::pair{"sleep", "threads"},
                                       {"io-requests", "threads"},
                                       {"cpu-bound", "threads"},
                                       {"distance-matrix", "threads"},
                                       {"distance-matrix", "pool"},
                                       {"amdahl", "pool"}}) {
    EXPECT_EQ(refusal(request_for(scenario, mode, json::object(), 8)), "") << scenario << " " << mode;
    EXPECT_EQ(refusal(request_for(scenario, mode, json::object(), 9)),
              "threads is 9, but this page can run at most 8 threads at once (4 per core, at most 16); lower threads")
        << scenario << " " << mode;
  }
}

TEST_F(ThreadDemandCheck, without_a_limit_every_demand_is_accepted) {
  set_thread_limit(0);
  EXPECT_EQ(refusal(request_for("producer-consumer", "threads", {{"producers", 16}, {"consumers", 16}})), "");
  EXPECT_EQ(refusal(request_for("distance-matrix", "pool", json::object(), 64)), "");
}

TEST(RequestTestFault, is_abort_or_a_run_error) {
  json request = request_for("sleep", "serial", json::object());
  EXPECT_EQ(resolve_request(request).test_fault, "");
  request["test_fault"] = "abort";
  EXPECT_EQ(resolve_request(request).test_fault, "abort");
  request["test_fault"] = "crash";
  EXPECT_EQ(refusal(request), "test_fault must be \"abort\" (tests only)");
}

TEST(ThreadDemand, counts_the_runs_own_thread_when_it_has_no_parts) {
  EXPECT_EQ(ThreadDemand{}.threads(), 1);
  EXPECT_EQ((ThreadDemand{{{"producers", 3}, {"consumers", 5}}}.threads()), 8);
}

}  // namespace
}  // namespace playground
