#include "org/geo/area.hpp"

#include <cmath>
#include <numbers>

#include <boost/geometry/algorithms/correct.hpp>

#include "org/geo/bg_adapt.hpp"

namespace onegrid::org::geo {

MetresPerDegree metres_per_degree(double lat) {
  // WGS 84: meridional radius of curvature M and prime-vertical radius N at `lat`.
  constexpr double a = 6378137.0;
  constexpr double f = 1.0 / 298.257223563;
  constexpr double e2 = f * (2.0 - f);
  constexpr double rad = std::numbers::pi / 180.0;
  const double s = std::sin(lat * rad);
  const double w = 1.0 - e2 * s * s;
  const double n = a / std::sqrt(w);
  const double m = a * (1.0 - e2) / (w * std::sqrt(w));
  return MetresPerDegree{n * std::cos(lat * rad) * rad, m * rad};
}

void normalize(Area& area) {
  boost::geometry::correct(area.polygons);
}

}  // namespace onegrid::org::geo
