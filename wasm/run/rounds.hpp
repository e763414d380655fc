#pragma once
// Measuring like a benchmark harness (issue 14): a comparison runs every mode
// several rounds, interleaved (round 1: each mode, then round 2: each mode…),
// so that a slow spell of the machine falls on every mode alike; then each
// mode is reported by its median round with the range of all rounds, for its
// time and its speed-up, beside the machine's own ceiling (perfectly parallel
// work on the same threads, measured in the same rounds) wherever a parallel
// mode claims a speed-up. The front ends (native CLI, wasm CLI, page) drive
// the rounds; this is the one place their numbers are made.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run/lesson.hpp"
#include "run/scenario.hpp"

namespace playground {

// The median of values (the mean of the two middle ones for an even count); 0 for none.
[[nodiscard]] double median(std::vector<double> values);

// Several measurements of one figure: median, range, and the measurement
// nearest the median from below (the round a timeline shows).
struct Spread {
  double median = 0;
  double min = 0;
  double max = 0;
  std::size_t median_index = 0;  // index into the values of the median one (the lower middle for an even count)
  // (max - min) / median: how far apart the rounds are, 0 for one round.
  [[nodiscard]] double width() const { return median > 0 ? (max - min) / median : 0.0; }
};
[[nodiscard]] Spread spread_of(const std::vector<double>& values);

// Rounds further apart than this share of their median are too wide to trust.
constexpr double kTrustedWidth = 0.25;

// One measured run of a mode in a round (rounds count from 1).
struct RoundRun {
  std::string mode;
  int round = 1;
  double wall_ms = 0;
};

// What a mode's rounds say: the fields added to its result (wall_ms becomes
// the median); for a single round only its speed-up.
struct ModeRounds {
  std::string mode;
  int rounds = 0;
  int shown_round = 1;  // the median round: its run is the one shown and its trace drawn
  Spread wall;
  std::optional<Spread> speedup;  // against the mode it is compared with, round by round; none for a baseline
  std::optional<Spread> ceiling;  // perfectly parallel work on the same threads, when the mode is parallel
  std::string spread_note;        // in words, when the rounds are too far apart to trust; else empty
  [[nodiscard]] nlohmann::json fields() const;
  // What is too far apart to trust ("times 40 % and speed-ups 30 %"); empty when nothing is.
  [[nodiscard]] std::string too_wide() const;
};

// The rounds of every mode that ran (runs in any order), in the order the
// modes first appear. `ceilings` holds one ceiling per round (empty: none
// measured); parallel modes (needs_threads, or processes) get it.
[[nodiscard]] std::vector<ModeRounds> summarise_rounds(const Scenario& scenario, const std::vector<RoundRun>& runs,
                                                       const std::vector<double>& ceilings);

// The modes whose rounds are too far apart to trust, said once for a whole
// comparison ("The rounds of serial, pool and threads varied by more than
// 25 % of their median (serial: times 40 %; …): too wide to trust; …");
// empty when every mode's rounds are close.
[[nodiscard]] std::string spread_note(const std::vector<ModeRounds>& modes);

// How many rounds a request asks for: its scenario's `rounds` parameter, or
// one for lessons that claim no speed-up (they have none).
[[nodiscard]] int rounds_of(const RunRequest& request);

// Whether a comparison of these modes claims a parallel speed-up, so that the
// machine's ceiling is worth measuring beside it: a CPU-bound lesson (one
// with a `rounds` parameter) comparing a parallel mode with another.
[[nodiscard]] bool claims_parallel_speedup(const Scenario& scenario, const std::vector<std::string>& modes);

// The round loop of the native front ends (the page and the wasm CLI drive
// theirs through the JS API, web/src/run/rounds.ts): calls measure(request,
// round) for every request once per round (the first request's `rounds`),
// interleaved — round 1 runs each request in turn, then round 2… With
// `with_ceiling`, each round ends with a run of the machine's ceiling on the
// first request's threads; returns those ceilings, one per round.
std::vector<double> run_rounds(const std::vector<RunRequest>& requests, bool with_ceiling,
                               const std::function<void(const RunRequest& request, int round)>& measure);

// The ceiling's run: the Amdahl lesson with no serial part on `threads`
// threads (its measured_speedup is the ceiling), about 60 ms of work.
[[nodiscard]] RunRequest ceiling_request(int threads);
constexpr const char* kCeilingLesson = "amdahl";

}  // namespace playground
