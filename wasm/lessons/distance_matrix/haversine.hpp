#pragma once
// Great-circle distance between two points on the Earth, the course's
// formula:
//   a = sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2),   d = 2R · asin(√a)
// with R = 6371.0088 km (the mean Earth radius).
//
// Two kernels with the same formula: the plain one converts degrees and
// takes cosines for every pair; the "optimised" one works on locations
// prepared once (radians and cos φ precomputed), which removes two cosines
// and four conversions from each of the n(n-1)/2 pairs. They agree to about
// 1e-15 relative (the same operations on the same values, only hoisted).
#include <cmath>
#include <vector>

#include "lessons/distance_matrix/locations_csv.hpp"

namespace playground::lessons::distance_matrix {

inline constexpr double kEarthRadiusKm = 6371.0088;

// Degrees in, kilometres out.
[[nodiscard]] double haversine_km(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

[[nodiscard]] inline double haversine_km(const Location& a, const Location& b) {
  return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude);
}

// A location ready for the optimised kernel.
struct PreparedLocation {
  double lat_rad = 0;
  double lon_rad = 0;
  double cos_lat = 1;
};

[[nodiscard]] PreparedLocation prepare_location(const Location& location);
[[nodiscard]] std::vector<PreparedLocation> prepare_locations(const std::vector<Location>& locations);

// The optimised kernel: inline so the pair loop can keep it in registers.
[[nodiscard]] inline double haversine_km(const PreparedLocation& a, const PreparedLocation& b) {
  const double half_dlat = std::sin((b.lat_rad - a.lat_rad) * 0.5);
  const double half_dlon = std::sin((b.lon_rad - a.lon_rad) * 0.5);
  double h = half_dlat * half_dlat + a.cos_lat * b.cos_lat * half_dlon * half_dlon;
  // Rounding can push h a hair above 1 for antipodal points; asin would give NaN.
  if (h > 1.0) h = 1.0;
  return 2.0 * kEarthRadiusKm * std::asin(std::sqrt(h));
}

}  // namespace playground::lessons::distance_matrix
