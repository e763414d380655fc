#include "lessons/distance_matrix/process_worker.hpp"

#include <chrono>
#include <exception>
#include <utility>

#include "lessons/distance_matrix/distance_output.hpp"
#include "lessons/distance_matrix/distance_run.hpp"
#include "run/lesson.hpp"
#include "run/number_format.hpp"

namespace playground::lessons::distance_matrix {

namespace {

[[noreturn]] void protocol_error(const std::string& what) { throw RunError("worker protocol: " + what); }

// Walks protocol text: whole lines, or a counted number of bytes.
class ProtocolReader {
 public:
  explicit ProtocolReader(std::string_view text) : text_(text) {}

  // The next line without its '\n'; throws naming what was expected at the end.
  std::string_view line(std::string_view expected) {
    if (pos_ >= text_.size()) protocol_error("ended where " + std::string(expected) + " was expected");
    const std::size_t end = text_.find('\n', pos_);
    const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
    const std::string_view result = text_.substr(pos_, stop - pos_);
    pos_ = stop + 1;
    return result;
  }

  // Exactly `n` bytes, then a '\n'.
  std::string_view bytes(std::size_t n, std::string_view what) {
    if (text_.size() < pos_ || text_.size() - pos_ < n + 1 || text_[pos_ + n] != '\n') {
      protocol_error(std::string(what) + " is cut short");
    }
    const std::string_view result = text_.substr(pos_, n);
    pos_ += n + 1;
    return result;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// Splits "A B C" into its space-separated words.
std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= line.size()) {
    const std::size_t space = line.find(' ', start);
    const std::size_t stop = space == std::string_view::npos ? line.size() : space;
    out.push_back(line.substr(start, stop - start));
    start = stop + 1;
  }
  return out;
}

// "KEYWORD A B…" with exactly `count` values after the keyword.
std::vector<std::string_view> fields(std::string_view line, std::string_view keyword, std::size_t count) {
  std::vector<std::string_view> all = words(line);
  if (all.size() != count + 1 || all[0] != keyword) {
    protocol_error("expected \"" + std::string(keyword) + "\" and " + std::to_string(count) + " values, got \"" +
                   std::string(line) + "\"");
  }
  all.erase(all.begin());
  return all;
}

double number_field(std::string_view text, std::string_view what) {
  const auto value = parse_number(text);
  if (!value) protocol_error(std::string(what) + " \"" + std::string(text) + "\" is not a number");
  return *value;
}

std::size_t count_field(std::string_view text, std::string_view what) {
  const auto value = parse_integer(text);
  if (!value || *value < 0) protocol_error(std::string(what) + " \"" + std::string(text) + "\" is not a count");
  return static_cast<std::size_t>(*value);
}

WorkerRequest parse_worker_request(std::string_view text) {
  ProtocolReader reader(text);
  WorkerRequest request;
  const std::size_t n = count_field(fields(reader.line("locations"), "locations", 1)[0], "location count");
  request.locations.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::vector<std::string_view> f = words(reader.line("a location"));
    if (f.size() != 3) protocol_error("expected latitude, longitude and name length");
    Location location;
    location.latitude = number_field(f[0], "latitude");
    location.longitude = number_field(f[1], "longitude");
    location.name = std::string(reader.bytes(count_field(f[2], "name length"), "a name"));
    request.locations.push_back(std::move(location));
  }
  const std::vector<std::string_view> rows = fields(reader.line("rows"), "rows", 2);
  request.first_row = count_field(rows[0], "first row");
  request.row_count = count_field(rows[1], "row count");
  if (request.row_count > 0 && (request.first_row < 1 || request.first_row + request.row_count > n)) {
    protocol_error("rows " + std::to_string(request.first_row) + "+" + std::to_string(request.row_count) +
                   " are not rows 1.." + std::to_string(n == 0 ? 0 : n - 1) + " of " + std::to_string(n) +
                   " locations");
  }
  if (reader.line("end") != "end") protocol_error("request does not end with \"end\"");
  return request;
}

// The worker's whole job: its rows' distances, as the output lines of the
// serial mode (the same kernel, the same formatting, so the same text).
std::string compute_rows(const WorkerRequest& request) {
  std::string out;
  std::vector<double> distances;
  const std::vector<std::string> name_fields = csv_name_fields(request.locations);
  for (std::size_t j = request.first_row; j < request.first_row + request.row_count; ++j) {
    distances.resize(j);
    row_distances(request.locations, j, distances.data());
    std::string text;
    append_row_lines(text, name_fields, j, distances.data());
    out.append("row ").append(std::to_string(j)).append(" ").append(std::to_string(text.size())).append("\n");
    out.append(text).append("\n");
  }
  return out;
}

}  // namespace

std::string format_worker_request(const WorkerRequest& request) {
  std::string out;
  out.reserve(64 + request.locations.size() * 64);
  out.append("locations ").append(std::to_string(request.locations.size())).append("\n");
  for (const Location& location : request.locations) {
    append_double(out, location.latitude);
    out.push_back(' ');
    append_double(out, location.longitude);
    out.append(" ").append(std::to_string(location.name.size())).append("\n");
    out.append(location.name).append("\n");
  }
  out.append("rows ").append(std::to_string(request.first_row)).append(" ");
  out.append(std::to_string(request.row_count)).append("\nend\n");
  return out;
}

WorkerResponse parse_worker_response(std::string_view text, std::size_t first_row, std::size_t row_count) {
  ProtocolReader reader(text);
  auto next = [&](std::string_view expected) {
    const std::string_view line = reader.line(expected);
    if (line.substr(0, 6) == "error ") throw RunError("worker process: " + std::string(line.substr(6)));
    return line;
  };
  WorkerResponse response;
  for (std::size_t j = first_row; j < first_row + row_count; ++j) {
    const std::vector<std::string_view> f = fields(next("row " + std::to_string(j)), "row", 2);
    if (count_field(f[0], "row") != j)
      protocol_error("expected row " + std::to_string(j) + ", got row " + std::string(f[0]));
    response.rows_text.emplace_back(reader.bytes(count_field(f[1], "text length"), "row " + std::to_string(j)));
  }
  response.compute_us = static_cast<std::int64_t>(count_field(fields(next("\"done\""), "done", 1)[0], "compute time"));
  return response;
}

void serve_rows(std::string_view share, std::FILE* out) {
  const WorkerRequest request = parse_worker_request(share);
  const auto start = std::chrono::steady_clock::now();
  std::string response = compute_rows(request);
  const auto compute_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
  response.append("done ").append(std::to_string(compute_us)).append("\n");
  std::fwrite(response.data(), 1, response.size(), out);
}

}  // namespace playground::lessons::distance_matrix
