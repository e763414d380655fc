// Fuzzes the distance matrix's CSV reader: any bytes must either parse into
// locations that satisfy the reader's contract, or be rejected with a CsvError
// that names a line — never crash, hang or throw anything else.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lessons/distance_matrix/locations_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace playground::lessons::distance_matrix;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto locations = parse_locations_csv(text, LocationsCsvOptions{.max_locations = 32});
    if (locations.empty() || locations.size() > 32) __builtin_trap();
    for (const Location& l : locations) {
      if (!std::isfinite(l.latitude) || l.latitude < -90 || l.latitude > 90) __builtin_trap();
      if (!std::isfinite(l.longitude) || l.longitude < -180 || l.longitude > 180) __builtin_trap();
      if (l.name.empty()) __builtin_trap();
    }
  } catch (const CsvError& error) {
    if (std::string_view(error.what()).empty()) __builtin_trap();
  }
  return 0;
}
