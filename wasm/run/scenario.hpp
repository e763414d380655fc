#pragma once
// Scenarios: one JSON file per lesson in scenarios/ (schema:
// scenarios/scenario.schema.json), and the validation of everything a reader
// may change before a run — parameters, thread count, mode — whether it comes
// from the CLI (--set NAME=VALUE, strings), the web page's URL (strings) or
// the JS API (JSON values).
//
// Every error is a ScenarioError whose message names the file and the field
// ("scenarios/sleep.json: parameters.first_ms.max must be a number") or the
// parameter and its allowed range ("parameter \"queue_size\" must be an
// integer between 1 and 1000 (got \"abc\")").
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "run/lesson.hpp"

namespace playground {

class ScenarioError : public RunError {
 public:
  using RunError::RunError;
};

enum class ParameterType { integer, number, boolean };
[[nodiscard]] std::string_view to_string(ParameterType type);

struct ParameterSpec {
  std::string name;
  ParameterType type = ParameterType::integer;
  nlohmann::json default_value;  // an integer, a number or a boolean, per `type`
  std::optional<double> min;     // inclusive; integer and number only
  std::optional<double> max;     // inclusive; integer and number only
  std::string unit;              // "ms", "items"… may be empty
  std::string label;             // short, for a form control
  std::string description;       // may be empty
};

// One mode of a lesson, as its scenario file describes it.
struct ModeSpec {
  std::string id;              // "serial", "pool", "first-completed"…
  bool needs_threads = false;  // runs real threads: not in the single build
  std::string compared_with;   // the mode its speed-up is measured against; empty when not_compared
  std::string not_compared;    // non-empty: it computes something else than the others, so no speed-up, and why
  std::string native_only;     // non-empty: runs natively only, and why (WebAssembly refuses it)
  bool honours_gil = false;    // its threads hold the simulated GIL when a run asks for it
  // A baseline that measures its own speed-up (Amdahl's pool, against its own
  // one-thread run): the result field that holds it and what it is against
  // ("one thread"); both empty otherwise.
  std::string own_speedup_field;
  std::string own_speedup_against;
};

// A figure quoted from elsewhere (the course's own measurement), shown beside
// the measured rows and labelled as such: data, never computed.
struct Reference {
  std::string label;      // "asyncio"
  double wall_ms = 0;     // what it took, > 0
  nlohmann::json params;  // the parameters it was measured with, e.g. {"actions": 500000}
  std::string source;     // where the figure comes from
};

struct ThreadRange {
  int default_threads = 1;
  int min = 1;
  int max = 1;
};

struct Scenario {
  std::string id;  // "distance-matrix": the file name without .json
  std::string title;
  std::string lesson;                // what the lesson is about, in a few sentences
  std::string demo;                  // the lesson that runs it (find_lesson)
  std::vector<ModeSpec> mode_specs;  // in the order a comparison runs them
  std::vector<std::string> modes;    // their ids, in the same order
  std::string baseline;              // the mode speed-ups are measured against by default
  ThreadRange threads;
  bool gil = false;                       // default of the simulated GIL for thread modes
  std::vector<ParameterSpec> parameters;  // in file order
  std::vector<std::string> notice;        // what the reader should notice
  std::vector<std::string> data;          // data files, relative to the scenario's folder
  std::vector<Reference> references;      // quoted figures to show beside the measured ones
  bool amdahl_sweep = false;              // the page offers a thread-count sweep fitted to Amdahl's law
  bool load_sweep = false;                // the page offers a sweep of rate_per_s beside a queueing model
  std::string source;                     // where it was loaded from, for messages

  [[nodiscard]] const ParameterSpec* find_parameter(std::string_view name) const;
  [[nodiscard]] bool has_mode(std::string_view mode) const;
  [[nodiscard]] const ModeSpec* find_mode(std::string_view mode) const;
};

// Parses and checks a scenario. `source` names it in messages ("scenarios/sleep.json").
[[nodiscard]] Scenario parse_scenario(const nlohmann::json& document, std::string_view source);
[[nodiscard]] Scenario parse_scenario_text(std::string_view json_text, std::string_view source);
[[nodiscard]] Scenario load_scenario_file(const std::string& path);

// Parameter values by name, as JSON: integers as JSON integers, numbers as
// JSON floats, booleans as JSON booleans — the shape RunRequest::params has.
using ParameterValues = nlohmann::json;

// Validates overrides against the scenario and fills in every default.
// Unknown names are rejected with the list of known ones. Strings are parsed
// strictly ("8", "0.5", "true"); JSON values must have the right type (an
// integer may be written 8.0). A pair of parameters min_X / max_X must also
// satisfy min_X <= max_X.
[[nodiscard]] ParameterValues resolve_parameters(const Scenario& scenario,
                                                 const std::map<std::string, std::string>& overrides);
[[nodiscard]] ParameterValues resolve_parameters(const Scenario& scenario, const nlohmann::json& overrides);

// Splits "NAME=VALUE" (one --set argument). Throws ScenarioError without '='
// or with an empty name.
[[nodiscard]] std::pair<std::string, std::string> split_assignment(std::string_view assignment);

// The thread count for a run: the scenario's default when none is given,
// else checked against the scenario's range.
[[nodiscard]] int resolve_threads(const Scenario& scenario, std::optional<std::int64_t> requested);

// Throws ScenarioError listing the scenario's modes when `mode` is not one.
void check_mode(const Scenario& scenario, std::string_view mode);

// Everything a front end needs to build a RunRequest from a reader's choices.
struct RunChoices {
  std::string mode;
  std::optional<std::int64_t> threads;               // none: the scenario's default
  std::optional<bool> gil;                           // none: the scenario's default
  nlohmann::json params = nlohmann::json::object();  // overrides, strings or JSON values
  std::string input_csv;
};

// Checks every choice and returns the request to hand to the lesson.
[[nodiscard]] RunRequest make_run_request(const Scenario& scenario, const RunChoices& choices);

}  // namespace playground
