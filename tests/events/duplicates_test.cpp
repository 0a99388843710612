// Duplicate suggestion's pure rules: great-circle distance, the SQL prefilter box and the
// candidate test (subclass, open state, distance, time window).
#include "events/duplicates.hpp"

#include <gtest/gtest.h>

namespace onegrid::events {
namespace {

constexpr std::int64_t kHour = 3'600'000;

Event at(std::int64_t id, double lon, double lat, std::int64_t reported_at,
         State s = State::reported, std::int64_t subclass = 7) {
  Event e;
  e.id = id;
  e.subclass_id = subclass;
  e.state = s;
  e.lon = lon;
  e.lat = lat;
  e.reported_at = reported_at;
  return e;
}

TEST(EventSearch, GreatCircleDistanceIsRight) {
  EXPECT_DOUBLE_EQ(great_circle_m(116.4, 39.9, 116.4, 39.9), 0.0);
  // one degree of latitude is about 111.2 km everywhere
  EXPECT_NEAR(great_circle_m(116.4, 39.0, 116.4, 40.0), 111'195, 10);
  // one degree of longitude at 40° N is about 85.3 km
  EXPECT_NEAR(great_circle_m(116.0, 40.0, 117.0, 40.0), 85'276, 100);
  // Beijing (Tiananmen) to Shanghai (People's Square): about 1,068 km
  EXPECT_NEAR(great_circle_m(116.3975, 39.9087, 121.4737, 31.2304), 1'067'000, 5'000);
  // symmetric
  EXPECT_DOUBLE_EQ(great_circle_m(116.46, 39.98, 116.47, 39.99),
                   great_circle_m(116.47, 39.99, 116.46, 39.98));
}

TEST(EventSearch, BoxContainsEveryPointWithinTheRadius) {
  for (double lat : {3.0, 22.5, 39.9, 53.5}) {
    const double lon = 116.4;
    const auto box = box_around(lon, lat, 200);
    for (int deg = 0; deg < 360; deg += 15) {
      // walk 199.9 m in direction `deg` (flat approximation is fine at this scale)
      const double rad = deg * 3.141592653589793 / 180;
      const double dlat = 199.9 * std::cos(rad) / 111'195.0;
      const double dlon =
          199.9 * std::sin(rad) / (111'195.0 * std::cos(lat * 3.141592653589793 / 180));
      const double plon = lon + dlon, plat = lat + dlat;
      ASSERT_LE(great_circle_m(lon, lat, plon, plat), 200.0);
      EXPECT_GE(plon, box.min_lon) << lat << " " << deg;
      EXPECT_LE(plon, box.max_lon) << lat << " " << deg;
      EXPECT_GE(plat, box.min_lat) << lat << " " << deg;
      EXPECT_LE(plat, box.max_lat) << lat << " " << deg;
    }
    // and is not absurdly large: well under 1 km across
    EXPECT_LT(great_circle_m(box.min_lon, lat, box.max_lon, lat), 450);
    EXPECT_LT(great_circle_m(lon, box.min_lat, lon, box.max_lat), 450);
  }
}

TEST(EventSearch, HoursApartIsSymmetric) {
  EXPECT_DOUBLE_EQ(hours_apart(0, 36 * kHour), 36.0);
  EXPECT_DOUBLE_EQ(hours_apart(36 * kHour, 0), 36.0);
  EXPECT_DOUBLE_EQ(hours_apart(5, 5), 0.0);
}

TEST(EventSearch, CandidateRules) {
  const DuplicateOptions opt{200, 72, 50};
  const std::int64_t t = 1'780'000'000'000;
  const Event of = at(1, 116.4700, 39.9800, t);
  // ~111 m north, a day later: a candidate
  EXPECT_TRUE(is_duplicate_candidate(of, at(2, 116.4700, 39.9810, t + 24 * kHour), opt));
  // before the event counts too
  EXPECT_TRUE(is_duplicate_candidate(of, at(2, 116.4700, 39.9810, t - 71 * kHour), opt));
  // exactly at the window's edge is in, just past it is out
  EXPECT_TRUE(is_duplicate_candidate(of, at(2, 116.4700, 39.9800, t + 72 * kHour), opt));
  EXPECT_FALSE(is_duplicate_candidate(of, at(2, 116.4700, 39.9800, t + 72 * kHour + 1), opt));
  // ~222 m north: too far for 200 m, near enough for 250 m
  const auto far = at(2, 116.4700, 39.9820, t);
  EXPECT_FALSE(is_duplicate_candidate(of, far, opt));
  EXPECT_TRUE(is_duplicate_candidate(of, far, DuplicateOptions{250, 72, 50}));
  // the box corner: inside the lon/lat box but outside the circle
  const auto box = box_around(of.lon.value(), of.lat.value(), 200);
  EXPECT_FALSE(is_duplicate_candidate(of, at(2, box.max_lon, box.max_lat, t), opt));
  // not itself, not another subclass, not closed / rejected / merged, not unlocated
  EXPECT_FALSE(is_duplicate_candidate(of, of, opt));
  EXPECT_FALSE(is_duplicate_candidate(of, at(2, 116.47, 39.98, t, State::reported, 8), opt));
  for (State s : {State::closed, State::rejected, State::merged})
    EXPECT_FALSE(is_duplicate_candidate(of, at(2, 116.47, 39.98, t, s), opt));
  for (State s : {State::accepted, State::in_grid, State::whistled, State::submitted})
    EXPECT_TRUE(is_duplicate_candidate(of, at(2, 116.47, 39.98, t, s), opt));
  Event nowhere = at(2, 0, 0, t);
  nowhere.lon.reset();
  nowhere.lat.reset();
  EXPECT_FALSE(is_duplicate_candidate(of, nowhere, opt));
  EXPECT_FALSE(is_duplicate_candidate(nowhere, of, opt));
}

}  // namespace
}  // namespace onegrid::events
