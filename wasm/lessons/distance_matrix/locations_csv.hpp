#pragma once
// The distance matrix's input: a CSV of `name,latitude,longitude` rows with
// no header, as in the course's five_locations.csv and many_locations.csv.
//
// Tolerated: a UTF-8 byte-order mark, CRLF or LF line ends, spaces or tabs
// around fields, blank lines (anywhere, including trailing ones), names in
// double quotes containing commas or doubled quotes ("St. Paul, MN" /
// "The ""Big"" Apple"), and one optional header row
// `name,latitude,longitude` (any case) which is skipped.
//
// Rejected, with a CsvError naming the line and the field, e.g.
//   line 3, field "latitude": "abc" is not a number
//   line 4, field "longitude": missing (expected name,latitude,longitude)
//   line 5, field "latitude": 91 is outside [-90, 90]
// : missing or extra fields, an empty name, non-numbers (including "nan",
// "inf", "1e999" and trailing junk), latitude outside [-90, 90], longitude
// outside [-180, 180], an unterminated quote, a file with no locations, and
// more locations than options.max_locations.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "run/lesson.hpp"

namespace playground::lessons::distance_matrix {

struct Location {
  std::string name;
  double latitude = 0;   // degrees, [-90, 90]
  double longitude = 0;  // degrees, [-180, 180]
};

// Enough for the course's files and for benchmarks of 1 000 locations, while
// keeping the n(n-1)/2 output (about 80 MB of CSV at 2 000) within reach of a
// browser tab.
inline constexpr std::size_t kDefaultMaxLocations = 2000;

struct LocationsCsvOptions {
  std::size_t max_locations = kDefaultMaxLocations;
};

// A bad input file. `line` is 1-based (0 when the problem is the whole file,
// e.g. it is empty); `field` is "name", "latitude", "longitude", "field 4"…
// or empty. what() is the full sentence shown to the reader.
class CsvError : public RunError {
 public:
  CsvError(std::size_t line, std::string field, const std::string& message)
      : RunError(message), line_(line), field_(std::move(field)) {}
  [[nodiscard]] std::size_t line() const { return line_; }
  [[nodiscard]] const std::string& field() const { return field_; }

 private:
  std::size_t line_;
  std::string field_;
};

// Parses the whole text. Throws CsvError on the first problem found.
[[nodiscard]] std::vector<Location> parse_locations_csv(std::string_view text, const LocationsCsvOptions& options = {});

// Reads a file and parses it; a file that cannot be opened is a RunError
// naming the path.
[[nodiscard]] std::vector<Location> read_locations_file(const std::string& path,
                                                        const LocationsCsvOptions& options = {});

}  // namespace playground::lessons::distance_matrix
