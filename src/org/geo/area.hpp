#pragma once
// Area: a WGS 84 lon/lat (multi)polygon, the boundary of an org unit (district, street, community,
// grid). Plain vectors, so includers do not pull Boost.Geometry; src/org/geo/*.cpp adapt it.

#include <cstdint>
#include <string>
#include <vector>

namespace onegrid::org::geo {

// One position: longitude then latitude in degrees, as in GeoJSON.
struct LonLat {
  double lon = 0.0;
  double lat = 0.0;
  friend bool operator==(const LonLat&, const LonLat&) = default;
};

// A closed ring (first position == last position).
using Ring = std::vector<LonLat>;

// Canonical orientation (RFC 7946): exterior ring counter-clockwise, holes clockwise.
struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
  friend bool operator==(const Polygon&, const Polygon&) = default;
};

// A multipolygon; no polygons means "no area". Coordinates are treated as planar lon/lat
// (fine for anything that does not cross the antimeridian or reach a pole).
struct Area {
  std::vector<Polygon> polygons;
  bool empty() const { return polygons.empty(); }
  friend bool operator==(const Area&, const Area&) = default;
};

// A grid (网格) as the geometry code sees it.
struct GridShape {
  std::int64_t id = 0;
  std::string name;
  Area shape;
};

// Local scale of the WGS 84 ellipsoid: metres per degree of longitude and of latitude at `lat`.
struct MetresPerDegree {
  double lon = 0.0;
  double lat = 0.0;
};
MetresPerDegree metres_per_degree(double lat);

// Reorients rings to the canonical orientation and closes open rings (Boost.Geometry `correct`).
void normalize(Area& area);

}  // namespace onegrid::org::geo
