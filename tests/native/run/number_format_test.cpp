#include "run/number_format.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace playground {
namespace {

// Sanitizer builds run about twenty times slower: fewer samples there.
constexpr int kSamples = PLAYGROUND_SANITIZED ? 50'000 : 1'000'000;

double read_back(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(NumberFormat, short_decimals_stay_short) {
  EXPECT_EQ(format_double(0.1), "0.1");
  EXPECT_EQ(format_double(1.0), "1");
  EXPECT_EQ(format_double(-122.1770818), "-122.1770818");
  EXPECT_EQ(format_double(1e300), "1e+300");
}

TEST(NumberFormat, values_that_need_17_digits_get_them) {
  const double value = 0.1 + 0.2;  // 0.30000000000000004
  EXPECT_EQ(format_double(value), "0.30000000000000004");
  EXPECT_EQ(format_double(-117.22864779999999), "-117.22864779999999");
}

TEST(NumberFormat, random_doubles_read_back_to_the_same_bits) {
  std::mt19937_64 random(12345);
  std::uniform_real_distribution<double> distances(0.0, 20100.0);
  std::string out;
  for (int i = 0; i < kSamples; ++i) {
    const double value = i % 2 ? distances(random) : std::ldexp(static_cast<double>(random() >> 11), -(i % 80));
    out.clear();
    append_double(out, value);
    ASSERT_TRUE(same_bits(read_back(out), value)) << out;
    ASSERT_LE(out.size(), 24u);
  }
}

TEST(NumberFormat, extremes_round_trip) {
  for (const double value : {std::numeric_limits<double>::max(), std::numeric_limits<double>::min(),
                             std::numeric_limits<double>::denorm_min(), -0.0, 0.0, 5e-324, 1.7976931348623157e308}) {
    EXPECT_TRUE(same_bits(read_back(format_double(value)), value)) << format_double(value);
  }
}

TEST(NumberFormat, non_finite_values_are_written_as_words) {
  EXPECT_EQ(format_double(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(format_double(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(format_double(-std::numeric_limits<double>::infinity()), "-inf");
}

TEST(NumberFormat, write_double_writes_what_format_double_writes_within_its_room) {
  std::mt19937_64 random(777);
  std::vector<double> values = {0.1,
                                1.0,
                                -0.0,
                                0.0,
                                1e300,
                                0.30000000000000004,
                                -2.2250738585072014e-308,
                                std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::denorm_min(),
                                std::numeric_limits<double>::quiet_NaN(),
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity(),
                                0.00012345678901234567,
                                1234567890123456.7};
  for (int i = 0; i < kSamples / 10; ++i) {
    const std::uint64_t bits = random();
    double value = 0;
    std::memcpy(&value, &bits, sizeof value);  // every kind of double, NaNs included
    values.push_back(value);
  }
  for (const double value : values) {
    char room[kLongestDoubleText + 8];
    std::memset(room, '#', sizeof room);
    char* const end = write_double(room, value);
    const std::string expected = format_double(value);
    ASSERT_EQ(std::string(room, end), expected);
    ASSERT_LE(expected.size(), kLongestDoubleText) << expected;
    ASSERT_EQ(room[expected.size()], '#') << "wrote past its text: " << expected;
  }
}

TEST(NumberFormat, parse_number_accepts_decimal_forms) {
  EXPECT_EQ(parse_number("48.0517637"), 48.0517637);
  EXPECT_EQ(parse_number("-122"), -122.0);
  EXPECT_EQ(parse_number("+3.5"), 3.5);
  EXPECT_EQ(parse_number(".5"), 0.5);
  EXPECT_EQ(parse_number("5."), 5.0);
  EXPECT_EQ(parse_number("1e3"), 1000.0);
  EXPECT_EQ(parse_number("2.5E-1"), 0.25);
  EXPECT_EQ(parse_number("1e-400"), 0.0);  // underflow reads as the nearest double
}

TEST(NumberFormat, parse_number_rejects_everything_else) {
  for (const char* text : {"",         " ",     " 1",     "1 ",   "abc", "12abc", "1.2.3", "nan", "NaN", "inf", "-inf",
                           "infinity", "1e999", "-1e999", "0x10", "1e",  "e5",    ".",     "-",   "+",   "1,5", "١"}) {
    EXPECT_FALSE(parse_number(text).has_value()) << '"' << text << '"';
  }
}

// parse_number reads with fast_float, not strtod: the same double, to the
// bit, for decimals of every shape the grammar allows (long mantissas that
// need more than 64 bits, halfway cases, subnormals, huge and tiny exponents).
TEST(NumberFormat, parse_number_reads_what_strtod_reads) {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<int> digit_count(1, 30);
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> exponent(-330, 310);
  std::vector<std::string> texts = {"9007199254740993",
                                    "2.2250738585072011e-308",
                                    "4.9406564584124654e-324",
                                    "1.7976931348623158e308",
                                    "0.1000000000000000055511151231257827",
                                    "-0",
                                    "+0.0",
                                    "123456789012345678901234567890e-20"};
  for (int i = 0; i < kSamples / 10; ++i) {
    std::string text = random() % 2 ? "-" : "";
    const int digits = digit_count(random);
    const int point = static_cast<int>(random() % static_cast<unsigned>(digits + 1));
    for (int d = 0; d < digits; ++d) {
      if (d == point && d > 0) text.push_back('.');
      text.push_back(static_cast<char>('0' + digit(random)));
    }
    if (random() % 2) text += "e" + std::to_string(exponent(random));
    texts.push_back(text);
  }
  for (const std::string& text : texts) {
    const double expected = read_back(text);
    const std::optional<double> read = parse_number(text);
    if (!std::isfinite(expected)) {
      EXPECT_FALSE(read.has_value()) << text;
      continue;
    }
    ASSERT_TRUE(read.has_value()) << text;
    EXPECT_TRUE(same_bits(*read, expected)) << text << ": " << *read << " vs strtod " << expected;
  }
}

TEST(NumberFormat, parse_integer_takes_plain_digits_and_integral_numbers) {
  EXPECT_EQ(parse_integer("42"), 42);
  EXPECT_EQ(parse_integer("-7"), -7);
  EXPECT_EQ(parse_integer("+7"), 7);
  EXPECT_EQ(parse_integer("1e3"), 1000);
  EXPECT_EQ(parse_integer("8.0"), 8);
  EXPECT_EQ(parse_integer("9223372036854775807"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_integer("-9223372036854775808"), std::numeric_limits<std::int64_t>::min());
}

TEST(NumberFormat, parse_integer_rejects_fractions_overflow_and_junk) {
  for (const char* text :
       {"", "2.5", "9223372036854775808", "-9223372036854775809", "1e19", "1e999", "abc", "4 ", "nan", "0x1f", "-"}) {
    EXPECT_FALSE(parse_integer(text).has_value()) << '"' << text << '"';
  }
}

// Significant digits in a formatted number, first to last non-zero digit
// ("-1.25e+03" and "1250" both have 3).
int significant_digits(const std::string& text) {
  std::string digits;
  for (const char c : text) {
    if (c == 'e') break;
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return 1;
  return static_cast<int>(digits.find_last_not_of('0') - first + 1);
}

TEST(NumberFormat, writes_the_fewest_significant_digits_that_read_back) {
  std::mt19937_64 random(99);
  std::uniform_real_distribution<double> distances(0.0, 20100.0);
  std::vector<double> values = {0.1,
                                0.3,
                                1e16,
                                1e17,
                                123456789012345680.0,
                                1e22,
                                1e23,
                                5e-324,
                                1e-5,
                                1e-4,
                                12345678901234567.0,
                                1.7976931348623157e308,
                                2.2250738585072014e-308,
                                100,
                                0.5};
  for (int i = 0; i < kSamples / 4; ++i) {
    values.push_back(distances(random));
    std::uint64_t bits = random();
    double any;
    std::memcpy(&any, &bits, sizeof any);
    if (std::isfinite(any)) values.push_back(any);
    values.push_back(std::round(distances(random) * 1e6) / 1e6);
  }
  for (int e = -1074; e <= 1023; ++e) values.push_back(std::ldexp(1.0, e));  // powers of two: the edge case
  char shorter[40];
  for (const double value : values) {
    const std::string text = format_double(value);
    ASSERT_TRUE(same_bits(read_back(text), value)) << text;
    const int digits = significant_digits(text);
    ASSERT_LE(digits, 17) << text;
    if (digits > 1) {  // one digit fewer, correctly rounded, must not read back
      std::snprintf(shorter, sizeof shorter, "%.*g", digits - 1, value);
      ASSERT_FALSE(same_bits(read_back(shorter), value)) << text << " could be " << shorter;
    }
  }
}

}  // namespace
}  // namespace playground
