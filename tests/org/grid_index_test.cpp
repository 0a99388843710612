// GridIndex: point-in-grid lookup (inside, outside, shared edges) and nearest grid.

#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "org/geo/grid_index.hpp"
#include "org/geo_fixtures.hpp"

namespace onegrid::org::geo {
namespace {

using testing::at_m;
using testing::rect;
using testing::rect_ring;

// 2 × 2 tiles of 100 m; ids deliberately not in insertion order.
//   y 100..200:  40 | 10
//   y   0..100:  30 | 20
GridIndex two_by_two() {
  return GridIndex::build({{30, "sw", rect(0, 0, 100, 100)},
                           {20, "se", rect(100, 0, 200, 100)},
                           {40, "nw", rect(0, 100, 100, 200)},
                           {10, "ne", rect(100, 100, 200, 200)}});
}

std::optional<std::int64_t> locate(const GridIndex& index, LonLat p) {
  return index.locate(p.lon, p.lat);
}
std::optional<std::int64_t> nearest(const GridIndex& index, LonLat p) {
  return index.nearest(p.lon, p.lat);
}

TEST(GridIndex, LocatesPointsInsideEachGrid) {
  const GridIndex index = two_by_two();
  EXPECT_EQ(index.size(), 4u);
  EXPECT_EQ(locate(index, at_m(50, 50)), 30);
  EXPECT_EQ(locate(index, at_m(150, 50)), 20);
  EXPECT_EQ(locate(index, at_m(50, 150)), 40);
  EXPECT_EQ(locate(index, at_m(150, 150)), 10);
}

TEST(GridIndex, PointsOutsideEveryGridAreNotLocated) {
  const GridIndex index = two_by_two();
  EXPECT_EQ(locate(index, at_m(-1, 50)), std::nullopt);
  EXPECT_EQ(locate(index, at_m(250, 250)), std::nullopt);
  EXPECT_EQ(index.locate(0.0, 0.0), std::nullopt);
}

TEST(GridIndex, BoundaryPointsCountAsInsideAndSharedEdgesGoToTheLowerId) {
  const GridIndex index = two_by_two();
  const LonLat sw = at_m(0, 0), se = at_m(100, 0), nw = at_m(0, 100), centre = at_m(100, 100);
  EXPECT_EQ(locate(index, sw), 30);  // outer corner
  // Midpoint of the vertical edge x = 100 between grids 30 and 20 (same longitude exactly).
  EXPECT_EQ(index.locate(se.lon, (se.lat + centre.lat) / 2), 20);
  // Midpoint of the horizontal edge y = 100 between grids 30 and 40.
  EXPECT_EQ(index.locate((nw.lon + centre.lon) / 2, nw.lat), 30);
  EXPECT_EQ(locate(index, centre), 10);  // the vertex all four share
  // Built in another order, the answer stays the same.
  const GridIndex reversed = GridIndex::build({{10, "ne", rect(100, 100, 200, 200)},
                                               {40, "nw", rect(0, 100, 100, 200)},
                                               {20, "se", rect(100, 0, 200, 100)},
                                               {30, "sw", rect(0, 0, 100, 100)}});
  EXPECT_EQ(reversed.locate(se.lon, (se.lat + centre.lat) / 2), 20);
  EXPECT_EQ(locate(reversed, centre), 10);
}

TEST(GridIndex, HolesAreNotInsideTheirGrid) {
  const GridIndex index = GridIndex::build(
      {{1, "ring",
        Area{{Polygon{rect_ring(0, 0, 300, 300), {rect_ring(100, 100, 200, 200, true)}}}}},
       {2, "island", rect(120, 120, 180, 180)}});
  EXPECT_EQ(locate(index, at_m(50, 50)), 1);
  EXPECT_EQ(locate(index, at_m(150, 150)), 2);
  EXPECT_EQ(locate(index, at_m(110, 150)), std::nullopt);
  EXPECT_EQ(nearest(index, at_m(105, 150)), 1);  // 5 m vs 15 m
  EXPECT_EQ(nearest(index, at_m(117, 150)), 2);  // 17 m vs 3 m
}

TEST(GridIndex, NearestFindsTheClosestGridOutside) {
  const GridIndex index = two_by_two();
  EXPECT_EQ(nearest(index, at_m(-50, 20)), 30);
  EXPECT_EQ(nearest(index, at_m(500, 180)), 10);
  EXPECT_EQ(nearest(index, at_m(150, -1000)), 20);
  EXPECT_EQ(nearest(index, at_m(60, 60)), 30);       // inside: same as locate
  EXPECT_EQ(nearest(index, at_m(-30, 100)), 30);     // equidistant from 30 and 40: lower id
  EXPECT_TRUE(index.nearest(0.0, 0.0).has_value());  // far away still finds something
}

TEST(GridIndex, NearestMeasuresInMetresNotDegrees) {
  // At 40° N a degree of longitude is ~85 km and of latitude ~111 km. Grid 1 is 500 m east,
  // grid 2 is 600 m north: grid 2 is nearer in degrees, grid 1 in metres.
  const GridIndex index = GridIndex::build(
      {{2, "north", rect(-50, 600, 50, 700)}, {1, "east", rect(500, -50, 600, 50)}});
  EXPECT_EQ(nearest(index, at_m(0, 0)), 1);
}

TEST(GridIndex, EmptyIndexFindsNothing) {
  const GridIndex empty;
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.locate(116.48, 40.0), std::nullopt);
  EXPECT_EQ(empty.nearest(116.48, 40.0), std::nullopt);
  const GridIndex only_empty_shapes = GridIndex::build({{1, "none", Area{}}});
  EXPECT_EQ(only_empty_shapes.size(), 0u);
  EXPECT_EQ(only_empty_shapes.nearest(116.48, 40.0), std::nullopt);
}

TEST(GridIndex, ClockwiseShapesAreNormalised) {
  const GridIndex index =
      GridIndex::build({{1, "cw", Area{{Polygon{rect_ring(0, 0, 100, 100, true), {}}}}}});
  EXPECT_EQ(locate(index, at_m(50, 50)), 1);
}

TEST(GridIndex, CopiesShareOneIndexAcrossThreads) {
  const GridIndex index = two_by_two();
  std::vector<std::thread> threads;
  std::vector<int> hits(2, 0);
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([copy = index, &hits, t] {
      for (int i = 0; i < 200; ++i) {
        if (copy.locate(at_m(10 + i * 0.9, 150).lon, at_m(0, 150).lat) == 40) ++hits[t];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(hits[0], hits[1]);
  EXPECT_GT(hits[0], 0);
}

}  // namespace
}  // namespace onegrid::org::geo
