#pragma once
// Geometry checks for the org tree: is a polygon valid, how large is it, and do a community's
// grids tile it (no invalid grids, none sticking out, no overlaps, nothing left uncovered)?

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/fwd.hpp>

#include "base/result.hpp"
#include "org/geo/area.hpp"

namespace onegrid::org::geo {

// Overlaps, outside parts and uncovered parts up to this size are floating-point slivers from
// shared edges, not findings.
inline constexpr double kDefaultToleranceM2 = 1.0;

// Accepts either ring orientation (checks a normalised copy), then runs Boost.Geometry's is_valid:
// self-intersections, spikes, holes outside the shell, overlapping parts of a multipolygon ...
// Fails with invalid_input("geo.invalid_polygon", <Boost.Geometry's reason>); empty is invalid.
Status check_polygon(const Area& area);

// Area in square metres: lon/lat scaled to a local equirectangular frame on the WGS 84 ellipsoid
// at the area's centroid latitude (error well under 0.01 % for a district-sized area). Meaningful
// for valid areas; either orientation is accepted.
double area_m2(const Area& area);

struct InvalidGrid {
  std::int64_t id = 0;
  std::string reason;  // Boost.Geometry's is_valid message
};

struct GridOutside {
  std::int64_t id = 0;
  double area_m2 = 0.0;  // part of the grid outside the community
  Area outside;
};

struct GridOverlap {
  std::int64_t id_a = 0;  // id_a < id_b
  std::int64_t id_b = 0;
  double area_m2 = 0.0;
  Area overlap;
};

struct ValidationReport {
  double tolerance_m2 = kDefaultToleranceM2;
  std::string community_error;  // non-empty when the community boundary itself is invalid
  std::vector<InvalidGrid> invalid_grids;  // sorted by id; left out of the other checks
  std::vector<GridOutside> outside;        // sorted by id
  std::vector<GridOverlap> overlaps;       // sorted by (id_a, id_b)
  double uncovered_m2 = 0.0;               // part of the community no grid covers
  Area uncovered;                          // empty when uncovered_m2 is within tolerance

  bool ok() const {
    return community_error.empty() && invalid_grids.empty() && outside.empty() &&
           overlaps.empty() && uncovered.empty();
  }
};

// Checks that `grids` tile `community`. Pieces of an overlap / outside part / uncovered part no
// larger than `tolerance_m2` are dropped as slivers, and a finding whose remaining area is within
// the tolerance is no finding. Overlap candidates come from an R-tree over grid envelopes.
// Outside and uncovered parts are skipped when the community boundary is invalid. Inputs pass
// is_valid before any overlay, so Boost.Geometry's overlay exceptions are not expected here.
ValidationReport validate_community(const Area& community, const std::vector<GridShape>& grids,
                                    double tolerance_m2 = kDefaultToleranceM2);

// {"ok", "tolerance_m2", "community_error" (string|null), "invalid_grids": [{"id", "reason"}],
//  "outside": [{"id", "area_m2", "geometry"}], "overlaps": [{"id_a", "id_b", "area_m2",
//  "geometry"}], "uncovered": {"area_m2", "geometry" (GeoJSON|null)}}; areas rounded to 0.01 m².
boost::json::value to_json(const ValidationReport& report);

}  // namespace onegrid::org::geo
