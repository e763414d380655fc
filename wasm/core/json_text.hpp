#pragma once
// JSON text written directly into a string, for output too big to build as a
// document first (a trace of a million spans): a string value, escaped, with
// bytes that are not valid UTF-8 replaced by U+FFFD (labels come from user
// data, such as a CSV's names), so the text is always valid JSON.
#include <string>
#include <string_view>

namespace playground {

void append_json_string(std::string& out, std::string_view text);

}  // namespace playground
