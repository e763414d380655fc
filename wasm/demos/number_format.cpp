#include "demos/number_format.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <version>

// Floating-point std::to_chars exists in libstdc++ 11+ but not in
// Emscripten 3.1.6's libc++, which gets the portable path.
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
#include <charconv>
#define PLAYGROUND_FAST_TO_CHARS 1
#else
#define PLAYGROUND_FAST_TO_CHARS 0
#endif

namespace playground {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The portable form of the rule: try 15, then 16 digits, else 17.
[[maybe_unused]] int format_by_trying(double value, char (&buffer)[32]) {
  // 17 significant digits always round-trip a double; fewer often do and read
  // better, so try 15 and 16 first.
  for (const char* format : {"%.15g", "%.16g"}) {
    const int length = std::snprintf(buffer, sizeof buffer, format, value);
    if (std::strtod(buffer, nullptr) == value) return length;
  }
  return std::snprintf(buffer, sizeof buffer, "%.17g", value);
}

#if PLAYGROUND_FAST_TO_CHARS
// The same text, about three times faster (the distance matrix writes one
// number per pair): the shortest round-tripping form tells how many digits
// k are needed, and %.Pg with P = max(15, k) is the first of %.15g / %.16g /
// %.17g that round-trips (a correctly rounded P-digit decimal is at least as
// close as any other P-digit one, so it round-trips exactly when k <= P;
// powers of two are the exception, see format_shortest()).
int format_with_to_chars(double value, char (&buffer)[32]) {
  // Shortest scientific form, "d.ddde±x": its mantissa holds exactly the k
  // significant digits. (The plain shortest form may pick fixed notation,
  // which writes a large integer's exact digits, more than k.)
  const auto shortest = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  int digits = 0;
  for (const char* p = buffer; p != shortest.ptr && *p != 'e'; ++p) digits += (*p >= '0' && *p <= '9') ? 1 : 0;
  const int precision = digits <= 15 ? 15 : digits;  // at most 17 for a double
  const auto general = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, precision);
  return static_cast<int>(general.ptr - buffer);
}
#endif

// Writes the shortest round-tripping form into `buffer`; returns its length.
int format_shortest(double value, char (&buffer)[32]) {
  if (std::isnan(value)) return std::snprintf(buffer, sizeof buffer, "nan");
  if (std::isinf(value)) return std::snprintf(buffer, sizeof buffer, value < 0 ? "-inf" : "inf");
#if PLAYGROUND_FAST_TO_CHARS
  // At a power of two the doubles below are twice as dense as those above,
  // so "as close as" no longer implies "round-trips": use the plain rule.
  int exponent = 0;
  if (std::frexp(value, &exponent) == (value < 0 ? -0.5 : 0.5)) return format_by_trying(value, buffer);
  return format_with_to_chars(value, buffer);
#else
  return format_by_trying(value, buffer);
#endif
}

// The decimal grammar parse_number() accepts, checked before strtod (which
// would also take "nan", "inf", hex, leading spaces and a prefix of junk).
bool is_decimal(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && is_digit(text[i])) ++i, ++digits;
  if (i < n && text[i] == '.') {
    ++i;
    while (i < n && is_digit(text[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    std::size_t exponent_digits = 0;
    while (i < n && is_digit(text[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == n;
}

}  // namespace

std::string format_double(double value) {
  char buffer[32];
  const int length = format_shortest(value, buffer);
  return std::string(buffer, static_cast<std::size_t>(length));
}

void append_double(std::string& out, double value) {
  char buffer[32];
  const int length = format_shortest(value, buffer);
  out.append(buffer, static_cast<std::size_t>(length));
}

std::optional<double> parse_number(std::string_view text) {
  if (!is_decimal(text)) return std::nullopt;
  const std::string copy(text);  // strtod needs a terminating NUL
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  // ERANGE with an infinite result is overflow ("1e999"); with a tiny result
  // it is underflow ("1e-400"), which reads as the nearest double and is fine.
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) i = 1;
  bool plain = i < text.size();
  for (std::size_t k = i; k < text.size(); ++k) plain = plain && is_digit(text[k]);
  if (plain) {
    // Accumulate as a negative number: its range is one larger.
    std::int64_t value = 0;
    constexpr std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
    for (; i < text.size(); ++i) {
      const int digit = text[i] - '0';
      if (value < (lowest + digit) / 10) return std::nullopt;
      value = value * 10 - digit;
    }
    if (negative) return value;
    if (value == lowest) return std::nullopt;
    return -value;
  }
  const auto number = parse_number(text);
  if (!number || std::trunc(*number) != *number) return std::nullopt;
  // 2^63 is exactly representable; anything at or past it does not fit.
  if (*number >= 9223372036854775808.0 || *number < -9223372036854775808.0) return std::nullopt;
  return static_cast<std::int64_t>(*number);
}

}  // namespace playground
