#include "org/geo/geojson.hpp"

#include <cmath>
#include <optional>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace onegrid::org::geo {

namespace json = boost::json;

namespace {

std::string at(std::string_view path, std::size_t index) {
  return std::string(path) + "/" + std::to_string(index);
}

Error bad_coordinates(std::string message, std::string path) {
  return invalid_input("geo.bad_coordinates", std::move(message), std::move(path));
}

// JSON numbers may arrive as int64, uint64 or double.
std::optional<double> as_number(const json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return std::nullopt;
}

Result<LonLat> parse_position(const json::value& v, const std::string& path) {
  if (!v.is_array()) return bad_coordinates("a position must be an array [lon, lat]", path);
  const json::array& a = v.get_array();
  if (a.size() < 2) return bad_coordinates("a position needs at least two numbers", path);
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::optional<double> x = as_number(a[i]);
    if (!x) return bad_coordinates("position elements must be numbers", at(path, i));
    if (!std::isfinite(*x)) return bad_coordinates("position elements must be finite", at(path, i));
  }
  LonLat p{*as_number(a[0]), *as_number(a[1])};
  if (p.lon < -180.0 || p.lon > 180.0) {
    return bad_coordinates("longitude must lie in [-180, 180]", at(path, 0));
  }
  if (p.lat < -90.0 || p.lat > 90.0) {
    return bad_coordinates("latitude must lie in [-90, 90]", at(path, 1));
  }
  return p;
}

Result<Ring> parse_ring(const json::value& v, const std::string& path) {
  if (!v.is_array()) return bad_coordinates("a linear ring must be an array of positions", path);
  const json::array& a = v.get_array();
  Ring ring;
  ring.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    OG_ASSIGN(LonLat p, parse_position(a[i], at(path, i)));
    ring.push_back(p);
  }
  if (ring.size() < 4) {
    return invalid_input("geo.ring_too_short", "a linear ring needs at least four positions", path);
  }
  if (ring.front() != ring.back()) {
    return invalid_input("geo.ring_not_closed",
                         "a linear ring must end with the same position it starts with", path);
  }
  return ring;
}

Result<Polygon> parse_polygon(const json::value& v, const std::string& path) {
  if (!v.is_array()) return bad_coordinates("polygon coordinates must be an array of rings", path);
  const json::array& a = v.get_array();
  if (a.empty()) return bad_coordinates("a polygon needs its exterior ring", path);
  Polygon polygon;
  for (std::size_t i = 0; i < a.size(); ++i) {
    OG_ASSIGN(Ring ring, parse_ring(a[i], at(path, i)));
    if (i == 0) {
      polygon.outer = std::move(ring);
    } else {
      polygon.holes.push_back(std::move(ring));
    }
  }
  return polygon;
}

json::array ring_to_json(const Ring& ring) {
  json::array out;
  out.reserve(ring.size());
  for (const LonLat& p : ring) out.push_back(json::array{p.lon, p.lat});
  return out;
}

json::array polygon_to_json(const Polygon& polygon) {
  json::array out;
  out.reserve(1 + polygon.holes.size());
  out.push_back(ring_to_json(polygon.outer));
  for (const Ring& hole : polygon.holes) out.push_back(ring_to_json(hole));
  return out;
}

}  // namespace

Result<Area> parse_geometry(const json::value& geometry, std::string_view field) {
  const std::string base(field);
  if (!geometry.is_object()) {
    return invalid_input("geo.bad_type", "a geometry must be a JSON object", base);
  }
  const json::object& obj = geometry.get_object();
  const json::value* type = obj.if_contains("type");
  const json::string* type_name = type != nullptr ? type->if_string() : nullptr;
  const bool polygon = type_name != nullptr && *type_name == "Polygon";
  const bool multi = type_name != nullptr && *type_name == "MultiPolygon";
  if (!polygon && !multi) {
    return invalid_input("geo.bad_type", "geometry type must be \"Polygon\" or \"MultiPolygon\"",
                         base + "/type");
  }
  const std::string path = base + "/coordinates";
  const json::value* coordinates = obj.if_contains("coordinates");
  if (coordinates == nullptr) return bad_coordinates("geometry has no coordinates", path);

  Area area;
  if (polygon) {
    OG_ASSIGN(Polygon p, parse_polygon(*coordinates, path));
    area.polygons.push_back(std::move(p));
  } else {
    if (!coordinates->is_array()) {
      return bad_coordinates("multipolygon coordinates must be an array of polygons", path);
    }
    const json::array& a = coordinates->get_array();
    for (std::size_t i = 0; i < a.size(); ++i) {
      OG_ASSIGN(Polygon p, parse_polygon(a[i], at(path, i)));
      area.polygons.push_back(std::move(p));
    }
  }
  normalize(area);
  return area;
}

Result<Area> parse_geometry_text(std::string_view text, std::string_view field) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec)
    return invalid_input("geo.bad_json", "malformed JSON: " + ec.message(), std::string(field));
  return parse_geometry(v, field);
}

json::value to_geojson(const Area& area) {
  json::object out;
  if (area.polygons.size() == 1) {
    out["type"] = "Polygon";
    out["coordinates"] = polygon_to_json(area.polygons.front());
  } else {
    json::array polygons;
    polygons.reserve(area.polygons.size());
    for (const Polygon& p : area.polygons) polygons.push_back(polygon_to_json(p));
    out["type"] = "MultiPolygon";
    out["coordinates"] = std::move(polygons);
  }
  return out;
}

}  // namespace onegrid::org::geo
