#pragma once
// Test helpers for the geometry tests: shapes laid out in metres around 116.48 E, 40 N, and a
// shoelace centroid / signed area that do not depend on the code under test's Boost adaptation.

#include <vector>

#include "org/geo/area.hpp"

namespace onegrid::org::geo::testing {

inline constexpr double kLon0 = 116.48;
inline constexpr double kLat0 = 40.0;

// The point x metres east and y metres north of (kLon0, kLat0).
inline LonLat at_m(double x, double y) {
  const MetresPerDegree k = metres_per_degree(kLat0);
  return LonLat{kLon0 + x / k.lon, kLat0 + y / k.lat};
}

// Closed rectangle ring, counter-clockwise unless `clockwise`.
inline Ring rect_ring(double x0, double y0, double x1, double y1, bool clockwise = false) {
  Ring r{at_m(x0, y0), at_m(x1, y0), at_m(x1, y1), at_m(x0, y1), at_m(x0, y0)};
  if (clockwise) r = Ring(r.rbegin(), r.rend());
  return r;
}

inline Area rect(double x0, double y0, double x1, double y1) {
  return Area{{Polygon{rect_ring(x0, y0, x1, y1), {}}}};
}

// Signed area in square degrees (positive when counter-clockwise).
inline double signed_area(const Ring& r) {
  double twice = 0.0;
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    const double x0 = r[i].lon - r[0].lon, y0 = r[i].lat - r[0].lat;
    const double x1 = r[i + 1].lon - r[0].lon, y1 = r[i + 1].lat - r[0].lat;
    twice += x0 * y1 - x1 * y0;
  }
  return twice / 2.0;
}

// Centroid of a polygon's exterior ring (coordinates taken relative to its first vertex).
inline LonLat ring_centroid(const Ring& r) {
  double a = 0.0, cx = 0.0, cy = 0.0;
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    const double x0 = r[i].lon - r[0].lon, y0 = r[i].lat - r[0].lat;
    const double x1 = r[i + 1].lon - r[0].lon, y1 = r[i + 1].lat - r[0].lat;
    const double cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return LonLat{r[0].lon + cx / (3.0 * a), r[0].lat + cy / (3.0 * a)};
}

}  // namespace onegrid::org::geo::testing
