#include "lessons/distance_matrix/haversine.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>
#include <string>

#include "run/number_format.hpp"

namespace playground::lessons::distance_matrix {
namespace {

const std::string kSourceDir = PLAYGROUND_SOURCE_DIR;

// An independent great-circle distance: the points as 3-D unit vectors, the
// angle between them from atan2(|a × b|, a · b) in long double. No haversine,
// no asin, so a mistake in the kernel cannot be repeated here.
double reference_km(double lat1, double lon1, double lat2, double lon2) {
  const long double pi = 3.141592653589793238462643383279502884L;
  const auto vector_of = [pi](long double lat, long double lon) {
    lat = lat * pi / 180.0L;
    lon = lon * pi / 180.0L;
    return std::array<long double, 3>{std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
  };
  const auto a = vector_of(lat1, lon1);
  const auto b = vector_of(lat2, lon2);
  const long double cross_x = a[1] * b[2] - a[2] * b[1];
  const long double cross_y = a[2] * b[0] - a[0] * b[2];
  const long double cross_z = a[0] * b[1] - a[1] * b[0];
  const long double cross = std::sqrt(cross_x * cross_x + cross_y * cross_y + cross_z * cross_z);
  const long double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return static_cast<double>(6371.0088L * std::atan2(cross, dot));
}

void expect_close(double actual, double expected, double relative) {
  if (expected < 1e-6) {
    EXPECT_NEAR(actual, expected, 1e-9);
  } else {
    EXPECT_NEAR(actual / expected, 1.0, relative) << actual << " vs " << expected;
  }
}

std::vector<Location> random_locations(std::size_t n, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> lat(-90.0, 90.0), lon(-180.0, 180.0);
  std::vector<Location> locations;
  for (std::size_t i = 0; i < n; ++i) locations.push_back({"p" + std::to_string(i), lat(random), lon(random)});
  return locations;
}

void check_every_pair(const std::vector<Location>& locations) {
  const auto prepared = prepare_locations(locations);
  for (std::size_t j = 1; j < locations.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      const Location& a = locations[i];
      const Location& b = locations[j];
      const double expected = reference_km(a.latitude, a.longitude, b.latitude, b.longitude);
      const double plain = haversine_km(a, b);
      expect_close(plain, expected, 1e-9);
      expect_close(haversine_km(prepared[i], prepared[j]), plain, 1e-12);
      if (::testing::Test::HasFailure()) return;  // one message, not thousands
    }
  }
}

TEST(Haversine, the_earth_radius_is_the_mean_radius) { EXPECT_EQ(kEarthRadiusKm, 6371.0088); }

TEST(Haversine, a_point_is_at_distance_zero_from_itself) {
  EXPECT_EQ(haversine_km(48.05, -122.17, 48.05, -122.17), 0.0);
}

TEST(Haversine, a_quarter_of_the_equator_is_a_quarter_circumference) {
  EXPECT_NEAR(haversine_km(0, 0, 0, 90), kEarthRadiusKm * 3.14159265358979323846 / 2, 1e-9);
}

TEST(Haversine, antipodes_are_half_a_circumference_apart_not_nan) {
  EXPECT_NEAR(haversine_km(90, 0, -90, 0), kEarthRadiusKm * 3.14159265358979323846, 1e-9);
  EXPECT_NEAR(haversine_km(0, -180, 0, 0), kEarthRadiusKm * 3.14159265358979323846, 1e-9);
  const auto a = prepare_location({"a", 30, 20});
  const auto b = prepare_location({"b", -30, -160});
  EXPECT_FALSE(std::isnan(haversine_km(a, b)));
}

TEST(Haversine, is_symmetric) {
  EXPECT_EQ(haversine_km(48.0517637, -122.1770818, 33.7825194, -117.2286478),
            haversine_km(33.7825194, -117.2286478, 48.0517637, -122.1770818));
}

TEST(Haversine, marysville_to_perris_matches_the_independent_formula) {
  // Marysville, WA to Perris, CA: about 1 600 km.
  const double km = haversine_km(48.0517637, -122.1770818, 33.7825194, -117.22864779999999);
  EXPECT_GT(km, 1550.0);
  EXPECT_LT(km, 1650.0);
  expect_close(km, reference_km(48.0517637, -122.1770818, 33.7825194, -117.22864779999999), 1e-9);
}

TEST(Haversine, both_kernels_match_the_independent_formula_on_five_locations) {
  check_every_pair(read_locations_file(kSourceDir + "/scenarios/data/five_locations.csv"));
}

TEST(Haversine, both_kernels_match_the_independent_formula_on_many_locations) {
  check_every_pair(read_locations_file(kSourceDir + "/scenarios/data/many_locations.csv"));
}

TEST(Haversine, both_kernels_match_the_independent_formula_on_awkward_locations) {
  check_every_pair(read_locations_file(kSourceDir + "/tests/data/awkward_locations.csv"));
}

TEST(Haversine, both_kernels_match_the_independent_formula_on_a_generated_file) {
  // Written out and read back, so the generated file goes through the reader too.
  std::string csv;
  for (const auto& location : random_locations(300, 2024)) {
    csv += location.name + "," + format_double(location.latitude) + "," + format_double(location.longitude) + "\n";
  }
  check_every_pair(parse_locations_csv(csv));
}

}  // namespace
}  // namespace playground::lessons::distance_matrix
