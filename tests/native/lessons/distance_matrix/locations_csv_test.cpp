#include "lessons/distance_matrix/locations_csv.hpp"
#include "run/text_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

namespace playground::lessons::distance_matrix {
namespace {

const std::string kDataDir = std::string(PLAYGROUND_SOURCE_DIR) + "/scenarios/data/";

// The message of the CsvError that parsing `text` throws ("" if none).
std::string error_of(std::string_view text, LocationsCsvOptions options = {}) {
  try {
    (void)parse_locations_csv(text, options);
  } catch (const CsvError& error) {
    return error.what();
  }
  return "";
}

TEST(LocationsCsv, reads_the_courses_five_locations) {
  const auto locations = read_locations_file(kDataDir + "five_locations.csv");
  ASSERT_EQ(locations.size(), 5u);
  EXPECT_EQ(locations[0].name, "Marysville");
  EXPECT_EQ(locations[0].latitude, 48.0517637);
  EXPECT_EQ(locations[0].longitude, -122.1770818);
  EXPECT_EQ(locations[1].longitude, -117.22864779999999);
  EXPECT_EQ(locations[4].name, "Columbia");
}

TEST(LocationsCsv, reads_the_courses_many_locations) {
  const auto locations = read_locations_file(kDataDir + "many_locations.csv");
  EXPECT_EQ(locations.size(), 250u);
  for (const auto& location : locations) EXPECT_FALSE(location.name.empty());
}

TEST(LocationsCsv, tolerates_a_bom_crlf_spaces_after_commas_and_blank_trailing_lines) {
  const auto locations = parse_locations_csv(
      "\xEF\xBB\xBF"
      "A, 1.5, 2.5\r\nB,\t-3 ,4\r\n\r\n  \n\n");
  ASSERT_EQ(locations.size(), 2u);
  EXPECT_EQ(locations[0].name, "A");
  EXPECT_EQ(locations[0].latitude, 1.5);
  EXPECT_EQ(locations[0].longitude, 2.5);
  EXPECT_EQ(locations[1].latitude, -3.0);
  EXPECT_EQ(locations[1].longitude, 4.0);
}

TEST(LocationsCsv, a_file_without_a_final_line_break_keeps_its_last_row) {
  EXPECT_EQ(parse_locations_csv("A,1,2\nB,3,4").size(), 2u);
}

TEST(LocationsCsv, quoted_names_keep_commas_and_doubled_quotes) {
  const auto locations = parse_locations_csv("\"St. Paul, MN\",44.95,-93.09\n \"The \"\"Big\"\" Apple\" ,40.7,-74\n");
  ASSERT_EQ(locations.size(), 2u);
  EXPECT_EQ(locations[0].name, "St. Paul, MN");
  EXPECT_EQ(locations[1].name, "The \"Big\" Apple");
}

TEST(LocationsCsv, a_quoted_name_may_span_lines_and_later_lines_are_still_numbered) {
  const auto locations = parse_locations_csv("\"Two\nlines\",1,2\nB,3,4\n");
  ASSERT_EQ(locations.size(), 2u);
  EXPECT_EQ(locations[0].name, "Two\nlines");
  EXPECT_EQ(error_of("\"Two\nlines\",1,2\nB,x,4\n"), "line 3, field \"latitude\": \"x\" is not a number");
}

TEST(LocationsCsv, a_header_row_is_skipped) {
  const auto locations = parse_locations_csv("Name,Latitude,Longitude\nA,1,2\n");
  ASSERT_EQ(locations.size(), 1u);
  EXPECT_EQ(locations[0].name, "A");
}

TEST(LocationsCsv, a_missing_longitude_names_the_line_and_field) {
  EXPECT_EQ(error_of("A,1,2\nB,3\n"), "line 2, field \"longitude\": missing (expected name,latitude,longitude)");
}

TEST(LocationsCsv, a_line_with_only_a_name_names_the_latitude_as_missing) {
  EXPECT_EQ(error_of("A,1,2\nB\n"), "line 2, field \"latitude\": missing (expected name,latitude,longitude)");
}

TEST(LocationsCsv, an_extra_field_names_the_line_and_field) {
  EXPECT_EQ(error_of("A,1,2\nB,3,4,5\n"),
            "line 2, field 4: unexpected extra field \"5\" (expected name,latitude,longitude)");
}

TEST(LocationsCsv, a_non_number_latitude_names_the_line_and_field) {
  EXPECT_EQ(error_of("A,1,2\nB,3,4\nC,abc,5\n"), "line 3, field \"latitude\": \"abc\" is not a number");
}

TEST(LocationsCsv, nan_inf_overflow_and_trailing_junk_are_not_numbers) {
  EXPECT_EQ(error_of("A,nan,2\n"), "line 1, field \"latitude\": \"nan\" is not a number");
  EXPECT_EQ(error_of("A,1,inf\n"), "line 1, field \"longitude\": \"inf\" is not a number");
  EXPECT_EQ(error_of("A,1e999,2\n"), "line 1, field \"latitude\": \"1e999\" is not a number");
  EXPECT_EQ(error_of("A,1,2km\n"), "line 1, field \"longitude\": \"2km\" is not a number");
  EXPECT_EQ(error_of("A,1,0x10\n"), "line 1, field \"longitude\": \"0x10\" is not a number");
}

TEST(LocationsCsv, an_empty_coordinate_names_the_field) {
  EXPECT_EQ(error_of("A,,2\n"), "line 1, field \"latitude\": empty (expected a number)");
}

TEST(LocationsCsv, a_latitude_above_90_names_the_line_and_field) {
  EXPECT_EQ(error_of("A,1,2\nB,90.5,2\n"), "line 2, field \"latitude\": 90.5 is outside [-90, 90]");
}

TEST(LocationsCsv, a_longitude_below_minus_180_names_the_line_and_field) {
  EXPECT_EQ(error_of("A,1,-180.01\n"), "line 1, field \"longitude\": -180.01 is outside [-180, 180]");
}

TEST(LocationsCsv, the_bounds_themselves_are_allowed) {
  const auto locations = parse_locations_csv("N,90,180\nS,-90,-180\n");
  EXPECT_EQ(locations[0].latitude, 90.0);
  EXPECT_EQ(locations[1].longitude, -180.0);
}

TEST(LocationsCsv, an_empty_name_names_the_field) {
  EXPECT_EQ(error_of("A,1,2\n ,3,4\n"), "line 2, field \"name\": empty (every location needs a name)");
}

TEST(LocationsCsv, an_unterminated_quote_names_the_line_where_it_opened) {
  EXPECT_EQ(error_of("A,1,2\n\"B,3,4\nC,5,6\n"), "line 2, field \"name\": the quote opened here is never closed");
}

TEST(LocationsCsv, text_after_a_closing_quote_is_rejected) {
  EXPECT_EQ(error_of("\"A\"x,1,2\n"), "line 1, field \"name\": unexpected text after the closing quote: \"x\"");
}

TEST(LocationsCsv, an_empty_file_says_it_has_no_locations) {
  const std::string expected = "the file has no locations (expected rows of name,latitude,longitude)";
  EXPECT_EQ(error_of(""), expected);
  EXPECT_EQ(error_of("\xEF\xBB\xBF"), expected);
  EXPECT_EQ(error_of("\n\r\n  \n"), expected);
  EXPECT_EQ(error_of("name,latitude,longitude\n"), expected);
}

TEST(LocationsCsv, more_locations_than_the_limit_names_the_first_line_past_it) {
  EXPECT_EQ(error_of("A,1,2\nB,3,4\nC,5,6\n", {.max_locations = 2}), "line 3: more than 2 locations (the limit is 2)");
  EXPECT_EQ(parse_locations_csv("A,1,2\nB,3,4\n", {.max_locations = 2}).size(), 2u);
}

TEST(LocationsCsv, errors_carry_line_and_field_separately) {
  try {
    (void)parse_locations_csv("A,1,2\nB,3,x\n");
    FAIL() << "no error";
  } catch (const CsvError& error) {
    EXPECT_EQ(error.line(), 2u);
    EXPECT_EQ(error.field(), "longitude");
  }
}

TEST(LocationsCsv, a_huge_junk_field_is_cut_short_in_the_message) {
  const std::string junk(100000, 'x');
  const std::string message = error_of("A," + junk + ",2\n");
  EXPECT_LT(message.size(), 120u);
  EXPECT_EQ(message.rfind("line 1, field \"latitude\": \"xxxx", 0), 0u) << message;
}

TEST(LocationsCsv, binary_junk_gives_a_message_not_a_crash) {
  std::string junk;
  for (int i = 0; i < 256; ++i) junk.push_back(static_cast<char>(i));
  EXPECT_FALSE(error_of(junk).empty());
}

TEST(LocationsCsv, a_missing_file_is_named_in_the_error) {
  try {
    (void)read_locations_file("/nonexistent/places.csv");
    FAIL() << "no error";
  } catch (const RunError& error) {
    EXPECT_EQ(std::string(error.what()).rfind("cannot read \"/nonexistent/places.csv\"", 0), 0u) << error.what();
  }
}

TEST(LocationsCsv, errors_from_a_file_start_with_its_path) {
  const std::string path = std::string(PLAYGROUND_SOURCE_DIR) + "/tests/data/bad_latitude.csv";
  try {
    (void)read_locations_file(path);
    FAIL() << "no error";
  } catch (const CsvError& error) {
    EXPECT_EQ(std::string(error.what()), path + ": line 3, field \"latitude\": 123.4 is outside [-90, 90]");
  }
}

TEST(LocationsCsv, mutated_files_either_parse_or_fail_with_a_csv_error) {
  // A small fuzz: random byte edits of a real file. Anything but a CsvError
  // (or a crash, or a location out of range) is a bug.
  const std::string original = read_text_file(kDataDir + "five_locations.csv");
  const std::string alphabet = ",\"\r\n .-+e0123456789aZ\xEF\xBB\xBF\t";
  std::mt19937 random(31337);
  for (int round = 0; round < 20000; ++round) {
    std::string text = original;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = text.empty() ? 0 : random() % text.size();
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          if (!text.empty()) text[at] = c;
          break;
        case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default:
          if (!text.empty()) text.erase(at, 1 + random() % 8);
          break;
      }
    }
    try {
      for (const auto& location : parse_locations_csv(text, {.max_locations = 6})) {
        ASSERT_FALSE(location.name.empty());
        ASSERT_LE(std::abs(location.latitude), 90.0);
        ASSERT_LE(std::abs(location.longitude), 180.0);
      }
    } catch (const CsvError& error) {
      ASSERT_NE(std::string(error.what()), "");
    }
  }
}

}  // namespace
}  // namespace playground::lessons::distance_matrix
