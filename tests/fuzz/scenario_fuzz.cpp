// Fuzzes what readers and course authors type: scenario files, and parameter
// values as they arrive from the CLI (--set NAME=VALUE) or a shared URL.
// Every input is either accepted with values inside the scenario's ranges, or
// rejected with a ScenarioError — never a crash or any other exception.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "run/scenario.hpp"

namespace {

using namespace playground;

const std::vector<Scenario>& real_scenarios() {
  static const std::vector<Scenario> scenarios = [] {
    std::vector<Scenario> loaded;
    for (const char* id :
         {"sleep", "io-requests", "cpu-bound", "distance-matrix", "producer-consumer", "event-loop", "amdahl"}) {
      loaded.push_back(load_scenario_file(std::string(PLAYGROUND_SOURCE_DIR) + "/scenarios/" + id + ".json"));
    }
    return loaded;
  }();
  return scenarios;
}

void check_within_ranges(const Scenario& scenario, const ParameterValues& values) {
  for (const ParameterSpec& spec : scenario.parameters) {
    const auto& value = values.at(spec.name);
    if (spec.type == ParameterType::boolean) {
      if (!value.is_boolean()) __builtin_trap();
      continue;
    }
    const double number = value.get<double>();
    if ((spec.min && number < *spec.min) || (spec.max && number > *spec.max)) __builtin_trap();
  }
}

// Lines of NAME=VALUE, as the CLI's --set or a URL query would give them.
void fuzz_parameters(const Scenario& scenario, std::string_view text) {
  std::map<std::string, std::string> overrides;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    if (!line.empty()) {
      auto [name, value] = split_assignment(line);
      overrides[name] = value;
    }
    start = end + 1;
  }
  check_within_ranges(scenario, resolve_parameters(scenario, overrides));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto& scenarios = real_scenarios();
  try {
    if (data[0] % 2 == 0) {
      const Scenario scenario = parse_scenario_text(text, "fuzz.json");
      check_within_ranges(scenario, resolve_parameters(scenario, nlohmann::json::object()));
    } else {
      fuzz_parameters(scenarios[(data[0] / 2) % scenarios.size()], text);
    }
  } catch (const ScenarioError& error) {
    if (std::string_view(error.what()).empty()) __builtin_trap();
  }
  return 0;
}
