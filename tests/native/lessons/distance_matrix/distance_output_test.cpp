#include "lessons/distance_matrix/distance_output.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <sstream>

#include "lessons/distance_matrix/haversine.hpp"

namespace playground::lessons::distance_matrix {
namespace {

const std::string kSourceDir = PLAYGROUND_SOURCE_DIR;

std::vector<double> distances_of(const std::vector<Location>& locations) {
  std::vector<double> distances;
  for (const auto& pair : all_pairs(locations.size())) {
    distances.push_back(haversine_km(locations[pair.origin], locations[pair.destination]));
  }
  return distances;
}

// The output CSV's rows read back: names unquoted, distances through strtod.
// (Test names have no line breaks, so one row is one line.)
struct Row {
  std::string origin, destination;
  double distance_km = 0;
};

std::vector<Row> read_output(const std::string& csv) {
  std::vector<Row> rows;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "origin,destination,distance_km");
  while (std::getline(lines, line)) {
    // The distance is after the last comma (it never holds one); the two
    // names before it are split by the CSV quoting rules.
    const auto comma = line.rfind(',');
    Row row;
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < comma; ++i) {
      const char c = line[i];
      if (c == '"') {
        if (quoted && i + 1 < comma && line[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        fields.push_back(field);
        field.clear();
      } else {
        field.push_back(c);
      }
    }
    fields.push_back(field);
    EXPECT_EQ(fields.size(), 2u) << line;
    row.origin = fields.at(0);
    row.destination = fields.at(1);
    char* end = nullptr;
    row.distance_km = std::strtod(line.c_str() + comma + 1, &end);
    EXPECT_EQ(*end, '\0') << line;
    rows.push_back(row);
  }
  return rows;
}

TEST(DistancePairs, pair_count_is_n_choose_2) {
  EXPECT_EQ(pair_count(0), 0u);
  EXPECT_EQ(pair_count(1), 0u);
  EXPECT_EQ(pair_count(2), 1u);
  EXPECT_EQ(pair_count(5), 10u);
  EXPECT_EQ(pair_count(250), 31125u);
  EXPECT_EQ(pair_count(100000), 4999950000u);
}

TEST(DistancePairs, pairs_come_in_the_courses_order) {
  const std::vector<LocationPair> expected = {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}};
  EXPECT_EQ(all_pairs(4), expected);
  EXPECT_TRUE(all_pairs(1).empty());
}

TEST(DistancePairs, pair_at_pair_index_and_next_pair_agree_with_the_list) {
  const auto pairs = all_pairs(200);
  ASSERT_EQ(pairs.size(), pair_count(200));
  LocationPair walker{0, 1};
  for (std::uint64_t k = 0; k < pairs.size(); ++k) {
    ASSERT_EQ(pair_at(k), pairs[k]) << k;
    ASSERT_EQ(pair_index(pairs[k]), k);
    ASSERT_EQ(walker, pairs[k]) << k;
    next_pair(walker);
  }
}

TEST(DistancePairs, pair_at_is_exact_for_huge_indices) {
  for (const std::uint64_t j : {std::uint64_t{1000000}, std::uint64_t{3037000499}, std::uint64_t{4000000000}}) {
    for (const std::uint64_t i : {std::uint64_t{0}, std::uint64_t{1}, j / 2, j - 1}) {
      const LocationPair pair{static_cast<std::size_t>(i), static_cast<std::size_t>(j)};
      ASSERT_EQ(pair_at(pair_index(pair)), pair) << i << "," << j;
    }
  }
}

TEST(DistanceOutput, writes_a_header_and_one_row_per_pair_in_order) {
  const std::vector<Location> locations = {{"A", 0, 0}, {"B", 0, 1}, {"C", 1, 0}};
  const std::string csv = format_distance_csv(locations, {1.5, 2.25, 0.1});
  EXPECT_EQ(csv, "origin,destination,distance_km\nA,B,1.5\nA,C,2.25\nB,C,0.1\n");
}

TEST(DistanceOutput, names_with_commas_quotes_or_edge_spaces_are_quoted) {
  std::string out;
  append_csv_field(out, "plain name");
  out += '|';
  append_csv_field(out, "St. Paul, MN");
  out += '|';
  append_csv_field(out, "The \"Big\" Apple");
  out += '|';
  append_csv_field(out, " padded");
  out += '|';
  append_csv_field(out, "two\nlines");
  EXPECT_EQ(out, "plain name|\"St. Paul, MN\"|\"The \"\"Big\"\" Apple\"|\" padded\"|\"two\nlines\"");
}

TEST(DistanceOutput, row_lines_from_escaped_names_match_rows_written_one_by_one) {
  const std::vector<Location> locations = {{"plain", 0, 0},
                                           {"St. Paul, MN", 45, -93},
                                           {"The \"Big\" Apple", 40.7, -74},
                                           {" padded", 1, 1},
                                           {"Zürich", 47.4, 8.5}};
  const std::vector<std::string> fields = csv_name_fields(locations);
  const std::vector<double> distances = {1.5, 0.30000000000000004, 1e-300, 20015.086796020572};
  for (std::size_t j = 1; j < locations.size(); ++j) {
    std::string expected;
    for (std::size_t i = 0; i < j; ++i)
      append_distance_row(expected, locations[i].name, locations[j].name, distances[i]);
    std::string lines = "kept|";
    append_row_lines(lines, fields, j, distances.data());
    EXPECT_EQ(lines, "kept|" + expected) << "row " << j;
  }
}

TEST(DistanceOutput, row_lines_never_need_more_than_their_room) {
  // The longest names, quoting included, and the longest distance texts:
  // each row must fit its room exactly or with bytes to spare, never over.
  const std::vector<Location> locations = {
      {"a", 0, 0}, {"\"quoted, with comma\"", 1, 1}, {"x", 2, 2}, {std::string(300, 'n'), 3, 3}};
  const std::vector<std::string> fields = csv_name_fields(locations);
  const std::vector<std::size_t> rooms = row_text_rooms(fields);
  ASSERT_EQ(rooms.size(), locations.size());
  EXPECT_EQ(rooms[0], 0u);  // row 0 has no pairs
  const std::vector<double> longest(locations.size(), -2.2250738585072014e-308);
  for (std::size_t j = 1; j < locations.size(); ++j) {
    std::string slot(rooms[j] + 16, '#');
    char* const end = write_row_lines(slot.data(), fields, j, longest.data());
    const auto written = static_cast<std::size_t>(end - slot.data());
    EXPECT_EQ(written, rooms[j]) << "the longest texts fill row " << j << "'s room exactly";
    EXPECT_EQ(slot.substr(rooms[j]), std::string(16, '#')) << "row " << j << " wrote past its room";
  }
}

TEST(DistanceOutput, a_wrong_number_of_distances_is_an_error) {
  const std::vector<Location> locations = {{"A", 0, 0}, {"B", 0, 1}, {"C", 1, 0}};
  EXPECT_THROW((void)format_distance_csv(locations, {1.0, 2.0}), RunError);
}

void check_round_trip(const std::vector<Location>& locations) {
  const auto distances = distances_of(locations);
  const auto rows = read_output(format_distance_csv(locations, distances));
  ASSERT_EQ(rows.size(), distances.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto pair = pair_at(k);
    ASSERT_EQ(rows[k].origin, locations[pair.origin].name);
    ASSERT_EQ(rows[k].destination, locations[pair.destination].name);
    // Bit for bit: the written number reads back as the very same double.
    ASSERT_EQ(std::memcmp(&rows[k].distance_km, &distances[k], sizeof(double)), 0) << k;
  }
}

TEST(DistanceOutput, distances_of_five_locations_read_back_exactly) {
  check_round_trip(read_locations_file(kSourceDir + "/scenarios/data/five_locations.csv"));
}

TEST(DistanceOutput, distances_of_many_locations_read_back_exactly) {
  check_round_trip(read_locations_file(kSourceDir + "/scenarios/data/many_locations.csv"));
}

TEST(DistanceOutput, quoted_names_survive_the_round_trip) {
  check_round_trip(read_locations_file(kSourceDir + "/tests/data/awkward_locations.csv"));
}

TEST(DistanceOutput, distances_of_random_locations_read_back_exactly) {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> lat(-90.0, 90.0), lon(-180.0, 180.0);
  std::vector<Location> locations;
  for (int i = 0; i < 400; ++i) locations.push_back({"r" + std::to_string(i), lat(random), lon(random)});
  check_round_trip(locations);
}

}  // namespace
}  // namespace playground::lessons::distance_matrix
