#include "lessons/distance_matrix/haversine.hpp"

namespace playground::lessons::distance_matrix {
namespace {

// One conversion for both kernels, so they do the same arithmetic.
constexpr double kRadiansPerDegree = 3.14159265358979323846 / 180.0;

}  // namespace

double haversine_km(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  const double lat1 = lat1_deg * kRadiansPerDegree;
  const double lat2 = lat2_deg * kRadiansPerDegree;
  const double half_dlat = std::sin((lat2 - lat1) * 0.5);
  const double half_dlon = std::sin((lon2_deg * kRadiansPerDegree - lon1_deg * kRadiansPerDegree) * 0.5);
  double h = half_dlat * half_dlat + std::cos(lat1) * std::cos(lat2) * half_dlon * half_dlon;
  if (h > 1.0) h = 1.0;
  return 2.0 * kEarthRadiusKm * std::asin(std::sqrt(h));
}

PreparedLocation prepare_location(const Location& location) {
  const double lat = location.latitude * kRadiansPerDegree;
  return PreparedLocation{.lat_rad = lat, .lon_rad = location.longitude * kRadiansPerDegree, .cos_lat = std::cos(lat)};
}

std::vector<PreparedLocation> prepare_locations(const std::vector<Location>& locations) {
  std::vector<PreparedLocation> prepared;
  prepared.reserve(locations.size());
  for (const Location& location : locations) prepared.push_back(prepare_location(location));
  return prepared;
}

}  // namespace playground::lessons::distance_matrix
