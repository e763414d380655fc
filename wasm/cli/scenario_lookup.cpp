#include "cli/scenario_lookup.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace playground::cli {
namespace {

namespace fs = std::filesystem;

bool looks_like_path(const std::string& text) {
  return text.find('/') != std::string::npos || (text.size() > 5 && text.compare(text.size() - 5, 5, ".json") == 0);
}

std::vector<std::string> scenario_ids() {
  std::vector<std::string> ids;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(scenarios_dir(), error)) {
    const fs::path& path = entry.path();
    if (path.extension() == ".json" && path.filename() != "scenario.schema.json") ids.push_back(path.stem().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

std::string scenarios_dir() {
  const char* from_env = std::getenv("PLAYGROUND_SCENARIOS");
  if (from_env != nullptr && *from_env != '\0') return from_env;
  return PLAYGROUND_SCENARIOS_DIR;
}

FoundScenario find_scenario(const std::string& id_or_path) {
  fs::path path;
  if (looks_like_path(id_or_path)) {
    path = id_or_path;
  } else {
    const auto ids = scenario_ids();
    if (std::find(ids.begin(), ids.end(), id_or_path) == ids.end()) {
      std::string known;
      for (const auto& id : ids) known += (known.empty() ? "" : ", ") + id;
      throw ScenarioError("unknown scenario \"" + id_or_path + "\" (scenarios in " + scenarios_dir() + ": " +
                          (known.empty() ? "none" : known) + ")");
    }
    path = fs::path(scenarios_dir()) / (id_or_path + ".json");
  }
  FoundScenario found{.scenario = load_scenario_file(path.string()), .folder = path.parent_path().string()};
  if (found.folder.empty()) found.folder = ".";
  return found;
}

std::vector<Scenario> all_scenarios() {
  std::vector<Scenario> scenarios;
  for (const auto& id : scenario_ids()) {
    scenarios.push_back(load_scenario_file((fs::path(scenarios_dir()) / (id + ".json")).string()));
  }
  return scenarios;
}

}  // namespace playground::cli
