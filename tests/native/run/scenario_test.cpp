#include "run/scenario.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>

#include <unistd.h>

#include "lessons/distance_matrix/locations_csv.hpp"
#include "run/text_file.hpp"

namespace playground {
namespace {

namespace fs = std::filesystem;
const fs::path kScenarios = fs::path(PLAYGROUND_SOURCE_DIR) / "scenarios";

std::vector<fs::path> scenario_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kScenarios)) {
    if (entry.path().extension() == ".json" && entry.path().filename() != "scenario.schema.json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

nlohmann::json sleep_document() { return nlohmann::json::parse(read_text_file((kScenarios / "sleep.json").string())); }

Scenario sleep_scenario() { return load_scenario_file((kScenarios / "sleep.json").string()); }
Scenario producer_consumer() { return load_scenario_file((kScenarios / "producer-consumer.json").string()); }

// The message a ScenarioError carries for `document` ("" if it parses).
std::string scenario_error(const nlohmann::json& document) {
  try {
    (void)parse_scenario(document, "scenarios/sleep.json");
  } catch (const ScenarioError& error) {
    return error.what();
  }
  return "";
}

template <typename Overrides>
std::string parameter_error(const Scenario& scenario, const Overrides& overrides) {
  try {
    (void)resolve_parameters(scenario, overrides);
  } catch (const ScenarioError& error) {
    return error.what();
  }
  return "";
}

TEST(ScenarioFiles, every_lesson_has_a_file_with_the_required_modes) {
  const std::map<std::string, std::vector<std::string>> required = {
      {"sleep", {"serial", "threads", "coroutines", "first-completed"}},
      {"io-requests", {"serial", "threads", "coroutines"}},
      {"cpu-bound", {"serial", "threads", "coroutines", "processes"}},
      {"distance-matrix", {"serial", "threads", "pool", "coroutines", "processes", "optimised"}},
      {"producer-consumer", {"sequential", "threads", "coroutines"}},
      {"event-loop", {"coroutines"}},
      {"amdahl", {"pool"}},
  };
  for (const auto& [id, modes] : required) {
    const Scenario scenario = load_scenario_file((kScenarios / (id + ".json")).string());
    EXPECT_EQ(scenario.id, id);
    EXPECT_EQ(scenario.demo, id);
    for (const auto& mode : modes) EXPECT_TRUE(scenario.has_mode(mode)) << id << " lacks " << mode;
  }
}

TEST(ScenarioFiles, every_file_in_the_folder_is_valid_and_its_defaults_resolve) {
  const auto files = scenario_files();
  EXPECT_GE(files.size(), 7u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const Scenario scenario = load_scenario_file(file.string());
    EXPECT_FALSE(scenario.notice.empty());
    EXPECT_TRUE(scenario.has_mode(scenario.baseline));
    const ParameterValues values = resolve_parameters(scenario, std::map<std::string, std::string>{});
    EXPECT_EQ(values.size(), scenario.parameters.size());
    for (const auto& mode : scenario.modes) {
      const RunRequest request = make_run_request(scenario, {.mode = mode});
      EXPECT_EQ(request.threads, scenario.threads.default_threads);
      EXPECT_EQ(request.gil, scenario.gil && scenario.find_mode(mode)->honours_gil) << mode;
    }
    for (const auto& data : scenario.data) {
      EXPECT_NO_THROW((void)lessons::distance_matrix::read_locations_file((kScenarios / data).string())) << data;
    }
  }
}

TEST(ScenarioFiles, shared_parameter_names_exist_where_the_issue_names_them) {
  const std::map<std::string, std::vector<std::string>> names = {
      {"distance-matrix", {"read_delay_ms", "write_delay_ms"}},
      {"producer-consumer",
       {"producers", "consumers", "items", "queue_size", "min_delay_ms", "max_delay_ms", "process_ms", "seed"}},
      {"cpu-bound", {"jobs"}},
      {"sleep", {"first_ms", "second_ms", "time_scale"}},
      {"io-requests", {"requests", "latency_ms"}},
      {"event-loop", {"actions"}},
      {"amdahl", {"serial_fraction"}},
  };
  for (const auto& [id, parameters] : names) {
    const Scenario scenario = load_scenario_file((kScenarios / (id + ".json")).string());
    for (const auto& name : parameters) EXPECT_NE(scenario.find_parameter(name), nullptr) << id << "." << name;
  }
  const Scenario sleep = sleep_scenario();
  EXPECT_EQ(sleep.find_parameter("first_ms")->default_value, 800);
  EXPECT_EQ(sleep.find_parameter("second_ms")->default_value, 900);
  const Scenario event_loop = load_scenario_file((kScenarios / "event-loop.json").string());
  EXPECT_EQ(event_loop.find_parameter("actions")->default_value, 500000);
}

TEST(ScenarioFiles, parameters_keep_their_file_order) {
  const Scenario scenario = producer_consumer();
  ASSERT_GE(scenario.parameters.size(), 4u);
  EXPECT_EQ(scenario.parameters[0].name, "producers");
  EXPECT_EQ(scenario.parameters[1].name, "consumers");
  EXPECT_EQ(scenario.parameters[2].name, "items");
  EXPECT_EQ(scenario.parameters[3].name, "queue_size");
}

TEST(ScenarioSchema, is_a_draft_2020_12_schema_whose_fields_the_loader_agrees_with) {
  const auto schema = nlohmann::json::parse(read_text_file((kScenarios / "scenario.schema.json").string()));
  EXPECT_EQ(schema.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema.at("type"), "object");
  EXPECT_EQ(schema.at("additionalProperties"), false);
  // Every field the schema requires, the loader requires, naming it.
  for (const auto& field : schema.at("required")) {
    nlohmann::json document = sleep_document();
    document.erase(field.get<std::string>());
    EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: " + field.get<std::string>() + " is missing");
  }
  // Every field the schema allows, the loader accepts.
  const std::set<std::string> allowed_parameter_fields = [&] {
    std::set<std::string> out;
    for (const auto& item : schema.at("$defs").at("parameter").at("properties").items()) out.insert(item.key());
    return out;
  }();
  EXPECT_EQ(allowed_parameter_fields,
            (std::set<std::string>{"type", "default", "min", "max", "unit", "label", "description"}));
  const std::set<std::string> allowed_reference_fields = [&] {
    std::set<std::string> out;
    for (const auto& item : schema.at("$defs").at("reference").at("properties").items()) out.insert(item.key());
    return out;
  }();
  EXPECT_EQ(allowed_reference_fields, (std::set<std::string>{"label", "wall_ms", "params", "source"}));
  nlohmann::json document = sleep_document();
  document["data"] = {"data/five_locations.csv"};
  document["references"] = {{{"label", "Python"}, {"wall_ms", 1000}, {"params", {{"first_ms", 10}}}, {"source", "x"}}};
  document["amdahl_sweep"] = true;
  document["load_sweep"] = true;
  document["not_compared"] = "a server runs as long as its requests arrive";
  document["parameters"]["rate_per_s"] = {
      {"type", "number"}, {"default", 1}, {"min", 0.1}, {"max", 10}, {"label", "Rate"}};
  EXPECT_EQ(scenario_error(document), "");
  for (const auto& item : schema.at("properties").items())
    EXPECT_TRUE(item.key() == "$schema" || document.contains(item.key())) << item.key();
}

TEST(ScenarioFiles, a_scenario_wide_not_compared_goes_to_every_mode_not_compared_with_another) {
  const Scenario server = load_scenario_file((kScenarios / "server-load.json").string());
  for (const ModeSpec& mode : server.mode_specs) {
    EXPECT_NE(mode.not_compared.find("as long as its requests keep arriving"), std::string::npos) << mode.id;
  }
  nlohmann::json document = sleep_document();
  document["not_compared"] = "why";
  document["modes"][1]["not_compared"] = "its own reason";
  const Scenario sleep = parse_scenario(document, "scenarios/sleep.json");
  EXPECT_EQ(sleep.mode_specs[0].not_compared, "why");
  EXPECT_EQ(sleep.mode_specs[1].not_compared, "its own reason");
}

TEST(ScenarioFiles, a_mode_that_runs_natively_only_says_why) {
  // Every shipped mode runs in WebAssembly too (server-load's processes since its workers' loops
  // suspend in Web Workers); a mode that could not would say why as a sentence.
  for (const std::string name : {"server-load.json", "cpu-bound.json", "distance-matrix.json"}) {
    for (const ModeSpec& mode : load_scenario_file((kScenarios / name).string()).mode_specs)
      EXPECT_EQ(mode.native_only, "") << mode.id;
  }
  nlohmann::json document = sleep_document();
  document["modes"][0]["native_only"] = "it needs a real fork";
  EXPECT_EQ(scenario_error(document), "");
  document["modes"][0]["native_only"] = true;
  EXPECT_NE(scenario_error(document).find("modes[0].native_only"), std::string::npos) << scenario_error(document);
}

TEST(ScenarioFiles, the_amdahl_sweep_is_offered_where_work_divides_over_threads) {
  for (const char* id : {"cpu-bound", "distance-matrix", "amdahl"})
    EXPECT_TRUE(load_scenario_file((kScenarios / (std::string(id) + ".json")).string()).amdahl_sweep) << id;
  for (const char* id : {"sleep", "io-requests", "producer-consumer", "thread-safety", "event-loop"})
    EXPECT_FALSE(load_scenario_file((kScenarios / (std::string(id) + ".json")).string()).amdahl_sweep) << id;
  nlohmann::json document = sleep_document();
  document["amdahl_sweep"] = "yes";
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: amdahl_sweep must be true or false");
}

TEST(ScenarioFiles, the_load_sweep_is_offered_where_requests_arrive_at_a_rate) {
  EXPECT_TRUE(load_scenario_file((kScenarios / "server-load.json").string()).load_sweep);
  EXPECT_FALSE(load_scenario_file((kScenarios / "sleep.json").string()).load_sweep);
  nlohmann::json document = sleep_document();
  document["load_sweep"] = true;
  EXPECT_EQ(scenario_error(document),
            "scenarios/sleep.json: load_sweep needs a parameter rate_per_s (the arrival rate the sweep varies)");
}

TEST(ScenarioFiles, the_event_loop_quotes_the_courses_asyncio_and_uvloop_figures_as_references) {
  const Scenario scenario = load_scenario_file((kScenarios / "event-loop.json").string());
  ASSERT_EQ(scenario.references.size(), 2u);
  EXPECT_EQ(scenario.references[0].label, "asyncio");
  EXPECT_DOUBLE_EQ(scenario.references[0].wall_ms, 16200);
  EXPECT_EQ(scenario.references[0].params, (nlohmann::json{{"actions", 500000}}));
  EXPECT_EQ(scenario.references[1].label, "uvloop");
  EXPECT_DOUBLE_EQ(scenario.references[1].wall_ms, 11300);
  EXPECT_TRUE(sleep_scenario().references.empty());
}

TEST(ScenarioErrors, a_bad_reference_names_its_field) {
  const nlohmann::json good = {{"label", "Python"}, {"wall_ms", 1000}, {"params", {{"first_ms", 10}}}, {"source", "x"}};
  const auto error_with = [&](const std::function<void(nlohmann::json&)>& change) {
    nlohmann::json document = sleep_document();
    document["references"] = {good, good};
    change(document["references"][1]);
    return scenario_error(document);
  };
  EXPECT_EQ(error_with([](auto& r) { r["wall_ms"] = 0; }),
            "scenarios/sleep.json: references[1].wall_ms must be above 0");
  EXPECT_EQ(error_with([](auto& r) { r["wall_ms"] = "fast"; }),
            "scenarios/sleep.json: references[1].wall_ms must be a number");
  EXPECT_EQ(error_with([](auto& r) { r.erase("source"); }), "scenarios/sleep.json: references[1].source is missing");
  EXPECT_EQ(error_with([](auto& r) { r["label"] = ""; }),
            "scenarios/sleep.json: references[1].label must be a non-empty string");
  EXPECT_EQ(error_with([](auto& r) {
              r["params"] = {{"actions", 5}};
            }),
            "scenarios/sleep.json: references[1].params.actions is not one of the scenario's parameters");
  EXPECT_EQ(error_with([](auto& r) {
              r["params"] = {{"first_ms", 0.5}};
            }),
            "scenarios/sleep.json: references[1].params.first_ms must be an integer");
  EXPECT_EQ(error_with([](auto& r) {
              r["params"] = {{"first_ms", 20000}};
            }),
            "scenarios/sleep.json: references[1].params.first_ms must be between 1 and 10000");
  EXPECT_EQ(error_with([](auto& r) { r["speed"] = 1; }),
            "scenarios/sleep.json: references[1].speed is not a known field");
  nlohmann::json document = sleep_document();
  document["references"] = nlohmann::json::array();
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: references must be a non-empty list of references");
}

TEST(ScenarioErrors, a_parameter_bound_of_the_wrong_type_names_the_field) {
  nlohmann::json document = sleep_document();
  document["parameters"]["time_scale"]["max"] = "x";
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: parameters.time_scale.max must be a number");
  document = sleep_document();
  document["parameters"]["first_ms"]["max"] = 10.5;
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: parameters.first_ms.max must be an integer");
}

TEST(ScenarioErrors, a_default_outside_its_range_names_the_field) {
  nlohmann::json document = sleep_document();
  document["parameters"]["first_ms"]["default"] = 20000;
  EXPECT_EQ(scenario_error(document),
            "scenarios/sleep.json: parameters.first_ms.default must be between min and max (1 and 10000)");
}

TEST(ScenarioErrors, an_unknown_field_is_named) {
  nlohmann::json document = sleep_document();
  document["parameters"]["first_ms"]["colour"] = "red";
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: parameters.first_ms.colour is not a known field");
  document = sleep_document();
  document["mode"] = "serial";
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: mode is not a known field");
}

TEST(ScenarioErrors, an_unknown_parameter_type_is_named) {
  nlohmann::json document = sleep_document();
  document["parameters"]["first_ms"]["type"] = "float";
  EXPECT_EQ(
      scenario_error(document),
      "scenarios/sleep.json: parameters.first_ms.type must be \"integer\", \"number\" or \"boolean\" (got \"float\")");
}

TEST(ScenarioErrors, a_baseline_that_is_not_a_mode_lists_the_modes) {
  nlohmann::json document = sleep_document();
  document["baseline"] = "pool";
  EXPECT_EQ(
      scenario_error(document),
      "scenarios/sleep.json: baseline \"pool\" is not one of the modes (serial, threads, coroutines, first-completed)");
}

TEST(ScenarioErrors, a_mode_compared_with_an_unknown_mode_lists_the_modes) {
  nlohmann::json document = sleep_document();
  document["modes"][1]["compared_with"] = "pool";
  EXPECT_EQ(
      scenario_error(document),
      "scenarios/sleep.json: modes[1].compared_with \"pool\" is not one of the modes (serial, threads, coroutines, "
      "first-completed)");
}

TEST(ScenarioErrors, a_mode_not_compared_has_no_compared_with_and_nothing_is_compared_with_it) {
  nlohmann::json document = sleep_document();
  document["modes"][3]["not_compared"] = "it stops at the first completion";
  EXPECT_EQ(scenario_error(document), "");
  document["modes"][3]["compared_with"] = "serial";
  EXPECT_EQ(scenario_error(document),
            "scenarios/sleep.json: modes[3].not_compared cannot go with compared_with: pick one");
  document["modes"][3].erase("compared_with");
  document["modes"][1]["compared_with"] = "first-completed";
  EXPECT_EQ(scenario_error(document),
            "scenarios/sleep.json: modes[1].compared_with is compared with \"first-completed\", which is not_compared "
            "(it computes something else)");
  document["modes"][1].erase("compared_with");
  document["modes"][0]["not_compared"] = "x";  // the baseline: every mode without compared_with is compared with it
  EXPECT_EQ(scenario_error(document),
            "scenarios/sleep.json: modes[1] is compared with \"serial\", which is not_compared (it computes something "
            "else)");
}

TEST(ScenarioErrors, only_a_baseline_has_a_speed_up_of_its_own) {
  nlohmann::json document = sleep_document();
  document["modes"][0]["own_speedup"] = {{"field", "measured_speedup"}, {"against", "one thread"}};
  EXPECT_EQ(scenario_error(document), "");
  document["modes"][0]["own_speedup"]["field"] = "Measured";
  EXPECT_EQ(
      scenario_error(document),
      "scenarios/sleep.json: modes[0].own_speedup.field must be a result field's name (lower-case letters, digits "
      "and underscores)");
  document["modes"][0].erase("own_speedup");
  document["modes"][1]["own_speedup"] = {{"field", "measured_speedup"}, {"against", "one thread"}};
  EXPECT_EQ(scenario_error(document),
            "scenarios/sleep.json: modes[1].own_speedup is for a mode compared with itself (a baseline)");
  const Scenario amdahl = load_scenario_file((kScenarios / "amdahl.json").string());
  EXPECT_EQ(amdahl.find_mode("pool")->own_speedup_field, "measured_speedup");
  EXPECT_EQ(amdahl.find_mode("pool")->own_speedup_against, "one thread");
}

TEST(ScenarioFiles, deadlock_is_compared_with_nothing_it_ends_by_detection) {
  const Scenario scenario = load_scenario_file((kScenarios / "thread-safety.json").string());
  EXPECT_EQ(scenario.find_mode("deadlock")->compared_with, "");
  EXPECT_NE(scenario.find_mode("deadlock")->not_compared.find("detects the deadlock"), std::string::npos);
  EXPECT_EQ(scenario.find_mode("try-lock")->compared_with, "ordered");
}

TEST(ScenarioFiles, each_mode_says_whether_it_needs_threads_and_what_it_is_compared_with) {
  const Scenario scenario = sleep_scenario();
  ASSERT_NE(scenario.find_mode("threads"), nullptr);
  EXPECT_TRUE(scenario.find_mode("threads")->needs_threads);
  EXPECT_FALSE(scenario.find_mode("coroutines")->needs_threads);
  EXPECT_EQ(scenario.find_mode("coroutines")->compared_with, "serial");
  EXPECT_EQ(scenario.find_mode("pool"), nullptr);
}

TEST(ScenarioErrors, a_thread_range_upside_down_is_named) {
  nlohmann::json document = sleep_document();
  document["threads"] = {{"default", 2}, {"min", 8}, {"max", 4}};
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: threads.max must be an integer between 8 and 1024");
}

TEST(ScenarioErrors, repeated_modes_and_empty_notices_are_named) {
  nlohmann::json document = sleep_document();
  document["modes"] = nlohmann::json::array({{{"id", "serial"}}, {{"id", "threads"}}, {{"id", "serial"}}});
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: modes[2] repeats \"serial\"");
  document["modes"] = {"serial"};
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: modes[0] must be a JSON object (got \"serial\")");
  document = sleep_document();
  document["notice"] = {"fine", ""};
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: notice[1] must be a non-empty string");
}

TEST(ScenarioErrors, a_data_path_leaving_the_folder_is_rejected) {
  nlohmann::json document = sleep_document();
  document["data"] = {"../../etc/passwd.csv"};
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: data[0] must be a relative path to a .csv file");
}

TEST(ScenarioErrors, not_json_and_not_an_object_are_named) {
  try {
    (void)parse_scenario_text("{\"id\": ", "bad.json");
    FAIL() << "no error";
  } catch (const ScenarioError& error) {
    EXPECT_EQ(std::string(error.what()).rfind("bad.json: not valid JSON: parse error at line 1", 0), 0u)
        << error.what();
  }
  EXPECT_EQ(scenario_error(nlohmann::json::array()),
            "scenarios/sleep.json: the scenario must be a JSON object (got [])");
}

TEST(ScenarioErrors, an_id_that_differs_from_the_file_name_is_named) {
  const fs::path dir = fs::temp_directory_path() / ("playground_scenario_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "naps.json";
  std::ofstream(file) << sleep_document().dump();
  try {
    (void)load_scenario_file(file.string());
    ADD_FAILURE() << "no error";
  } catch (const ScenarioError& error) {
    EXPECT_EQ(std::string(error.what()), file.string() + ": id \"sleep\" does not match the file name \"naps.json\"");
  }
  fs::remove_all(dir);
}

TEST(ScenarioErrors, mutated_files_either_load_or_fail_with_a_scenario_error) {
  const std::string original = read_text_file((kScenarios / "producer-consumer.json").string());
  const std::string alphabet = "{}[],:\"0123456789.-eE truefalsn_";
  std::mt19937 random(4242);
  for (int round = 0; round < 3000; ++round) {
    std::string text = original;
    for (int e = 0; e < 1 + static_cast<int>(random() % 3); ++e) {
      const std::size_t at = random() % text.size();
      if (random() % 2)
        text[at] = alphabet[random() % alphabet.size()];
      else
        text.erase(at, 1 + random() % 6);
    }
    try {
      const Scenario scenario = parse_scenario_text(text, "fuzz.json");
      (void)resolve_parameters(scenario, nlohmann::json::object());
    } catch (const ScenarioError& error) {
      ASSERT_EQ(std::string(error.what()).rfind("fuzz.json: ", 0) == 0 ||
                    std::string(error.what()).rfind("parameter ", 0) == 0,
                true)
          << error.what();
    }
  }
}

TEST(Parameters, defaults_fill_what_is_not_given_and_strings_are_parsed) {
  const ParameterValues values = resolve_parameters(
      producer_consumer(), std::map<std::string, std::string>{{"queue_size", "3"}, {"time_scale", "0.5"}});
  EXPECT_EQ(values.at("queue_size"), 3);
  EXPECT_TRUE(values.at("queue_size").is_number_integer());
  EXPECT_EQ(values.at("time_scale"), 0.5);
  EXPECT_TRUE(values.at("time_scale").is_number_float());
  EXPECT_EQ(values.at("producers"), 1);
}

TEST(Parameters, a_non_integer_names_the_parameter_and_its_range) {
  const Scenario scenario = producer_consumer();
  EXPECT_EQ(parameter_error(scenario, std::map<std::string, std::string>{{"queue_size", "abc"}}),
            "parameter \"queue_size\" must be an integer between 1 and 1000 (got \"abc\")");
  EXPECT_EQ(parameter_error(scenario, std::map<std::string, std::string>{{"queue_size", "2.5"}}),
            "parameter \"queue_size\" must be an integer between 1 and 1000 (got \"2.5\")");
  EXPECT_EQ(parameter_error(scenario, std::map<std::string, std::string>{{"queue_size", ""}}),
            "parameter \"queue_size\" must be an integer between 1 and 1000 (got \"\")");
}

TEST(Parameters, values_outside_the_range_are_rejected) {
  const Scenario scenario = producer_consumer();
  EXPECT_EQ(parameter_error(scenario, std::map<std::string, std::string>{{"queue_size", "0"}}),
            "parameter \"queue_size\" must be an integer between 1 and 1000 (got \"0\")");
  EXPECT_EQ(parameter_error(scenario, std::map<std::string, std::string>{{"items", "-5"}}),
            "parameter \"items\" must be an integer between 1 and 10000 (got \"-5\")");
  EXPECT_EQ(parameter_error(scenario, std::map<std::string, std::string>{{"items", "99999999999999999999999"}}),
            "parameter \"items\" must be an integer between 1 and 10000 (got \"99999999999999999999999\")");
  EXPECT_EQ(parameter_error(scenario, std::map<std::string, std::string>{{"time_scale", "nan"}}),
            "parameter \"time_scale\" must be a number between 0.01 and 1 (got \"nan\")");
  EXPECT_EQ(parameter_error(scenario, std::map<std::string, std::string>{{"time_scale", "1e308"}}),
            "parameter \"time_scale\" must be a number between 0.01 and 1 (got \"1e308\")");
}

TEST(Parameters, unknown_names_are_rejected_with_the_known_ones) {
  EXPECT_EQ(
      parameter_error(sleep_scenario(), std::map<std::string, std::string>{{"frist_ms", "5"}}),
      "unknown parameter \"frist_ms\" for scenario \"sleep\" (known parameters: first_ms, second_ms, time_scale)");
}

TEST(Parameters, json_values_must_have_the_right_type) {
  const Scenario scenario = producer_consumer();
  EXPECT_EQ(resolve_parameters(scenario, nlohmann::json{{"items", 8.0}}).at("items"), 8);
  EXPECT_EQ(resolve_parameters(scenario, nlohmann::json{{"items", "8"}}).at("items"), 8);
  EXPECT_EQ(parameter_error(scenario, nlohmann::json{{"items", true}}),
            "parameter \"items\" must be an integer between 1 and 10000 (got true)");
  EXPECT_EQ(parameter_error(scenario, nlohmann::json{{"items", nlohmann::json::array({1, 2})}}),
            "parameter \"items\" must be an integer between 1 and 10000 (got [1,2])");
  EXPECT_EQ(parameter_error(scenario, nlohmann::json::array()),
            "parameters must be a JSON object of name: value (got [])");
  EXPECT_EQ(resolve_parameters(scenario, nlohmann::json()).size(), scenario.parameters.size());
}

TEST(Parameters, booleans_accept_the_usual_words) {
  nlohmann::json document = sleep_document();
  document["parameters"]["verbose"] = {{"type", "boolean"}, {"default", false}, {"label", "Verbose"}};
  const Scenario scenario = parse_scenario(document, "test");
  EXPECT_EQ(resolve_parameters(scenario, std::map<std::string, std::string>{{"verbose", "on"}}).at("verbose"), true);
  EXPECT_EQ(resolve_parameters(scenario, nlohmann::json{{"verbose", true}}).at("verbose"), true);
  EXPECT_EQ(resolve_parameters(scenario, nlohmann::json::object()).at("verbose"), false);
  EXPECT_EQ(parameter_error(scenario, std::map<std::string, std::string>{{"verbose", "maybe"}}),
            "parameter \"verbose\" must be true or false (got \"maybe\")");
  EXPECT_EQ(parameter_error(scenario, nlohmann::json{{"verbose", 1}}),
            "parameter \"verbose\" must be true or false (got 1)");
}

TEST(Parameters, a_minimum_above_its_maximum_is_rejected) {
  EXPECT_EQ(parameter_error(producer_consumer(), std::map<std::string, std::string>{{"min_delay_ms", "900"}}),
            "parameter \"min_delay_ms\" (900) must not be greater than \"max_delay_ms\" (800)");
}

TEST(Parameters, a_huge_value_is_cut_short_in_the_message) {
  const std::string huge(10000, '9');
  const std::string message = parameter_error(producer_consumer(), std::map<std::string, std::string>{{"items", huge}});
  EXPECT_LT(message.size(), 150u) << message;
}

TEST(Parameters, set_arguments_split_at_the_first_equals_sign) {
  EXPECT_EQ(split_assignment("queue_size=5"), (std::pair<std::string, std::string>{"queue_size", "5"}));
  EXPECT_EQ(split_assignment("a=b=c"), (std::pair<std::string, std::string>{"a", "b=c"}));
  EXPECT_EQ(split_assignment("a="), (std::pair<std::string, std::string>{"a", ""}));
  try {
    (void)split_assignment("queue_size");
    FAIL() << "no error";
  } catch (const ScenarioError& error) {
    EXPECT_STREQ(error.what(), "--set expects NAME=VALUE (got \"queue_size\")");
  }
  EXPECT_THROW((void)split_assignment("=5"), ScenarioError);
}

TEST(RunChoices, threads_are_checked_against_the_scenarios_range) {
  const Scenario scenario = sleep_scenario();
  EXPECT_EQ(resolve_threads(scenario, std::nullopt), 2);
  EXPECT_EQ(resolve_threads(scenario, 64), 64);
  try {
    (void)resolve_threads(scenario, 0);
    FAIL() << "no error";
  } catch (const ScenarioError& error) {
    EXPECT_STREQ(error.what(), "threads must be an integer between 1 and 64 for scenario \"sleep\" (got 0)");
  }
  EXPECT_THROW((void)resolve_threads(scenario, 65), ScenarioError);
}

TEST(RunChoices, an_unknown_mode_lists_the_scenarios_modes) {
  try {
    check_mode(sleep_scenario(), "pool");
    FAIL() << "no error";
  } catch (const ScenarioError& error) {
    EXPECT_STREQ(error.what(),
                 "unknown mode \"pool\" for scenario \"sleep\" (modes: serial, threads, coroutines, first-completed)");
  }
}

TEST(RunChoices, make_run_request_fills_everything_in) {
  const Scenario scenario = load_scenario_file((kScenarios / "cpu-bound.json").string());
  const RunRequest request =
      make_run_request(scenario, {.mode = "threads", .threads = 3, .gil = false, .params = {{"jobs", "6"}}});
  EXPECT_EQ(request.mode, "threads");
  EXPECT_EQ(request.threads, 3);
  EXPECT_FALSE(request.gil);
  EXPECT_EQ(request.params.at("jobs"), 6);
  EXPECT_EQ(request.params.at("work_ms"), scenario.find_parameter("work_ms")->default_value);
  EXPECT_TRUE(make_run_request(scenario, {.mode = "threads"}).gil);  // cpu-bound's default: the GIL is on
}

TEST(RunChoices, only_a_mode_that_honours_the_gil_runs_with_it) {
  const Scenario cpu = load_scenario_file((kScenarios / "cpu-bound.json").string());
  EXPECT_TRUE(make_run_request(cpu, {.mode = "threads", .gil = true}).gil);
  EXPECT_FALSE(make_run_request(cpu, {.mode = "serial", .gil = true}).gil);     // no threads to hold it
  EXPECT_FALSE(make_run_request(cpu, {.mode = "processes", .gil = true}).gil);  // an interpreter each
  // thread-safety's gil mode is a simulated GIL of its own; the switch means nothing there.
  const Scenario safety = load_scenario_file((kScenarios / "thread-safety.json").string());
  for (const auto& mode : safety.mode_specs) {
    EXPECT_FALSE(mode.honours_gil) << mode.id;
    EXPECT_FALSE(make_run_request(safety, {.mode = mode.id, .gil = true}).gil) << mode.id;
  }
}

TEST(ScenarioErrors, the_gil_is_honoured_only_by_thread_modes_and_on_by_default_only_with_one) {
  nlohmann::json document = sleep_document();
  document["modes"][2]["honours_gil"] = true;
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: modes[2].honours_gil needs needs_threads");
  document = sleep_document();
  document["modes"][1].erase("honours_gil");
  document["gil"] = true;
  EXPECT_EQ(scenario_error(document), "scenarios/sleep.json: gil is true, but no mode honours_gil");
}

}  // namespace
}  // namespace playground
