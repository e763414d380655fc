#pragma once
// Where the CLI finds scenarios: SCENARIO is either a path to a .json file or
// an id looked up in the scenarios folder — $PLAYGROUND_SCENARIOS when set,
// else the source tree's scenarios/ (compiled in).
#include <string>
#include <vector>

#include "run/scenario.hpp"

namespace playground::cli {

// The folder scenario ids are looked up in.
[[nodiscard]] std::string scenarios_dir();

struct FoundScenario {
  Scenario scenario;
  std::string folder;  // the file's folder: data paths are relative to it
};

// Loads SCENARIO (an id or a path). An unknown id is a ScenarioError
// listing the ids there are.
[[nodiscard]] FoundScenario find_scenario(const std::string& id_or_path);

// Every scenario in scenarios_dir(), sorted by id.
[[nodiscard]] std::vector<Scenario> all_scenarios();

}  // namespace playground::cli
