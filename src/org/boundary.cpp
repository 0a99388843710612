#include "org/boundary.hpp"

#include <boost/json/serialize.hpp>

#include "org/geo/geojson.hpp"
#include "org/geo/validate.hpp"

namespace onegrid::org {

Result<Boundary> normalize_boundary(const boost::json::value& geometry) {
  auto area = geo::parse_geometry(geometry);
  if (!area) {
    Error e = area.error();
    e.field = "boundary";
    return e;
  }
  auto valid = geo::check_polygon(*area);
  if (!valid) {
    Error e = valid.error();
    e.field = "boundary";
    return e;
  }
  return Boundary{boost::json::serialize(geo::to_geojson(*area)), geo::area_m2(*area)};
}

}  // namespace onegrid::org
