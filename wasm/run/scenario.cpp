#include "run/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "run/number_format.hpp"
#include "run/text_file.hpp"

namespace playground {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr std::size_t kMaxQuotedChars = 40;
constexpr int kMaxThreads = 1024;

// A value for a message, cut short so hostile input stays readable.
std::string shorten(std::string text) {
  if (text.size() <= kMaxQuotedChars) return text;
  std::size_t cut = kMaxQuotedChars;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "…";
}

template <typename Json>
std::string describe(const Json& value) {
  return shorten(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

bool is_identifier(std::string_view text) {
  if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool is_parameter_name(std::string_view text) {
  if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool is_data_path(std::string_view text) {
  if (text.size() < 5 || text.substr(text.size() - 4) != ".csv") return false;
  if (text.find("..") != std::string_view::npos || text.front() == '/') return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '/' || c == '-';
  });
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// Reads the fields of one JSON object, naming each by its path in messages
// ("scenarios/sleep.json: parameters.first_ms.max must be a number"), and
// rejects fields the schema does not know.
template <typename Json>
class ObjectReader {
 public:
  ObjectReader(const Json& object, std::string source, std::string path, std::set<std::string> known)
      : object_(object), source_(std::move(source)), path_(std::move(path)) {
    if (!object_.is_object()) fail_at(path_, "must be a JSON object (got " + describe(object_) + ")");
    for (const auto& item : object_.items()) {
      if (!known.count(item.key())) fail_at(field_path(item.key()), "is not a known field");
    }
  }

  [[noreturn]] void fail_at(const std::string& path, const std::string& what) const {
    throw ScenarioError(source_ + ": " + (path.empty() ? "the scenario" : path) + " " + what);
  }
  [[noreturn]] void fail(const std::string& key, const std::string& what) const { fail_at(field_path(key), what); }

  std::string field_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool has(const std::string& key) const { return object_.contains(key); }
  const Json& at(const std::string& key) const {
    if (!object_.contains(key)) fail(key, "is missing");
    return object_.at(key);
  }
  const std::string& source() const { return source_; }

  std::string text(const std::string& key, bool allow_empty = false) const {
    const Json& value = at(key);
    if (!value.is_string() || (!allow_empty && value.template get_ref<const std::string&>().empty())) {
      fail(key, allow_empty ? "must be a string" : "must be a non-empty string");
    }
    return value.template get<std::string>();
  }
  std::string identifier(const std::string& key) const {
    std::string value = text(key);
    if (!is_identifier(value))
      fail(key, "must be lower-case letters, digits and dashes (got \"" + shorten(value) + "\")");
    return value;
  }
  double number(const std::string& key) const {
    const Json& value = at(key);
    if (!value.is_number()) fail(key, "must be a number");
    return value.template get<double>();
  }
  int integer(const std::string& key, int min, int max) const {
    const Json& value = at(key);
    if (!value.is_number_integer() || value.template get<std::int64_t>() < min ||
        value.template get<std::int64_t>() > max) {
      fail(key, "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return value.template get<int>();
  }
  bool boolean(const std::string& key) const {
    const Json& value = at(key);
    if (!value.is_boolean()) fail(key, "must be true or false");
    return value.template get<bool>();
  }
  std::vector<std::string> texts(const std::string& key) const {
    const Json& value = at(key);
    if (!value.is_array() || value.empty()) fail(key, "must be a non-empty list of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string() || value[i].template get_ref<const std::string&>().empty()) {
        fail_at(field_path(key) + "[" + std::to_string(i) + "]", "must be a non-empty string");
      }
      out.push_back(value[i].template get<std::string>());
    }
    return out;
  }

 private:
  const Json& object_;
  std::string source_;
  std::string path_;
};

template <typename Json>
ParameterSpec parse_parameter(const ObjectReader<Json>& scenario, const std::string& name, const Json& value) {
  const std::string path = "parameters." + name;
  if (!is_parameter_name(name)) {
    scenario.fail_at(path, "is not a valid parameter name (lower-case letters, digits and underscores)");
  }
  const ObjectReader<Json> reader(value, scenario.source(), path,
                                  {"type", "default", "min", "max", "unit", "label", "description"});
  ParameterSpec spec;
  spec.name = name;
  const std::string type = reader.text("type");
  if (type == "integer")
    spec.type = ParameterType::integer;
  else if (type == "number")
    spec.type = ParameterType::number;
  else if (type == "boolean")
    spec.type = ParameterType::boolean;
  else
    reader.fail("type", "must be \"integer\", \"number\" or \"boolean\" (got \"" + shorten(type) + "\")");
  spec.label = reader.text("label");
  if (reader.has("unit")) spec.unit = reader.text("unit", true);
  if (reader.has("description")) spec.description = reader.text("description", true);

  const Json& fallback = reader.at("default");
  if (spec.type == ParameterType::boolean) {
    if (reader.has("min")) reader.fail("min", "is not allowed for a boolean");
    if (reader.has("max")) reader.fail("max", "is not allowed for a boolean");
    spec.default_value = reader.boolean("default");
    return spec;
  }
  const bool integral = spec.type == ParameterType::integer;
  const char* kind = integral ? "must be an integer" : "must be a number";
  for (const char* key : {"min", "max"}) {
    const Json& bound = reader.at(key);
    if (integral ? !bound.is_number_integer() : !bound.is_number()) reader.fail(key, kind);
  }
  spec.min = reader.number("min");
  spec.max = reader.number("max");
  if (*spec.min > *spec.max) reader.fail("min", "must not be greater than max");
  if (integral ? !fallback.is_number_integer() : !fallback.is_number()) reader.fail("default", kind);
  const double fallback_value = fallback.template get<double>();
  if (fallback_value < *spec.min || fallback_value > *spec.max) {
    reader.fail("default",
                "must be between min and max (" + format_double(*spec.min) + " and " + format_double(*spec.max) + ")");
  }
  if (integral)
    spec.default_value = fallback.template get<std::int64_t>();
  else
    spec.default_value = fallback_value;
  return spec;
}

// "references": [{label, wall_ms, params, source}]: each params names only the
// scenario's own parameters, with values of their type and in their range.
template <typename Json>
std::vector<Reference> parse_references(const ObjectReader<Json>& scenario_reader, const Scenario& scenario) {
  const Json& list = scenario_reader.at("references");
  if (!list.is_array() || list.empty()) scenario_reader.fail("references", "must be a non-empty list of references");
  std::vector<Reference> references;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = "references[" + std::to_string(i) + "]";
    const ObjectReader<Json> reader(list[i], scenario_reader.source(), path, {"label", "wall_ms", "params", "source"});
    Reference reference;
    reference.label = reader.text("label");
    reference.source = reader.text("source");
    reference.wall_ms = reader.number("wall_ms");
    if (!(reference.wall_ms > 0) || !std::isfinite(reference.wall_ms)) reader.fail("wall_ms", "must be above 0");
    const Json& params = reader.at("params");
    if (!params.is_object()) reader.fail("params", "must be a JSON object");
    reference.params = nlohmann::json::object();
    for (const auto& item : params.items()) {
      const ParameterSpec* spec = scenario.find_parameter(item.key());
      const std::string where = path + ".params." + item.key();
      if (spec == nullptr) reader.fail_at(where, "is not one of the scenario's parameters");
      const Json& value = item.value();
      switch (spec->type) {
        case ParameterType::boolean:
          if (!value.is_boolean()) reader.fail_at(where, "must be true or false");
          break;
        case ParameterType::integer:
          if (!value.is_number_integer()) reader.fail_at(where, "must be an integer");
          break;
        case ParameterType::number:
          if (!value.is_number()) reader.fail_at(where, "must be a number");
          break;
      }
      if (spec->min && spec->max &&
          (value.template get<double>() < *spec->min || value.template get<double>() > *spec->max)) {
        reader.fail_at(where, "must be between " + format_double(*spec->min) + " and " + format_double(*spec->max));
      }
      reference.params[item.key()] = value;
    }
    references.push_back(std::move(reference));
  }
  return references;
}

template <typename Json>
Scenario parse(const Json& document, std::string_view source) {
  const ObjectReader<Json> reader(
      document, std::string(source), "",
      {"$schema", "id", "title", "lesson", "demo", "modes", "baseline", "threads", "gil", "parameters", "notice",
       "data", "references", "not_compared", "amdahl_sweep", "load_sweep"});
  Scenario scenario;
  scenario.source = std::string(source);
  scenario.id = reader.identifier("id");
  scenario.title = reader.text("title");
  scenario.lesson = reader.text("lesson");
  scenario.demo = reader.identifier("demo");

  // Why no mode has a speed-up: given to every mode not compared with another (the page reads it alike).
  const std::string none_compared = reader.has("not_compared") ? reader.text("not_compared") : "";
  const Json& modes = reader.at("modes");
  if (!modes.is_array() || modes.empty()) reader.fail("modes", "must be a non-empty list of modes");
  for (std::size_t i = 0; i < modes.size(); ++i) {
    const std::string path = "modes[" + std::to_string(i) + "]";
    const ObjectReader<Json> mode_reader(
        modes[i], reader.source(), path,
        {"id", "needs_threads", "compared_with", "not_compared", "native_only", "honours_gil", "own_speedup"});
    ModeSpec mode;
    mode.id = mode_reader.identifier("id");
    if (scenario.has_mode(mode.id)) reader.fail_at(path, "repeats \"" + mode.id + "\"");
    if (mode_reader.has("needs_threads")) mode.needs_threads = mode_reader.boolean("needs_threads");
    if (mode_reader.has("compared_with")) mode.compared_with = mode_reader.identifier("compared_with");
    if (mode_reader.has("not_compared")) {
      if (!mode.compared_with.empty()) mode_reader.fail("not_compared", "cannot go with compared_with: pick one");
      mode.not_compared = mode_reader.text("not_compared");
    } else if (mode.compared_with.empty()) {
      mode.not_compared = none_compared;
    }
    if (mode_reader.has("native_only")) mode.native_only = mode_reader.text("native_only");
    if (mode_reader.has("honours_gil")) mode.honours_gil = mode_reader.boolean("honours_gil");
    // Only threads hold the GIL: a mode without them has nothing to honour it with.
    if (mode.honours_gil && !mode.needs_threads) mode_reader.fail("honours_gil", "needs needs_threads");
    if (mode_reader.has("own_speedup")) {
      const ObjectReader<Json> own(mode_reader.at("own_speedup"), reader.source(), path + ".own_speedup",
                                   {"field", "against"});
      mode.own_speedup_field = own.text("field");
      if (!is_parameter_name(mode.own_speedup_field)) {
        own.fail("field", "must be a result field's name (lower-case letters, digits and underscores)");
      }
      mode.own_speedup_against = own.text("against");
    }
    scenario.mode_specs.push_back(std::move(mode));
    scenario.modes.push_back(scenario.mode_specs.back().id);
  }
  scenario.baseline = reader.identifier("baseline");
  if (!scenario.has_mode(scenario.baseline)) {
    reader.fail("baseline", "\"" + scenario.baseline + "\" is not one of the modes (" + join(scenario.modes) + ")");
  }
  for (std::size_t i = 0; i < scenario.mode_specs.size(); ++i) {
    ModeSpec& mode = scenario.mode_specs[i];
    // Only a baseline shows a speed-up of its own: another mode's is measured against its compared_with.
    if (!mode.own_speedup_field.empty() &&
        (mode.compared_with.empty() ? scenario.baseline : mode.compared_with) != mode.id) {
      reader.fail_at("modes[" + std::to_string(i) + "].own_speedup", "is for a mode compared with itself (a baseline)");
    }
    if (!mode.not_compared.empty()) continue;
    const std::string where = "modes[" + std::to_string(i) + "]" + (mode.compared_with.empty() ? "" : ".compared_with");
    if (mode.compared_with.empty()) mode.compared_with = scenario.baseline;
    const ModeSpec* against = scenario.find_mode(mode.compared_with);
    if (against == nullptr) {
      reader.fail_at(where, "\"" + mode.compared_with + "\" is not one of the modes (" + join(scenario.modes) + ")");
    }
    // A speed-up against a mode that computes something else would mean nothing.
    if (!against->not_compared.empty()) {
      reader.fail_at(
          where, "is compared with \"" + mode.compared_with + "\", which is not_compared (it computes something else)");
    }
  }

  const ObjectReader<Json> threads(reader.at("threads"), reader.source(), "threads", {"default", "min", "max"});
  scenario.threads.min = threads.integer("min", 1, kMaxThreads);
  scenario.threads.max = threads.integer("max", scenario.threads.min, kMaxThreads);
  scenario.threads.default_threads = threads.integer("default", scenario.threads.min, scenario.threads.max);
  scenario.gil = reader.boolean("gil");
  if (scenario.gil && std::none_of(scenario.mode_specs.begin(), scenario.mode_specs.end(),
                                   [](const ModeSpec& mode) { return mode.honours_gil; })) {
    reader.fail("gil", "is true, but no mode honours_gil");
  }

  if (!reader.at("parameters").is_object()) reader.fail("parameters", "must be a JSON object");
  for (const auto& item : reader.at("parameters").items()) {
    scenario.parameters.push_back(parse_parameter(reader, item.key(), item.value()));
  }
  scenario.notice = reader.texts("notice");
  if (reader.has("data")) {
    scenario.data = reader.texts("data");
    for (std::size_t i = 0; i < scenario.data.size(); ++i) {
      if (!is_data_path(scenario.data[i])) {
        reader.fail_at("data[" + std::to_string(i) + "]", "must be a relative path to a .csv file");
      }
    }
  }
  if (reader.has("references")) scenario.references = parse_references(reader, scenario);
  if (reader.has("amdahl_sweep")) scenario.amdahl_sweep = reader.boolean("amdahl_sweep");
  if (reader.has("load_sweep")) scenario.load_sweep = reader.boolean("load_sweep");
  if (scenario.load_sweep && scenario.find_parameter("rate_per_s") == nullptr) {
    reader.fail("load_sweep", "needs a parameter rate_per_s (the arrival rate the sweep varies)");
  }
  return scenario;
}

}  // namespace

std::string_view to_string(ParameterType type) {
  switch (type) {
    case ParameterType::integer: return "integer";
    case ParameterType::number: return "number";
    case ParameterType::boolean: return "boolean";
  }
  return "?";
}

const ParameterSpec* Scenario::find_parameter(std::string_view name) const {
  for (const auto& parameter : parameters) {
    if (parameter.name == name) return &parameter;
  }
  return nullptr;
}

bool Scenario::has_mode(std::string_view mode) const {
  return std::find(modes.begin(), modes.end(), mode) != modes.end();
}

const ModeSpec* Scenario::find_mode(std::string_view mode) const {
  for (const auto& spec : mode_specs) {
    if (spec.id == mode) return &spec;
  }
  return nullptr;
}

Scenario parse_scenario(const nlohmann::json& document, std::string_view source) { return parse(document, source); }

Scenario parse_scenario_text(std::string_view json_text, std::string_view source) {
  // ordered_json keeps the parameters in file order (forms show them so).
  ordered_json document;
  try {
    document = ordered_json::parse(json_text);
  } catch (const nlohmann::json::exception& error) {
    // nlohmann's message: "[json.exception.parse_error.101] parse error at line 3, column 5: …"
    // (a number too large for a double is an out_of_range error, not a parse_error).
    std::string what = error.what();
    if (const auto at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
    throw ScenarioError(std::string(source) + ": not valid JSON: " + what);
  }
  return parse(document, source);
}

Scenario load_scenario_file(const std::string& path) {
  Scenario scenario = parse_scenario_text(read_text_file(path), path);
  // The id is how the CLI and the page find a file, so it must be its name.
  const auto slash = path.find_last_of("/\\");
  const std::string file = slash == std::string::npos ? path : path.substr(slash + 1);
  if (file.size() > 5 && file.substr(file.size() - 5) == ".json" && file != scenario.id + ".json") {
    throw ScenarioError(path + ": id \"" + scenario.id + "\" does not match the file name \"" + file + "\"");
  }
  return scenario;
}

namespace {

std::string range_phrase(const ParameterSpec& spec) {
  switch (spec.type) {
    case ParameterType::integer:
      return "an integer between " + format_double(*spec.min) + " and " + format_double(*spec.max);
    case ParameterType::number:
      return "a number between " + format_double(*spec.min) + " and " + format_double(*spec.max);
    case ParameterType::boolean: return "true or false";
  }
  return "?";
}

[[noreturn]] void reject(const ParameterSpec& spec, const std::string& got) {
  throw ScenarioError("parameter \"" + spec.name + "\" must be " + range_phrase(spec) + " (got " + got + ")");
}

std::optional<bool> parse_boolean(std::string_view text) {
  for (const char* yes : {"true", "1", "yes", "on"}) {
    if (text == yes) return true;
  }
  for (const char* no : {"false", "0", "no", "off"}) {
    if (text == no) return false;
  }
  return std::nullopt;
}

nlohmann::json check_value(const ParameterSpec& spec, std::optional<double> value, const std::string& got) {
  if (!value || *value < *spec.min || *value > *spec.max) reject(spec, got);
  if (spec.type == ParameterType::integer) {
    if (std::trunc(*value) != *value) reject(spec, got);
    return static_cast<std::int64_t>(*value);
  }
  return *value;
}

nlohmann::json value_from_text(const ParameterSpec& spec, std::string_view text) {
  const std::string got = "\"" + shorten(std::string(text)) + "\"";
  if (spec.type == ParameterType::boolean) {
    const auto value = parse_boolean(text);
    if (!value) reject(spec, got);
    return *value;
  }
  if (spec.type == ParameterType::integer) {
    const auto value = parse_integer(text);
    if (!value) reject(spec, got);
    // Range-check in double: the bounds are small, the value may not be.
    return check_value(spec, static_cast<double>(*value), got);
  }
  return check_value(spec, parse_number(text), got);
}

nlohmann::json value_from_json(const ParameterSpec& spec, const nlohmann::json& value) {
  if (value.is_string()) return value_from_text(spec, value.get_ref<const std::string&>());
  const std::string got = describe(value);
  if (spec.type == ParameterType::boolean) {
    if (!value.is_boolean()) reject(spec, got);
    return value;
  }
  if (!value.is_number()) reject(spec, got);
  return check_value(spec, value.get<double>(), got);
}

[[noreturn]] void reject_unknown(const Scenario& scenario, const std::string& name) {
  std::vector<std::string> known;
  for (const auto& parameter : scenario.parameters) known.push_back(parameter.name);
  throw ScenarioError("unknown parameter \"" + shorten(name) + "\" for scenario \"" + scenario.id +
                      "\" (known parameters: " + (known.empty() ? "none" : join(known)) + ")");
}

ParameterValues fill_and_check(const Scenario& scenario, ParameterValues values) {
  for (const auto& parameter : scenario.parameters) {
    if (!values.contains(parameter.name)) values[parameter.name] = parameter.default_value;
  }
  // A range given as two parameters must not be upside down.
  for (const auto& parameter : scenario.parameters) {
    if (parameter.name.rfind("min_", 0) != 0 || parameter.type == ParameterType::boolean) continue;
    const std::string partner = "max_" + parameter.name.substr(4);
    if (!scenario.find_parameter(partner)) continue;
    const double low = values.at(parameter.name).get<double>();
    const double high = values.at(partner).get<double>();
    if (low > high) {
      throw ScenarioError("parameter \"" + parameter.name + "\" (" + format_double(low) +
                          ") must not be greater than \"" + partner + "\" (" + format_double(high) + ")");
    }
  }
  return values;
}

}  // namespace

ParameterValues resolve_parameters(const Scenario& scenario, const std::map<std::string, std::string>& overrides) {
  ParameterValues values = nlohmann::json::object();
  for (const auto& [name, text] : overrides) {
    const ParameterSpec* spec = scenario.find_parameter(name);
    if (!spec) reject_unknown(scenario, name);
    values[name] = value_from_text(*spec, text);
  }
  return fill_and_check(scenario, std::move(values));
}

ParameterValues resolve_parameters(const Scenario& scenario, const nlohmann::json& overrides) {
  if (overrides.is_null()) return fill_and_check(scenario, nlohmann::json::object());
  if (!overrides.is_object()) {
    throw ScenarioError("parameters must be a JSON object of name: value (got " + describe(overrides) + ")");
  }
  ParameterValues values = nlohmann::json::object();
  for (const auto& item : overrides.items()) {
    const ParameterSpec* spec = scenario.find_parameter(item.key());
    if (!spec) reject_unknown(scenario, item.key());
    values[item.key()] = value_from_json(*spec, item.value());
  }
  return fill_and_check(scenario, std::move(values));
}

std::pair<std::string, std::string> split_assignment(std::string_view assignment) {
  const auto equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw ScenarioError("--set expects NAME=VALUE (got \"" + shorten(std::string(assignment)) + "\")");
  }
  return {std::string(assignment.substr(0, equals)), std::string(assignment.substr(equals + 1))};
}

int resolve_threads(const Scenario& scenario, std::optional<std::int64_t> requested) {
  if (!requested) return scenario.threads.default_threads;
  if (*requested < scenario.threads.min || *requested > scenario.threads.max) {
    throw ScenarioError("threads must be an integer between " + std::to_string(scenario.threads.min) + " and " +
                        std::to_string(scenario.threads.max) + " for scenario \"" + scenario.id + "\" (got " +
                        std::to_string(*requested) + ")");
  }
  return static_cast<int>(*requested);
}

void check_mode(const Scenario& scenario, std::string_view mode) {
  if (!scenario.has_mode(mode)) {
    throw ScenarioError("unknown mode \"" + shorten(std::string(mode)) + "\" for scenario \"" + scenario.id +
                        "\" (modes: " + join(scenario.modes) + ")");
  }
}

RunRequest make_run_request(const Scenario& scenario, const RunChoices& choices) {
  check_mode(scenario, choices.mode);
  RunRequest request;
  request.mode = choices.mode;
  request.threads = resolve_threads(scenario, choices.threads);
  // Only a mode whose threads hold the simulated GIL runs with it, so that its result says so truly.
  request.gil = scenario.find_mode(choices.mode)->honours_gil && choices.gil.value_or(scenario.gil);
  request.params = resolve_parameters(scenario, choices.params);
  request.input_csv = choices.input_csv;
  return request;
}

}  // namespace playground
