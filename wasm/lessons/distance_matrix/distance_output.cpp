#include "lessons/distance_matrix/distance_output.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "run/number_format.hpp"

namespace playground::lessons::distance_matrix {

LocationPair pair_at(std::uint64_t index) {
  // Pair (i, j) has index j(j-1)/2 + i with i < j, so j is the largest
  // integer with j(j-1)/2 <= index. The square root gives it up to rounding,
  // which the two loops correct.
  auto j = static_cast<std::uint64_t>((1.0 + std::sqrt(1.0 + 8.0 * static_cast<double>(index))) / 2.0);
  if (j < 1) j = 1;
  while (j > 1 && j * (j - 1) / 2 > index) --j;
  while ((j + 1) * j / 2 <= index) ++j;
  return LocationPair{.origin = static_cast<std::size_t>(index - j * (j - 1) / 2),
                      .destination = static_cast<std::size_t>(j)};
}

std::vector<LocationPair> all_pairs(std::size_t n) {
  std::vector<LocationPair> pairs;
  pairs.reserve(static_cast<std::size_t>(pair_count(n)));
  for (std::size_t j = 1; j < n; ++j) {
    for (std::size_t i = 0; i < j; ++i) pairs.push_back(LocationPair{.origin = i, .destination = j});
  }
  return pairs;
}

void append_csv_field(std::string& out, std::string_view field) {
  // Leading or trailing blanks are quoted too: the reader trims unquoted fields.
  const bool needs_quotes = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!field.empty() && (field.front() == ' ' || field.front() == '\t' || field.back() == ' ' ||
                                                field.back() == '\t'));
  if (!needs_quotes) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_distance_row(std::string& out, std::string_view origin, std::string_view destination, double distance_km) {
  append_csv_field(out, origin);
  out.push_back(',');
  append_csv_field(out, destination);
  out.push_back(',');
  append_double(out, distance_km);
  out.push_back('\n');
}

std::vector<std::string> csv_name_fields(const std::vector<Location>& locations) {
  std::vector<std::string> fields;
  fields.reserve(locations.size());
  for (const Location& location : locations) {
    std::string field;
    append_csv_field(field, location.name);
    fields.push_back(std::move(field));
  }
  return fields;
}

namespace {

// Row j's room, given the length of every name before the destination's.
std::size_t row_text_room(std::size_t names_before, std::size_t destination_size, std::size_t j) {
  return names_before + j * (destination_size + 3 + kLongestDoubleText);  // two commas and a newline
}

}  // namespace

std::vector<std::size_t> row_text_rooms(const std::vector<std::string>& name_fields) {
  std::vector<std::size_t> rooms;
  rooms.reserve(name_fields.size());
  std::size_t names_before = 0;
  for (std::size_t j = 0; j < name_fields.size(); ++j) {
    rooms.push_back(row_text_room(names_before, name_fields[j].size(), j));
    names_before += name_fields[j].size();
  }
  return rooms;
}

char* write_row_lines(char* out, const std::vector<std::string>& name_fields, std::size_t j, const double* distances) {
  // Through a cursor, not std::string appends: in WebAssembly, millions of
  // appends of a few bytes each cost three times as much as the same bytes
  // written this way.
  const std::string& destination = name_fields[j];
  for (std::size_t i = 0; i < j; ++i) {
    out = std::copy(name_fields[i].begin(), name_fields[i].end(), out);
    *out++ = ',';
    out = std::copy(destination.begin(), destination.end(), out);
    *out++ = ',';
    out = write_double(out, distances[i]);
    *out++ = '\n';
  }
  return out;
}

void append_row_lines(std::string& out, const std::vector<std::string>& name_fields, std::size_t j,
                      const double* distances) {
  std::size_t names_before = 0;
  for (std::size_t i = 0; i < j; ++i) names_before += name_fields[i].size();
  const std::size_t start = out.size();
  out.resize(start + row_text_room(names_before, name_fields[j].size(), j));
  char* const end = write_row_lines(out.data() + start, name_fields, j, distances);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

std::string format_distance_csv(const std::vector<Location>& locations, const std::vector<double>& distances_km) {
  const std::uint64_t expected = pair_count(locations.size());
  if (distances_km.size() != expected) {
    throw RunError("the distance matrix has " + std::to_string(distances_km.size()) + " distances for " +
                   std::to_string(locations.size()) + " locations (expected " + std::to_string(expected) + ")");
  }
  std::string out;
  // About 20 bytes of digits and separators per row, plus the two names.
  out.reserve(kDistanceCsvHeader.size() + 1 + distances_km.size() * 48);
  out.append(kDistanceCsvHeader);
  out.push_back('\n');
  const std::vector<std::string> name_fields = csv_name_fields(locations);
  for (std::size_t j = 1; j < locations.size(); ++j)
    append_row_lines(out, name_fields, j, &distances_km[pair_index({.origin = 0, .destination = j})]);
  return out;
}

}  // namespace playground::lessons::distance_matrix
