// validate_community: invalid grids, grids outside the community, overlapping pairs and the
// uncovered part, with known areas; shared edges must not count as overlaps.

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/value.hpp>

#include "org/geo/geojson.hpp"
#include "org/geo/validate.hpp"
#include "org/geo_fixtures.hpp"

namespace onegrid::org::geo {
namespace {

using testing::at_m;
using testing::rect;
using testing::rect_ring;

// Relative tolerance for areas laid out in metres (the frame's scale drifts ~1e-4 per km).
constexpr double kRel = 1e-3;

GridShape grid(std::int64_t id, Area shape) {
  return GridShape{id, "grid " + std::to_string(id), std::move(shape)};
}

TEST(ValidateCommunity, FindsExactlyTheOverlappingPairAndItsArea) {
  const Area community = rect(0, 0, 1500, 500);
  const std::vector<GridShape> grids{
      grid(7, rect(0, 0, 600, 500)),     // overlaps grid 3 by 100 m × 500 m
      grid(3, rect(500, 0, 1000, 500)),  // touches grid 9 along x = 1000
      grid(9, rect(1000, 0, 1500, 500)),
  };
  const ValidationReport r = validate_community(community, grids);
  ASSERT_EQ(r.overlaps.size(), 1u);
  EXPECT_EQ(r.overlaps[0].id_a, 3);
  EXPECT_EQ(r.overlaps[0].id_b, 7);
  EXPECT_NEAR(r.overlaps[0].area_m2, 50000.0, kRel * 50000.0);
  EXPECT_NEAR(area_m2(r.overlaps[0].overlap), 50000.0, kRel * 50000.0);
  EXPECT_TRUE(r.invalid_grids.empty());
  EXPECT_TRUE(r.outside.empty());
  EXPECT_TRUE(r.uncovered.empty());
  EXPECT_EQ(r.uncovered_m2, 0.0);
  EXPECT_TRUE(r.community_error.empty());
  EXPECT_FALSE(r.ok());
}

TEST(ValidateCommunity, FindsAGridPartlyOutsideWithItsArea) {
  const Area community = rect(0, 0, 1000, 500);
  const std::vector<GridShape> grids{grid(1, rect(0, 0, 500, 500)),
                                     grid(2, rect(500, 0, 1000, 600))};  // 500 m × 100 m out
  const ValidationReport r = validate_community(community, grids);
  ASSERT_EQ(r.outside.size(), 1u);
  EXPECT_EQ(r.outside[0].id, 2);
  EXPECT_NEAR(r.outside[0].area_m2, 50000.0, kRel * 50000.0);
  EXPECT_TRUE(r.overlaps.empty());
  EXPECT_TRUE(r.uncovered.empty());
  EXPECT_FALSE(r.ok());
}

TEST(ValidateCommunity, FindsAKnownUncoveredHole) {
  // One grid covering the community except a 200 m × 200 m hole in its middle.
  const Area community = rect(0, 0, 1000, 1000);
  const std::vector<GridShape> grids{
      grid(1, Area{{Polygon{rect_ring(0, 0, 1000, 1000), {rect_ring(400, 400, 600, 600, true)}}}})};
  const ValidationReport r = validate_community(community, grids);
  EXPECT_NEAR(r.uncovered_m2, 40000.0, kRel * 40000.0);
  ASSERT_EQ(r.uncovered.polygons.size(), 1u);
  EXPECT_TRUE(r.uncovered.polygons[0].holes.empty());
  EXPECT_NEAR(area_m2(r.uncovered), 40000.0, kRel * 40000.0);
  EXPECT_TRUE(check_polygon(r.uncovered).ok());
  EXPECT_TRUE(r.overlaps.empty());
  EXPECT_TRUE(r.outside.empty());
  EXPECT_FALSE(r.ok());
}

TEST(ValidateCommunity, FindsAnUncoveredStripBetweenGrids) {
  const Area community = rect(0, 0, 1000, 1000);
  const std::vector<GridShape> grids{grid(1, rect(0, 0, 400, 1000)),
                                     grid(2, rect(500, 0, 1000, 1000))};
  const ValidationReport r = validate_community(community, grids);
  EXPECT_NEAR(r.uncovered_m2, 100000.0, kRel * 100000.0);
  EXPECT_TRUE(r.overlaps.empty());
  EXPECT_TRUE(r.outside.empty());
}

TEST(ValidateCommunity, NoGridsLeaveTheWholeCommunityUncovered) {
  const ValidationReport r = validate_community(rect(0, 0, 300, 300), {});
  EXPECT_NEAR(r.uncovered_m2, 90000.0, kRel * 90000.0);
  EXPECT_FALSE(r.ok());
}

// A 3 × 2 tiling of an irregular quadrilateral with slanted shared edges: vertices are shared, so
// neither floating-point overlaps nor gaps may be reported.
std::vector<GridShape> irregular_tiling(const std::vector<std::vector<LonLat>>& v) {
  std::vector<GridShape> grids;
  for (std::size_t j = 0; j + 1 < v.size(); ++j) {
    for (std::size_t i = 0; i + 1 < v[j].size(); ++i) {
      Ring r{v[j][i], v[j][i + 1], v[j + 1][i + 1], v[j + 1][i], v[j][i]};
      grids.push_back(grid(static_cast<std::int64_t>(10 * j + i), Area{{Polygon{r, {}}}}));
    }
  }
  return grids;
}

TEST(ValidateCommunity, SharedSlantedEdgesAreNotOverlaps) {
  const std::vector<std::vector<LonLat>> v{
      {at_m(0, 0), at_m(310.3, 17.1), at_m(597.7, -23.9), at_m(903.1, 11.3)},
      {at_m(-13.7, 291.9), at_m(287.2, 330.1), at_m(622.9, 268.4), at_m(911.7, 303.3)},
      {at_m(9.1, 612.2), at_m(305.5, 577.7), at_m(588.8, 633.3), at_m(897.9, 590.1)}};
  Ring outline{v[0][0], v[0][1], v[0][2], v[0][3], v[1][3], v[2][3],
               v[2][2], v[2][1], v[2][0], v[1][0], v[0][0]};
  const ValidationReport r =
      validate_community(Area{{Polygon{outline, {}}}}, irregular_tiling(v), /*tolerance=*/0.0);
  EXPECT_TRUE(r.overlaps.empty()) << r.overlaps.size() << " overlaps, first "
                                  << (r.overlaps.empty() ? 0.0 : r.overlaps[0].area_m2);
  EXPECT_TRUE(r.outside.empty());
  EXPECT_EQ(r.uncovered_m2, 0.0);
  EXPECT_TRUE(r.ok());
}

TEST(ValidateCommunity, ManyTilesAreCheckedQuickly) {
  std::vector<GridShape> grids;
  for (int j = 0; j < 25; ++j) {
    for (int i = 0; i < 25; ++i) {
      grids.push_back(grid(j * 25 + i, rect(i * 40.0, j * 40.0, (i + 1) * 40.0, (j + 1) * 40.0)));
    }
  }
  const ValidationReport r = validate_community(rect(0, 0, 1000, 1000), grids);
  EXPECT_TRUE(r.ok()) << r.overlaps.size() << " overlaps, " << r.uncovered_m2 << " m² uncovered";
}

TEST(ValidateCommunity, ToleranceHidesSlivers) {
  // Grid 2 overlaps grid 1 by a 0.4 m × 1 m sliver (0.4 m²) and misses a 1 m × 0.5 m corner.
  const Area community = rect(0, 0, 200, 100);
  const std::vector<GridShape> grids{
      grid(1, rect(0, 0, 100, 100)),
      grid(2, Area{{Polygon{
                  {at_m(99.6, 0), at_m(200, 0), at_m(200, 99.5), at_m(199, 99.5), at_m(199, 100),
                   at_m(100, 100), at_m(100, 1), at_m(99.6, 1), at_m(99.6, 0)},
                  {}}}})};
  EXPECT_TRUE(validate_community(community, grids).ok());
  const ValidationReport strict = validate_community(community, grids, 0.01);
  ASSERT_EQ(strict.overlaps.size(), 1u);
  EXPECT_NEAR(strict.overlaps[0].area_m2, 0.4, 0.01);
  EXPECT_NEAR(strict.uncovered_m2, 0.5, 0.01);
}

TEST(ValidateCommunity, ReportsInvalidGridsAndSkipsThem) {
  const Area community = rect(0, 0, 200, 100);
  Area bow_tie{{Polygon{{at_m(0, 0), at_m(100, 100), at_m(100, 0), at_m(0, 100), at_m(0, 0)}, {}}}};
  const std::vector<GridShape> grids{grid(5, bow_tie), grid(4, Area{}),
                                     grid(1, rect(0, 0, 200, 100))};
  const ValidationReport r = validate_community(community, grids);
  ASSERT_EQ(r.invalid_grids.size(), 2u);
  EXPECT_EQ(r.invalid_grids[0].id, 4);
  EXPECT_EQ(r.invalid_grids[1].id, 5);
  EXPECT_NE(r.invalid_grids[1].reason.find("self-intersections"), std::string::npos);
  EXPECT_TRUE(r.overlaps.empty());  // the bow-tie is not intersected with grid 1
  EXPECT_TRUE(r.uncovered.empty());
  EXPECT_FALSE(r.ok());
}

TEST(ValidateCommunity, ReportsAnInvalidCommunity) {
  Area bow_tie{{Polygon{{at_m(0, 0), at_m(100, 100), at_m(100, 0), at_m(0, 100), at_m(0, 0)}, {}}}};
  const ValidationReport r =
      validate_community(bow_tie, {grid(1, rect(0, 0, 50, 50)), grid(2, rect(40, 0, 90, 50))});
  EXPECT_NE(r.community_error.find("self-intersections"), std::string::npos);
  EXPECT_EQ(r.overlaps.size(), 1u);  // grid checks still run
  EXPECT_TRUE(r.outside.empty());
  EXPECT_FALSE(r.ok());
}

TEST(ValidateCommunity, AcceptsClockwiseInput) {
  const Area community{{Polygon{rect_ring(0, 0, 200, 100, true), {}}}};
  const std::vector<GridShape> grids{grid(1, Area{{Polygon{rect_ring(0, 0, 100, 100, true), {}}}}),
                                     grid(2, rect(100, 0, 200, 100))};
  EXPECT_TRUE(validate_community(community, grids).ok());
}

TEST(ValidateCommunity, SerialisesToJsonWithGeoJsonGeometry) {
  const Area community = rect(0, 0, 1000, 500);
  Area bow_tie{{Polygon{{at_m(0, 0), at_m(10, 10), at_m(10, 0), at_m(0, 10), at_m(0, 0)}, {}}}};
  const std::vector<GridShape> grids{grid(1, rect(0, 0, 600, 500)), grid(2, rect(500, 0, 900, 600)),
                                     grid(3, bow_tie)};
  const ValidationReport r = validate_community(community, grids);
  const boost::json::value j = to_json(r);
  EXPECT_EQ(j.at("ok"), false);
  EXPECT_EQ(j.at("tolerance_m2"), 1.0);
  EXPECT_TRUE(j.at("community_error").is_null());
  EXPECT_EQ(j.at("invalid_grids").at(0).at("id"), 3);
  EXPECT_TRUE(j.at("invalid_grids").at(0).at("reason").is_string());
  EXPECT_EQ(j.at("outside").at(0).at("id"), 2);
  EXPECT_EQ(j.at("overlaps").at(0).at("id_a"), 1);
  EXPECT_EQ(j.at("overlaps").at(0).at("id_b"), 2);

  // Geometry round-trips through the GeoJSON parser with the same area.
  Result<Area> overlap = parse_geometry(j.at("overlaps").at(0).at("geometry"));
  ASSERT_TRUE(overlap.ok()) << overlap.error().message;
  EXPECT_NEAR(area_m2(*overlap), 50000.0, kRel * 50000.0);
  EXPECT_NEAR(j.at("overlaps").at(0).at("area_m2").as_double(), 50000.0, kRel * 50000.0);
  Result<Area> uncovered = parse_geometry(j.at("uncovered").at("geometry"));
  ASSERT_TRUE(uncovered.ok()) << uncovered.error().message;
  EXPECT_NEAR(area_m2(*uncovered), 50000.0, kRel * 50000.0);
  EXPECT_NEAR(j.at("uncovered").at("area_m2").as_double(), 50000.0, kRel * 50000.0);

  const boost::json::value clean =
      to_json(validate_community(rect(0, 0, 10, 10), {grid(1, rect(0, 0, 10, 10))}));
  EXPECT_EQ(clean.at("ok"), true);
  EXPECT_TRUE(clean.at("uncovered").at("geometry").is_null());
  EXPECT_EQ(clean.at("uncovered").at("area_m2"), 0.0);
}

}  // namespace
}  // namespace onegrid::org::geo
