#include "demos/number_format.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

// fmt (header-only, Debian's libfmt-dev) writes the shortest decimal that
// reads back to the same double (the Dragonbox algorithm). One path for
// native and WebAssembly, so both builds write the same text; in wasm it is
// about ten times faster than trying printf precisions, because musl's printf
// works in software-emulated long double there.
#include <fmt/compile.h>
#include <fmt/format.h>

namespace playground {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Writes the shortest round-tripping form into `buffer`; returns its length.
int format_shortest(double value, char (&buffer)[32]) {
  if (std::isnan(value)) return std::snprintf(buffer, sizeof buffer, "nan");
  if (std::isinf(value)) return std::snprintf(buffer, sizeof buffer, value < 0 ? "-inf" : "inf");
  const auto written = fmt::format_to_n(buffer, sizeof buffer, "{}", value);
  return static_cast<int>(written.size);
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

char* write_double(char* out, double value) {
  // FMT_COMPILE: "{}" taken apart at compile time, and fmt writes through the
  // pointer itself (a third faster in WebAssembly than the runtime "{}").
  if (std::isfinite(value)) return fmt::format_to(out, FMT_COMPILE("{}"), value);
  char buffer[32];
  const int length = format_shortest(value, buffer);
  return std::copy(buffer, buffer + length, out);
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
