#pragma once
// The distance matrix's pairs and its output CSV.
//
// Pairs come in the course's order: for j = 1…n-1, for i = 0…j-1, the pair
// (i, j) — that is (0,1), (0,2), (1,2), (0,3), (1,3), (2,3), … — so the
// pairs of the first j+1 locations are a prefix of the list (a pipeline can
// emit row j's pairs as soon as location j has been read). Pair (i, j) has
// index j(j-1)/2 + i; executors split the index range [0, pair_count(n))
// into chunks and walk each chunk with next_pair().
//
// Output: a header `origin,destination,distance_km`, then one row per pair
// in that order. Distances are written with format_double() so they read
// back to the same double; names with a comma, a quote or a line break are
// quoted (quotes doubled), as in the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lessons/distance_matrix/locations_csv.hpp"

namespace playground::lessons::distance_matrix {

inline constexpr std::string_view kDistanceCsvHeader = "origin,destination,distance_km";

struct LocationPair {
  std::size_t origin = 0;       // i
  std::size_t destination = 1;  // j, always > i
  friend bool operator==(const LocationPair&, const LocationPair&) = default;
};

// n(n-1)/2: the number of pairs of n locations.
[[nodiscard]] constexpr std::uint64_t pair_count(std::uint64_t n) { return n < 2 ? 0 : n * (n - 1) / 2; }

// Index of (origin, destination) in the course's order. Requires origin < destination.
[[nodiscard]] constexpr std::uint64_t pair_index(LocationPair pair) {
  const std::uint64_t j = pair.destination;
  return j * (j - 1) / 2 + pair.origin;
}

// The pair at `index` in the course's order (the inverse of pair_index).
[[nodiscard]] LocationPair pair_at(std::uint64_t index);

// Advances `pair` to the next one in the course's order.
constexpr void next_pair(LocationPair& pair) {
  if (++pair.origin == pair.destination) {
    pair.origin = 0;
    ++pair.destination;
  }
}

// Every pair of n locations, in order (for tests and small inputs).
[[nodiscard]] std::vector<LocationPair> all_pairs(std::size_t n);

// Appends `field` to `out` as one CSV field, quoted only when it must be.
void append_csv_field(std::string& out, std::string_view field);

// Appends "origin,destination,distance\n" for one pair (no header).
void append_distance_row(std::string& out, std::string_view origin, std::string_view destination, double distance_km);

// Every location's name as a CSV field (quoted only when it must be): each
// name appears in n-1 output rows, so it is escaped once, not once per row.
[[nodiscard]] std::vector<std::string> csv_name_fields(const std::vector<Location>& locations);

// The most bytes each row's lines can take (row_text_rooms()[j] for row j):
// every origin's name, and j times the destination's name, two commas, a
// newline and the longest distance text. An exact bound, not an estimate:
// the rows are written into slots of these sizes.
[[nodiscard]] std::vector<std::size_t> row_text_rooms(const std::vector<std::string>& name_fields);

// Writes row j's lines at `out`, which has row_text_rooms()[j] bytes of
// room, and returns their end: the pairs (0,j) … (j-1,j), whose distances
// are distances[0..j), with the names from csv_name_fields().
char* write_row_lines(char* out, const std::vector<std::string>& name_fields, std::size_t j, const double* distances);

// The same lines, appended to a string.
void append_row_lines(std::string& out, const std::vector<std::string>& name_fields, std::size_t j,
                      const double* distances);

// The whole output file: the header and one row per pair, where
// distances_km[k] is the distance of pair_at(k). Throws RunError when
// distances_km.size() != pair_count(locations.size()).
[[nodiscard]] std::string format_distance_csv(const std::vector<Location>& locations,
                                              const std::vector<double>& distances_km);

}  // namespace playground::lessons::distance_matrix
