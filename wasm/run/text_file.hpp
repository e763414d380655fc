#pragma once
// Reading a whole file as text: scenario files, CSV input.
#include <string>

namespace playground {

// The whole content of a file as text. Throws RunError naming the path when
// it cannot be read.
[[nodiscard]] std::string read_text_file(const std::string& path);

}  // namespace playground
