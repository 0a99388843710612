// The demo geography: counts, codes and names, valid boundaries that tile exactly at every level,
// and every grid's centroid located back to that grid.

#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "demo/geography.hpp"
#include "org/geo/grid_index.hpp"
#include "org/geo/validate.hpp"
#include "org/geo_fixtures.hpp"

namespace onegrid::demo {
namespace {

using org::geo::Area;
using org::geo::GridShape;

std::map<std::string, int> count_kinds(const DemoGeography& geo) {
  std::map<std::string, int> counts;
  for (const DemoUnit& u : geo.units) ++counts[u.kind];
  return counts;
}

// Children of each unit, as GridShapes with their position in `units` as id.
std::map<std::string, std::vector<GridShape>> children(const DemoGeography& geo) {
  std::map<std::string, std::vector<GridShape>> out;
  for (std::size_t i = 0; i < geo.units.size(); ++i) {
    const DemoUnit& u = geo.units[i];
    if (!u.parent_code.empty()) {
      out[u.parent_code].push_back(GridShape{static_cast<std::int64_t>(i), u.name, u.boundary});
    }
  }
  return out;
}

class DemoGeographyTest : public ::testing::TestWithParam<int> {
 protected:
  const DemoGeography geo = make_demo_geography(GetParam());
};

TEST_P(DemoGeographyTest, HasTheExpectedCounts) {
  const int scale = GetParam();
  const std::map<std::string, int> counts = count_kinds(geo);
  EXPECT_EQ(counts.at("district"), 1);
  EXPECT_EQ(counts.at("street"), 3 * scale);
  EXPECT_EQ(counts.at("community"), 9 * scale);
  EXPECT_EQ(counts.at("grid"), 60 * scale);
  EXPECT_EQ(counts.size(), 4u);
  EXPECT_EQ(geo.units.size(), static_cast<std::size_t>(1 + 72 * scale));
}

TEST_P(DemoGeographyTest, CodesAreUniqueAndParentsComeFirst) {
  std::set<std::string> seen;
  const std::map<std::string, std::string> parent_kind{
      {"street", "district"}, {"community", "street"}, {"grid", "community"}};
  std::map<std::string, std::string> kind_of;
  for (const DemoUnit& u : geo.units) {
    EXPECT_TRUE(seen.insert(u.code).second) << "duplicate " << u.code;
    kind_of[u.code] = u.kind;
    if (u.kind == "district") {
      EXPECT_EQ(u.code, "110105");
      EXPECT_TRUE(u.parent_code.empty());
      continue;
    }
    ASSERT_TRUE(kind_of.contains(u.parent_code)) << u.code << " before its parent";
    EXPECT_EQ(kind_of[u.parent_code], parent_kind.at(u.kind)) << u.code;
    EXPECT_EQ(u.code.substr(0, u.parent_code.size() + 1), u.parent_code + "-") << u.code;
    const std::size_t digits = u.kind == "grid" ? 2 : 3;
    EXPECT_EQ(u.code.size(), u.parent_code.size() + 1 + digits) << u.code;
  }
}

TEST_P(DemoGeographyTest, NamesLookReal) {
  EXPECT_EQ(geo.units[0].name, "朝阳区");
  EXPECT_EQ(geo.units[0].name_en, "Chaoyang District");
  EXPECT_EQ(geo.units[1].code, "110105-001");
  EXPECT_EQ(geo.units[1].name, "望京街道");
  EXPECT_EQ(geo.units[1].name_en, "Wangjing Subdistrict");
  EXPECT_EQ(geo.units[2].code, "110105-001-001");
  EXPECT_EQ(geo.units[2].name, "望京西园社区");
  EXPECT_EQ(geo.units[2].name_en, "Wangjing Xiyuan Community");
  EXPECT_EQ(geo.units[3].code, "110105-001-001-01");
  EXPECT_EQ(geo.units[3].name, "望京西园第1网格");
  EXPECT_EQ(geo.units[3].name_en, "Wangjing Xiyuan Grid 1");
  std::set<std::string> names;
  for (const DemoUnit& u : geo.units) {
    EXPECT_TRUE(names.insert(u.name).second) << "duplicate name " << u.name;
    EXPECT_FALSE(u.name_en.empty());
  }
  EXPECT_TRUE(names.contains("花家地西里社区"));
  EXPECT_TRUE(names.contains("酒仙桥二街坊社区"));
  EXPECT_TRUE(names.contains("酒仙桥十街坊第8网格"));
}

TEST_P(DemoGeographyTest, EveryBoundaryIsValidAndSizedLikeTheRealThing) {
  const org::geo::MetresPerDegree k = org::geo::metres_per_degree(39.99);
  for (const DemoUnit& u : geo.units) {
    ASSERT_FALSE(u.boundary.empty()) << u.code;
    const Status s = org::geo::check_polygon(u.boundary);
    EXPECT_TRUE(s.ok()) << u.code << ": " << s.error().message;
    EXPECT_GT(org::geo::testing::signed_area(u.boundary.polygons[0].outer), 0.0) << u.code;
    if (u.kind != "community") continue;
    double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90;
    for (const org::geo::LonLat& p : u.boundary.polygons[0].outer) {
      min_lon = std::min(min_lon, p.lon), max_lon = std::max(max_lon, p.lon);
      min_lat = std::min(min_lat, p.lat), max_lat = std::max(max_lat, p.lat);
    }
    const double width = (max_lon - min_lon) * k.lon, height = (max_lat - min_lat) * k.lat;
    EXPECT_GE(std::max(width, height), 500.0) << u.code;
    EXPECT_LE(std::max(width, height), 1300.0) << u.code;
    EXPECT_GE(std::min(width, height), 400.0) << u.code;
  }
  // Around 望京 (116.48 E, 39.99 N).
  const Area& district = geo.units[0].boundary;
  const org::geo::GridIndex whole = org::geo::GridIndex::build({{1, "district", district}});
  EXPECT_EQ(whole.locate(116.48, 39.99), 1);
}

TEST_P(DemoGeographyTest, ChildrenTileTheirParentExactly) {
  const std::map<std::string, std::vector<GridShape>> kids = children(geo);
  for (const DemoUnit& u : geo.units) {
    if (u.kind == "grid") continue;
    const org::geo::ValidationReport r =
        org::geo::validate_community(u.boundary, kids.at(u.code), /*tolerance_m2=*/0.0);
    EXPECT_TRUE(r.invalid_grids.empty()) << u.code;
    EXPECT_TRUE(r.overlaps.empty()) << u.code << ": " << r.overlaps.size() << " overlaps";
    EXPECT_TRUE(r.outside.empty()) << u.code;
    EXPECT_EQ(r.uncovered_m2, 0.0) << u.code;
    EXPECT_TRUE(r.ok()) << u.code;
  }
}

TEST_P(DemoGeographyTest, EveryGridCentroidLocatesToItself) {
  std::vector<GridShape> grids;
  for (std::size_t i = 0; i < geo.units.size(); ++i) {
    if (geo.units[i].kind == "grid") {
      grids.push_back(
          GridShape{static_cast<std::int64_t>(i), geo.units[i].name, geo.units[i].boundary});
    }
  }
  const org::geo::GridIndex index = org::geo::GridIndex::build(grids);
  ASSERT_EQ(index.size(), grids.size());
  for (const GridShape& g : grids) {
    const org::geo::LonLat c = org::geo::testing::ring_centroid(g.shape.polygons[0].outer);
    EXPECT_EQ(index.locate(c.lon, c.lat), g.id) << g.name;
    EXPECT_EQ(index.nearest(c.lon, c.lat), g.id) << g.name;
  }
  // A lattice vertex shared by several grids goes to the lowest id among them.
  const org::geo::LonLat corner = grids[0].shape.polygons[0].outer[2];
  std::int64_t lowest = -1;
  for (const GridShape& g : grids) {
    for (const org::geo::LonLat& p : g.shape.polygons[0].outer) {
      if (p == corner && (lowest < 0 || g.id < lowest)) lowest = g.id;
    }
  }
  EXPECT_EQ(index.locate(corner.lon, corner.lat), lowest);
}

TEST_P(DemoGeographyTest, IsDeterministic) {
  const DemoGeography again = make_demo_geography(GetParam());
  ASSERT_EQ(again.units.size(), geo.units.size());
  for (std::size_t i = 0; i < geo.units.size(); ++i) {
    EXPECT_EQ(again.units[i].code, geo.units[i].code);
    EXPECT_EQ(again.units[i].boundary, geo.units[i].boundary) << geo.units[i].code;
  }
}

INSTANTIATE_TEST_SUITE_P(Scales, DemoGeographyTest, ::testing::Values(1, 2));

TEST(DemoGeography, LaterStreetsGetPlausibleNames) {
  const DemoGeography geo = make_demo_geography(9);  // 27 streets: 24 named, then numbered
  std::vector<std::string> streets;
  for (const DemoUnit& u : geo.units) {
    if (u.kind == "street") streets.push_back(u.name);
  }
  ASSERT_EQ(streets.size(), 27u);
  EXPECT_EQ(streets[1], "花家地街道");
  EXPECT_EQ(streets[2], "酒仙桥街道");
  EXPECT_EQ(streets[5], "南湖街道");
  EXPECT_EQ(streets[26], "朝阳第27街道");
  EXPECT_EQ(count_kinds(geo).at("grid"), 540);
  EXPECT_EQ(make_demo_geography(0).units.size(), make_demo_geography(1).units.size());
}

}  // namespace
}  // namespace onegrid::demo
