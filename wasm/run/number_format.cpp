#include "run/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <system_error>

// fmt (header-only, Debian's libfmt-dev) writes the shortest decimal that
// reads back to the same double (the Dragonbox algorithm). One path for
// native and WebAssembly, so both builds write the same text; in wasm it is
// about ten times faster than trying printf precisions, because musl's printf
// works in software-emulated long double there.
#include <fmt/compile.h>
#include <fmt/format.h>
// fast_float (header-only, Debian's libfast-float-dev) reads a decimal into
// the nearest double, as strtod does, without its cost in WebAssembly: musl's
// strtod works in software-emulated long double there, about 1.4 us a number
// (2 000 coordinates: 3 ms of every distance-matrix run), against 0.06 us.
#include <fast_float/fast_float.h>

namespace playground {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The decimal grammar parse_number() accepts, checked before the conversion
// (which would also take "nan" and "inf").
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
  char buffer[kLongestDoubleText];
  return std::string(buffer, write_double(buffer, value));
}

// The one path every double takes to text.
char* write_double(char* out, double value) {
  // FMT_COMPILE: "{}" taken apart at compile time, and fmt writes through the
  // pointer itself (a third faster in WebAssembly than the runtime "{}").
  if (std::isfinite(value)) return fmt::format_to(out, FMT_COMPILE("{}"), value);
  const std::string_view word = std::isnan(value) ? "nan" : value < 0 ? "-inf" : "inf";
  return std::copy(word.begin(), word.end(), out);
}

void append_double(std::string& out, double value) {
  char buffer[kLongestDoubleText];
  out.append(buffer, write_double(buffer, value));
}

std::optional<double> parse_number(std::string_view text) {
  if (!is_decimal(text)) return std::nullopt;
  // fast_float reads no leading '+'; the grammar allows one.
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const fast_float::from_chars_result read = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  if (read.ec != std::errc() || read.ptr != text.data() + text.size()) return std::nullopt;
  // Overflow ("1e999") reads as infinity, which no coordinate or parameter
  // can be; underflow ("1e-400") reads as the nearest double, which is fine.
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
