#include "run/rounds.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace playground {

namespace {

// Enough work that a thread's start (well under a millisecond) is small
// beside it, little enough that three rounds cost under a third of a second.
constexpr int kCeilingWorkMs = 60;

std::string percent(double share) { return std::to_string(static_cast<int>(std::lround(share * 100))) + " %"; }

constexpr const char* kTooWide = "too wide to trust; run again, with more rounds or on a quieter machine";

// "a", "a and b", "a, b and c".
std::string and_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  }
  return out;
}

bool parallel_mode(const Scenario& scenario, const std::string& mode) {
  const ModeSpec* spec = scenario.find_mode(mode);
  return mode == "processes" || (spec != nullptr && spec->needs_threads);
}

}  // namespace

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

Spread spread_of(const std::vector<double>& values) {
  Spread spread;
  if (values.empty()) return spread;
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  spread.median = median(values);
  spread.min = values[order.front()];
  spread.max = values[order.back()];
  spread.median_index = order[(order.size() - 1) / 2];
  return spread;
}

nlohmann::json ModeRounds::fields() const {
  // One round has no range to tell: only its speed-up (and a lesson's own
  // fields, such as the event loop's "rounds", stay as the lesson set them).
  if (rounds <= 1) return speedup ? nlohmann::json{{"speedup", speedup->median}} : nlohmann::json::object();
  nlohmann::json out = {{"rounds", rounds},
                        {"shown_round", shown_round},
                        {"median_ms", wall.median},
                        {"wall_ms", wall.median},
                        {"range_ms", {wall.min, wall.max}}};
  if (speedup) {
    out["speedup"] = speedup->median;
    out["speedup_range"] = {speedup->min, speedup->max};
  }
  if (ceiling) {
    out["ceiling"] = ceiling->median;
    out["ceiling_range"] = {ceiling->min, ceiling->max};
  }
  if (!spread_note.empty()) out["spread_note"] = spread_note;
  return out;
}

std::vector<ModeRounds> summarise_rounds(const Scenario& scenario, const std::vector<RoundRun>& runs,
                                         const std::vector<double>& ceilings) {
  std::vector<std::string> modes;
  std::map<std::string, std::map<int, double>> wall;  // mode -> round -> wall ms
  for (const auto& run : runs) {
    if (!wall.count(run.mode)) modes.push_back(run.mode);
    wall[run.mode][run.round] = run.wall_ms;
  }
  std::vector<ModeRounds> out;
  for (const auto& mode : modes) {
    ModeRounds summary;
    summary.mode = mode;
    std::vector<int> rounds;
    std::vector<double> times;
    for (const auto& [round, ms] : wall[mode]) rounds.push_back(round), times.push_back(ms);
    summary.rounds = static_cast<int>(rounds.size());
    summary.wall = spread_of(times);
    summary.shown_round = rounds[summary.wall.median_index];

    // A round's speed-up divides times of that same round: both modes met the same spell of the machine.
    const ModeSpec* spec = scenario.find_mode(mode);
    const std::string against = spec != nullptr ? spec->compared_with : scenario.baseline;
    const bool baseline = against == mode;  // compared with itself: 1.00x would say nothing
    std::vector<double> speedups;
    if (!baseline && wall.count(against)) {
      for (const auto& [round, ms] : wall[mode]) {
        const auto base = wall[against].find(round);
        if (base != wall[against].end() && ms > 0 && base->second > 0) speedups.push_back(base->second / ms);
      }
    }
    if (!speedups.empty()) summary.speedup = spread_of(speedups);
    // A parallel baseline (Amdahl's one mode, which measures its own one-thread time) keeps the ceiling too.
    if ((summary.speedup || baseline) && !ceilings.empty() && parallel_mode(scenario, mode)) {
      summary.ceiling = spread_of(ceilings);
    }

    const std::string wide = summary.too_wide();
    if (!wide.empty()) {
      summary.spread_note =
          "the rounds' " + wide + " apart (more than " + percent(kTrustedWidth) + " of the median): " + kTooWide;
    }
    out.push_back(std::move(summary));
  }
  return out;
}

std::string ModeRounds::too_wide() const {
  std::vector<std::string> wide;
  if (wall.width() > kTrustedWidth) wide.push_back("times " + percent(wall.width()));
  if (speedup && speedup->width() > kTrustedWidth) wide.push_back("speed-ups " + percent(speedup->width()));
  return and_list(wide);
}

std::string spread_note(const std::vector<ModeRounds>& modes) {
  std::vector<std::string> names;
  std::vector<std::string> parts;
  for (const auto& mode : modes) {
    const std::string wide = mode.too_wide();
    if (wide.empty()) continue;
    names.push_back(mode.mode);
    parts.push_back(mode.mode + ": " + wide);
  }
  if (names.empty()) return {};
  std::string out =
      "The rounds of " + and_list(names) + " varied by more than " + percent(kTrustedWidth) + " of their median (";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out + "): " + kTooWide + ".";
}

int rounds_of(const RunRequest& request) {
  const auto found = request.params.find("rounds");
  return found != request.params.end() && found->is_number_integer() ? std::max(1, found->get<int>()) : 1;
}

bool claims_parallel_speedup(const Scenario& scenario, const std::vector<std::string>& modes) {
  // Only CPU-bound lessons measure in rounds; a lesson whose threads overlap
  // waits (sleep, I/O) claims no speed-up that the cores bound.
  if (scenario.find_parameter("rounds") == nullptr) return false;
  bool serial = false;
  bool parallel = false;
  for (const auto& mode : modes) (parallel_mode(scenario, mode) ? parallel : serial) = true;
  // Amdahl's one mode measures its own serial baseline in every run.
  return parallel && (serial || scenario.demo == kCeilingLesson);
}

std::vector<double> run_rounds(const std::vector<RunRequest>& requests, bool with_ceiling,
                               const std::function<void(const RunRequest& request, int round)>& measure) {
  std::vector<double> ceilings;
  if (requests.empty()) return ceilings;
  const Lesson* ceiling = with_ceiling ? find_lesson(kCeilingLesson) : nullptr;
  if (with_ceiling && ceiling == nullptr) throw RunError("the ceiling's lesson \"amdahl\" is not in this build");
  const int rounds = rounds_of(requests.front());
  for (int round = 1; round <= rounds; ++round) {
    for (const auto& request : requests) measure(request, round);
    if (ceiling != nullptr) {
      RunContext untraced;
      const RunOutcome outcome = ceiling->run(ceiling_request(requests.front().threads), untraced);
      ceilings.push_back(outcome.result.at("measured_speedup").get<double>());
    }
  }
  return ceilings;
}

RunRequest ceiling_request(int threads) {
  RunRequest request;
  request.mode = "pool";
  request.threads = threads;
  request.gil = false;
  request.params = {{"serial_fraction", 0.0}, {"work_ms", kCeilingWorkMs}, {"time_scale", 1.0}};
  return request;
}

}  // namespace playground
