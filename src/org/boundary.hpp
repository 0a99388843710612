#pragma once
// Boundary intake for org units: checks a GeoJSON geometry and returns its normalised text and
// area, so the store keeps only valid polygons (orientation fixed, area derived).

#include <boost/json/value.hpp>
#include <string>

#include "base/result.hpp"

namespace onegrid::org {

struct Boundary {
  std::string geojson;  // normalised GeoJSON geometry text
  double area_m2 = 0;
};

// Errors carry codes geo.* with field "boundary".
Result<Boundary> normalize_boundary(const boost::json::value& geometry);

}  // namespace onegrid::org
