#pragma once
// GeoJSON (RFC 7946) Polygon / MultiPolygon <-> Area, strictly validated: codes geo.bad_json,
// geo.bad_type, geo.bad_coordinates, geo.ring_not_closed, geo.ring_too_short (field: JSON Pointer).

#include <string_view>

#include <boost/json/fwd.hpp>

#include "base/result.hpp"
#include "org/geo/area.hpp"

namespace onegrid::org::geo {

// Parses a geometry object. `field` is the JSON Pointer of the geometry inside the request
// (e.g. "/boundary"); error fields are reported below it ("/boundary/coordinates/0/3").
// The result is normalised: exterior rings counter-clockwise, holes clockwise. An empty
// MultiPolygon ("coordinates": []) yields an empty Area; an empty Polygon is rejected.
Result<Area> parse_geometry(const boost::json::value& geometry, std::string_view field = {});

// Same, from JSON text; malformed JSON is geo.bad_json.
Result<Area> parse_geometry_text(std::string_view text, std::string_view field = {});

// Writes a Polygon when the area has exactly one polygon, otherwise a MultiPolygon (an empty Area
// is a MultiPolygon with no coordinates). Rings are written as stored, so normalise first for
// RFC 7946 orientation (everything this module returns is already normalised).
boost::json::value to_geojson(const Area& area);

}  // namespace onegrid::org::geo
