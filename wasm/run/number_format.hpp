#pragma once
// Numbers as text, exactly: doubles written so they read back to the same
// bits, and strict parsing of decimal numbers typed by people.
//
// Writing goes through fmt (shortest round-trip), reading through strtod:
// both behave the same in the native and the WebAssembly builds (Emscripten
// 3.1.6's libc++ has no floating-point std::to_chars/from_chars).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace playground {

// The shortest decimal that strtod reads back to exactly `value` ("0.1",
// not "0.10000000000000001"). Non-finite values are written as "nan", "inf"
// and "-inf" (they never round-trip through parse_number()).
[[nodiscard]] std::string format_double(double value);

// Appends format_double(value) to `out` without a temporary string.
void append_double(std::string& out, double value);

// The longest text format_double() writes: 24 characters,
// "-2.2250738585072014e-308".
inline constexpr std::size_t kLongestDoubleText = 24;

// Writes format_double(value) at `out`, which has kLongestDoubleText
// characters of room, and returns the end: for loops that write millions of
// distances through a cursor.
char* write_double(char* out, double value);

// Reads a whole string as a finite decimal number: optional sign, digits,
// optional fraction and exponent ("48.05", "-1e3", ".5"). Returns nothing
// for anything else: empty text, spaces, trailing junk ("12abc"), hex,
// "nan", "inf", and values that overflow a double ("1e999").
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

// Reads a whole string as an integer that fits in int64_t. Accepts plain
// digits with an optional sign, and also a finite number with no fractional
// part ("1e3", "8.0"), as typed into a URL or a form field.
[[nodiscard]] std::optional<std::int64_t> parse_integer(std::string_view text);

}  // namespace playground
