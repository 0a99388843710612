// GeoJSON parsing and writing, orientation, polygon validity and area in square metres.

#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "org/geo/geojson.hpp"
#include "org/geo/validate.hpp"
#include "org/geo_fixtures.hpp"

namespace onegrid::org::geo {
namespace {

using testing::at_m;
using testing::rect;
using testing::rect_ring;
using testing::signed_area;

namespace json = boost::json;

const char* const kSquareWithHole = R"({"type": "Polygon", "coordinates": [
  [[116.0, 40.0], [116.1, 40.0], [116.1, 40.1], [116.0, 40.1], [116.0, 40.0]],
  [[116.02, 40.02], [116.02, 40.08], [116.08, 40.08], [116.08, 40.02], [116.02, 40.02]]]})";

// Expects `text` to fail with `code` at `field`.
void expect_error(const std::string& text, const std::string& code, const std::string& field) {
  Result<Area> r = parse_geometry_text(text);
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  EXPECT_EQ(r.error().code, code) << r.error().message;
  EXPECT_EQ(r.error().field, field) << r.error().message;
}

TEST(GeoJson, ParsesPolygonWithHoleAndWritesItBack) {
  Result<Area> r = parse_geometry_text(kSquareWithHole);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->polygons.size(), 1u);
  const Polygon& p = r->polygons[0];
  ASSERT_EQ(p.outer.size(), 5u);
  ASSERT_EQ(p.holes.size(), 1u);
  EXPECT_EQ(p.outer[1], (LonLat{116.1, 40.0}));
  EXPECT_EQ(p.holes[0][1], (LonLat{116.02, 40.08}));
  EXPECT_EQ(to_geojson(*r), json::parse(kSquareWithHole));
}

TEST(GeoJson, ParsesMultiPolygonAndKeepsTheType) {
  const std::string text = R"({"type": "MultiPolygon", "coordinates": [
    [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]],
    [[[2.5, 0.0], [3.0, 0.0], [3.0, 1.0], [2.5, 1.0], [2.5, 0.0]]]]})";
  Result<Area> r = parse_geometry_text(text);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->polygons.size(), 2u);
  EXPECT_EQ(to_geojson(*r), json::parse(text));
}

TEST(GeoJson, AcceptsIntegersAltitudeAndExtraMembers) {
  Result<Area> r = parse_geometry_text(R"({"type": "Polygon", "bbox": [0, 0, 1, 1],
    "coordinates": [[[0, 0, 12.5], [1, 0, 3], [1, 1, 0], [0, 1, 0], [0, 0, 12.5]]]})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->polygons[0].outer[2], (LonLat{1.0, 1.0}));
}

TEST(GeoJson, EmptyMultiPolygonIsAnEmptyAreaAndRoundTrips) {
  Result<Area> r = parse_geometry_text(R"({"type": "MultiPolygon", "coordinates": []})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(to_geojson(*r), json::parse(R"({"type": "MultiPolygon", "coordinates": []})"));
}

TEST(GeoJson, ParsesAJsonValueWithAFieldPrefix) {
  json::value v = json::parse(R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]})");
  Result<Area> r = parse_geometry(v, "/boundary");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "geo.ring_too_short");
  EXPECT_EQ(r.error().field, "/boundary/coordinates/0");
}

TEST(GeoJson, RejectsMalformedJson) {
  expect_error(R"({"type": "Polygon",)", "geo.bad_json", "");
}

TEST(GeoJson, RejectsOtherTypes) {
  expect_error(R"({"type": "Point", "coordinates": [116.4, 39.9]})", "geo.bad_type", "/type");
  expect_error(R"({"type": "LineString", "coordinates": [[0, 0], [1, 1]]})", "geo.bad_type",
               "/type");
  expect_error(R"({"type": "Feature", "geometry": null, "properties": {}})", "geo.bad_type",
               "/type");
  expect_error(R"({"type": "polygon", "coordinates": []})", "geo.bad_type", "/type");
  expect_error(R"({"type": 7, "coordinates": []})", "geo.bad_type", "/type");
  expect_error(R"({"coordinates": []})", "geo.bad_type", "/type");
  expect_error(R"([[0, 0], [1, 0], [1, 1], [0, 0]])", "geo.bad_type", "");
}

TEST(GeoJson, RejectsBadCoordinates) {
  const std::string head = R"({"type": "Polygon", "coordinates": )";
  expect_error(R"({"type": "Polygon"})", "geo.bad_coordinates", "/coordinates");
  expect_error(head + "{}}", "geo.bad_coordinates", "/coordinates");
  expect_error(head + "[]}", "geo.bad_coordinates", "/coordinates");
  expect_error(head + "[5]}", "geo.bad_coordinates", "/coordinates/0");
  expect_error(head + R"([[[0, 0], [1, 0], "x", [0, 1], [0, 0]]]})", "geo.bad_coordinates",
               "/coordinates/0/2");
  expect_error(head + R"([[[0, 0], [1, "0"], [1, 1], [0, 1], [0, 0]]]})", "geo.bad_coordinates",
               "/coordinates/0/1/1");
  expect_error(head + R"([[[0, 0], [1, 0], [1, 1, null], [0, 1], [0, 0]]]})", "geo.bad_coordinates",
               "/coordinates/0/2/2");
  expect_error(head + R"([[[0, 0], [1], [1, 1], [0, 1], [0, 0]]]})", "geo.bad_coordinates",
               "/coordinates/0/1");
  expect_error(head + R"([[[0, 0], [180.5, 0], [1, 1], [0, 1], [0, 0]]]})", "geo.bad_coordinates",
               "/coordinates/0/1/0");
  expect_error(head + R"([[[0, 0], [1, 0], [1, -90.01], [0, 1], [0, 0]]]})", "geo.bad_coordinates",
               "/coordinates/0/2/1");
  expect_error(R"({"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]],
    [[[0, 0], [1, 0], [1, true], [0, 0]]]]})",
               "geo.bad_coordinates", "/coordinates/1/0/2/1");
  expect_error(R"({"type": "MultiPolygon", "coordinates": 3})", "geo.bad_coordinates",
               "/coordinates");
}

TEST(GeoJson, RejectsNonFiniteNumbersInAJsonValue) {
  json::value v = json::parse(R"({"type": "Polygon", "coordinates":
    [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]})");
  v.at("coordinates").at(0).at(2).at(0) = std::numeric_limits<double>::quiet_NaN();
  Result<Area> r = parse_geometry(v);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "geo.bad_coordinates");
  EXPECT_EQ(r.error().field, "/coordinates/0/2/0");
  v.at("coordinates").at(0).at(2).at(0) = std::numeric_limits<double>::infinity();
  EXPECT_EQ(parse_geometry(v).error().code, "geo.bad_coordinates");
}

TEST(GeoJson, RejectsOpenAndShortRings) {
  expect_error(R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]})",
               "geo.ring_not_closed", "/coordinates/0");
  expect_error(R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]],
    [[0.2, 0.2], [0.5, 0.2], [0.5, 0.5], [0.2, 0.3]]]})",
               "geo.ring_not_closed", "/coordinates/1");
  expect_error(R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]})",
               "geo.ring_too_short", "/coordinates/0");
  expect_error(R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1]]]})",
               "geo.ring_too_short", "/coordinates/0");
  expect_error(R"({"type": "Polygon", "coordinates": [[]]})", "geo.ring_too_short",
               "/coordinates/0");
}

TEST(Orientation, ParsingMakesExteriorsCounterClockwiseAndHolesClockwise) {
  // Exterior clockwise, hole counter-clockwise: both the wrong way round for RFC 7946.
  Result<Area> r = parse_geometry_text(R"({"type": "Polygon", "coordinates": [
    [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]],
    [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]]]})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_GT(signed_area(r->polygons[0].outer), 0.0);
  EXPECT_LT(signed_area(r->polygons[0].holes[0]), 0.0);
  EXPECT_TRUE(check_polygon(*r).ok());
  const json::value written = to_geojson(*r);
  EXPECT_EQ(written.at("coordinates").at(0).at(1), json::parse("[1.0, 0.0]"));
}

TEST(Orientation, CheckPolygonAndAreaAcceptEitherOrientation) {
  Area ccw = rect(0, 0, 100, 100);
  Area cw{{Polygon{rect_ring(0, 0, 100, 100, /*clockwise=*/true), {}}}};
  EXPECT_TRUE(check_polygon(ccw).ok());
  EXPECT_TRUE(check_polygon(cw).ok());
  EXPECT_NEAR(area_m2(cw), area_m2(ccw), 1e-6);
  Area normalised = cw;
  normalize(normalised);
  EXPECT_EQ(normalised, ccw);  // correct() reverses the ring in place
  EXPECT_GT(signed_area(normalised.polygons[0].outer), 0.0);
}

TEST(CheckPolygon, ReportsABowTieWithItsReason) {
  Result<Area> bow_tie = parse_geometry_text(
      R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]})");
  ASSERT_TRUE(bow_tie.ok()) << bow_tie.error().message;  // well-formed GeoJSON, bad geometry
  Status s = check_polygon(*bow_tie);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::invalid);
  EXPECT_EQ(s.error().code, "geo.invalid_polygon");
  EXPECT_NE(s.error().message.find("self-intersections"), std::string::npos) << s.error().message;
}

TEST(CheckPolygon, ReportsAnUnevenBowTieWithBoostGeometrysLocation) {
  // Lobes of different sizes: the ring can be oriented, so is_valid reaches its own
  // self-intersection check and says where.
  Area bow_tie{{Polygon{{at_m(0, 0), at_m(200, 200), at_m(200, 0), at_m(0, 100), at_m(0, 0)}, {}}}};
  Status s = check_polygon(bow_tie);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "geo.invalid_polygon");
  EXPECT_NE(s.error().message.find("self-intersections"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("point was found at"), std::string::npos) << s.error().message;
}

TEST(CheckPolygon, ReportsSpikesHolesOutsideAndEmptiness) {
  Area spike{{Polygon{{at_m(0, 0), at_m(100, 0), at_m(100, 100), at_m(100, 200), at_m(100, 100),
                       at_m(0, 100), at_m(0, 0)},
                      {}}}};
  Status s = check_polygon(spike);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("spike"), std::string::npos) << s.error().message;

  Area hole_outside{{Polygon{rect_ring(0, 0, 100, 100), {rect_ring(200, 0, 300, 100, true)}}}};
  EXPECT_EQ(check_polygon(hole_outside).error().code, "geo.invalid_polygon");

  Area overlapping_parts{
      {Polygon{rect_ring(0, 0, 100, 100), {}}, Polygon{rect_ring(50, 50, 150, 150), {}}}};
  EXPECT_FALSE(check_polygon(overlapping_parts).ok());

  EXPECT_EQ(check_polygon(Area{}).error().code, "geo.invalid_polygon");
}

// Area of the WGS 84 quadrangle between two parallels and two meridians, in closed form.
double ellipsoid_quadrangle_m2(double lat1, double lat2, double dlon) {
  constexpr double a = 6378137.0;
  constexpr double f = 1.0 / 298.257223563;
  const double b = a * (1.0 - f);
  const double e = std::sqrt(f * (2.0 - f));
  auto q = [&](double lat) {
    const double s = std::sin(lat * std::numbers::pi / 180.0);
    return s / (1.0 - e * e * s * s) + std::log((1.0 + e * s) / (1.0 - e * s)) / (2.0 * e);
  };
  return b * b / 2.0 * (dlon * std::numbers::pi / 180.0) * (q(lat2) - q(lat1));
}

TEST(AreaM2, OneKilometreSquareAt40North) {
  // 1 km along the meridian and 1 km along the parallel at 40° N.
  const MetresPerDegree k = metres_per_degree(40.0);
  const double dlat = 1000.0 / k.lat;
  const double dlon = 1000.0 / k.lon;
  const double lat1 = 40.0 - dlat / 2, lat2 = 40.0 + dlat / 2;
  Area square{{Polygon{
      {{116.0, lat1}, {116.0 + dlon, lat1}, {116.0 + dlon, lat2}, {116.0, lat2}, {116.0, lat1}},
      {}}}};
  const double a = area_m2(square);
  EXPECT_NEAR(a, 1.0e6, 0.005 * 1.0e6);
  const double exact = ellipsoid_quadrangle_m2(lat1, lat2, dlon);
  EXPECT_NEAR(a, exact, 1e-5 * exact);
  // Sanity for metres_per_degree itself: 1° of latitude at 40° N is about 111.03 km.
  EXPECT_NEAR(k.lat, 111035.0, 20.0);
  EXPECT_NEAR(k.lon, 85394.0, 20.0);
}

TEST(AreaM2, CountsHolesAndSeveralPolygons) {
  Area with_hole{{Polygon{rect_ring(0, 0, 300, 200), {rect_ring(100, 50, 200, 150, true)}}}};
  EXPECT_NEAR(area_m2(with_hole), 60000.0 - 10000.0, 0.001 * 50000.0);
  Area two{{Polygon{rect_ring(0, 0, 100, 100), {}}, Polygon{rect_ring(500, 0, 700, 100), {}}}};
  EXPECT_NEAR(area_m2(two), 30000.0, 0.001 * 30000.0);
  EXPECT_EQ(area_m2(Area{}), 0.0);
}

}  // namespace
}  // namespace onegrid::org::geo
