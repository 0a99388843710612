#pragma once
// Private to src/org/geo/*.cpp: teaches Boost.Geometry that Area is a multipolygon of planar
// lon/lat points (counter-clockwise exteriors, closed rings). Heavy; never include from headers.

#include <boost/geometry/core/closure.hpp>
#include <boost/geometry/core/exterior_ring.hpp>
#include <boost/geometry/core/interior_rings.hpp>
#include <boost/geometry/core/point_order.hpp>
#include <boost/geometry/core/tags.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/register/point.hpp>

#include "org/geo/area.hpp"

BOOST_GEOMETRY_REGISTER_POINT_2D(onegrid::org::geo::LonLat, double, boost::geometry::cs::cartesian,
                                 lon, lat)

namespace boost::geometry::traits {

using onegrid::org::geo::Polygon;
using onegrid::org::geo::Ring;

template <>
struct tag<Ring> {
  using type = ring_tag;
};
template <>
struct point_order<Ring> {
  static const order_selector value = counterclockwise;
};
template <>
struct closure<Ring> {
  static const closure_selector value = closed;
};

template <>
struct tag<Polygon> {
  using type = polygon_tag;
};
template <>
struct ring_const_type<Polygon> {
  using type = const Ring&;
};
template <>
struct ring_mutable_type<Polygon> {
  using type = Ring&;
};
template <>
struct interior_const_type<Polygon> {
  using type = const std::vector<Ring>&;
};
template <>
struct interior_mutable_type<Polygon> {
  using type = std::vector<Ring>&;
};
template <>
struct exterior_ring<Polygon> {
  static Ring& get(Polygon& p) { return p.outer; }
  static const Ring& get(const Polygon& p) { return p.outer; }
};
template <>
struct interior_rings<Polygon> {
  static std::vector<Ring>& get(Polygon& p) { return p.holes; }
  static const std::vector<Ring>& get(const Polygon& p) { return p.holes; }
};

// Area::polygons is the multipolygon.
template <>
struct tag<std::vector<Polygon>> {
  using type = multi_polygon_tag;
};

}  // namespace boost::geometry::traits

namespace onegrid::org::geo::detail {

using Box = boost::geometry::model::box<LonLat>;
using MultiPolygon = std::vector<Polygon>;

}  // namespace onegrid::org::geo::detail
