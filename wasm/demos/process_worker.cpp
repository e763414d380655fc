#include "demos/process_worker.hpp"

#include <chrono>
#include <cinttypes>
#include <exception>
#include <sstream>

#include "demos/demo.hpp"
#include "demos/distance_output.hpp"
#include "demos/haversine.hpp"
#include "demos/number_format.hpp"

namespace playground {

namespace {

constexpr std::string_view kMagic = "playground-distance-worker 1";

// Splits protocol text into lines, without their '\n'.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  // The next line, or throws naming what was expected when the text ends.
  std::string_view next(std::string_view expected) {
    if (pos_ >= text_.size()) throw RunError("worker protocol: ended where " + std::string(expected) + " was expected");
    const std::size_t end = text_.find('\n', pos_);
    const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
    std::string_view line = text_.substr(pos_, stop - pos_);
    pos_ = stop + 1;
    return line;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// "WORD VALUE..." → the words after `keyword`, or throws.
std::string_view after_keyword(std::string_view line, std::string_view keyword) {
  if (line.substr(0, keyword.size()) != keyword || line.size() <= keyword.size() || line[keyword.size()] != ' ') {
    throw RunError("worker protocol: expected \"" + std::string(keyword) + " ...\", got \"" + std::string(line) + "\"");
  }
  return line.substr(keyword.size() + 1);
}

double number_field(std::string_view text, std::string_view what) {
  const auto value = parse_number(text);
  if (!value) throw RunError("worker protocol: " + std::string(what) + " \"" + std::string(text) + "\" is not a number");
  return *value;
}

std::uint64_t count_field(std::string_view text, std::string_view what) {
  const auto value = parse_integer(text);
  if (!value || *value < 0) throw RunError("worker protocol: " + std::string(what) + " \"" + std::string(text) + "\" is not a count");
  return static_cast<std::uint64_t>(*value);
}

// "A B" → (A, B).
std::pair<std::string_view, std::string_view> two_fields(std::string_view line) {
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) throw RunError("worker protocol: expected two fields in \"" + std::string(line) + "\"");
  return {line.substr(0, space), line.substr(space + 1)};
}

WorkerRequest parse_worker_request(std::string_view text) {
  LineReader lines(text);
  if (lines.next("the header") != kMagic) throw RunError("worker protocol: not a distance worker request");
  WorkerRequest request;
  const std::uint64_t n = count_field(after_keyword(lines.next("locations"), "locations"), "location count");
  request.locations.reserve(n);
  for (std::uint64_t k = 0; k < n; ++k) {
    const auto [lat, lon] = two_fields(lines.next("a location"));
    request.locations.push_back({number_field(lat, "latitude"), number_field(lon, "longitude")});
  }
  const auto [first, count] = two_fields(after_keyword(lines.next("pairs"), "pairs"));
  request.first_pair = count_field(first, "first pair");
  request.pair_count = count_field(count, "pair count");
  if (request.first_pair + request.pair_count > pair_count(n)) {
    throw RunError("worker protocol: pairs beyond the " + std::to_string(pair_count(n)) + " pairs of " +
                   std::to_string(n) + " locations");
  }
  if (lines.next("end") != "end") throw RunError("worker protocol: request does not end with \"end\"");
  return request;
}

std::string read_all(std::FILE* in) {
  std::string text;
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, in)) > 0) text.append(buffer, got);
  return text;
}

}  // namespace

std::vector<Coordinates> coordinates_of(const std::vector<Location>& locations) {
  std::vector<Coordinates> coordinates;
  coordinates.reserve(locations.size());
  for (const Location& location : locations) coordinates.push_back({location.latitude, location.longitude});
  return coordinates;
}

std::string format_worker_request(const WorkerRequest& request) {
  std::string out;
  out.reserve(64 + request.locations.size() * 48);
  out.append(kMagic).append("\nlocations ").append(std::to_string(request.locations.size())).append("\n");
  for (const Coordinates& c : request.locations) {
    append_double(out, c.latitude);
    out.push_back(' ');
    append_double(out, c.longitude);
    out.push_back('\n');
  }
  out.append("pairs ").append(std::to_string(request.first_pair)).append(" ");
  out.append(std::to_string(request.pair_count)).append("\nend\n");
  return out;
}

WorkerResponse parse_worker_response(std::string_view text, std::uint64_t expected_pairs) {
  LineReader lines(text);
  const std::string_view first = lines.next("\"ready\"");
  if (first.substr(0, 6) == "error ") throw RunError("worker process: " + std::string(first.substr(6)));
  if (first != "ready") throw RunError("worker protocol: expected \"ready\", got \"" + std::string(first) + "\"");
  WorkerResponse response;
  response.distances_km.reserve(expected_pairs);
  for (std::uint64_t k = 0; k < expected_pairs; ++k) {
    const std::string_view line = lines.next("a distance");
    if (line.substr(0, 6) == "error ") throw RunError("worker process: " + std::string(line.substr(6)));
    response.distances_km.push_back(number_field(line, "distance"));
  }
  const std::string_view done = lines.next("\"done\"");
  if (done.substr(0, 6) == "error ") throw RunError("worker process: " + std::string(done.substr(6)));
  response.compute_us = static_cast<std::int64_t>(count_field(after_keyword(done, "done"), "compute time"));
  return response;
}

std::vector<double> compute_pair_range(const std::vector<Coordinates>& locations, std::uint64_t first_pair,
                                       std::uint64_t pair_count) {
  std::vector<double> distances;
  distances.reserve(pair_count);
  LocationPair pair = pair_at(first_pair);
  for (std::uint64_t k = 0; k < pair_count; ++k, next_pair(pair)) {
    const Coordinates& a = locations[pair.origin];
    const Coordinates& b = locations[pair.destination];
    distances.push_back(haversine_km(a.latitude, a.longitude, b.latitude, b.longitude));
  }
  return distances;
}

int run_process_worker(std::FILE* in, std::FILE* out) {
  // "ready" first: the parent times start-up as spawn → this line.
  std::fputs("ready\n", out);
  std::fflush(out);
  try {
    const WorkerRequest request = parse_worker_request(read_all(in));
    const auto start = std::chrono::steady_clock::now();
    const std::vector<double> distances = compute_pair_range(request.locations, request.first_pair, request.pair_count);
    const auto compute_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
    std::string text;
    text.reserve(distances.size() * 20 + 32);
    for (const double d : distances) {
      append_double(text, d);
      text.push_back('\n');
    }
    text.append("done ").append(std::to_string(compute_us)).append("\n");
    std::fwrite(text.data(), 1, text.size(), out);
    std::fflush(out);
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(out, "error %s\n", error.what());
    std::fflush(out);
    return 1;
  }
}

}  // namespace playground
