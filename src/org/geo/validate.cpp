#include "org/geo/validate.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

#include <boost/geometry/algorithms/area.hpp>
#include <boost/geometry/algorithms/centroid.hpp>
#include <boost/geometry/algorithms/difference.hpp>
#include <boost/geometry/algorithms/envelope.hpp>
#include <boost/geometry/algorithms/intersection.hpp>
#include <boost/geometry/algorithms/intersects.hpp>
#include <boost/geometry/algorithms/is_valid.hpp>
#include <boost/geometry/algorithms/union.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/json/value.hpp>

#include "org/geo/bg_adapt.hpp"
#include "org/geo/geojson.hpp"

namespace onegrid::org::geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using detail::Box;
using detail::MultiPolygon;

namespace {

// Area of an already normalised geometry (anything Boost.Geometry's overlay returns is).
template <class Geometry>
double canonical_area_m2(const Geometry& g) {
  const double degrees2 = bg::area(g);
  if (!(degrees2 > 0.0)) return 0.0;  // empty, degenerate, or wrongly oriented
  LonLat centre;
  bg::centroid(g, centre);
  const MetresPerDegree k = metres_per_degree(centre.lat);
  return degrees2 * k.lon * k.lat;
}

Status check_canonical(const Area& area) {
  if (area.empty()) return invalid_input("geo.invalid_polygon", "Geometry is empty");
  std::string reason;
  if (bg::is_valid(area.polygons, reason)) return ok_status();
  bg::validity_failure_type failure = bg::no_failure;
  bg::is_valid(area.polygons, failure);
  if (failure == bg::failure_wrong_orientation) {
    // After correct() this means a ring's signed area is zero, which is_valid checks before
    // self-intersections: typically a figure-eight (bow-tie) whose two lobes cancel out.
    reason = bg::intersects(area.polygons)
                 ? "Geometry has invalid self-intersections (a ring crosses itself and its "
                   "signed area is zero)"
                 : "Geometry has a ring with zero area";
  }
  return invalid_input("geo.invalid_polygon", reason);
}

// Drops pieces no larger than the tolerance (slivers along shared edges) and returns the area of
// what is left.
double drop_slivers(MultiPolygon& pieces, double tolerance_m2) {
  double total = 0.0;
  std::erase_if(pieces, [&](const Polygon& p) {
    const double a = canonical_area_m2(p);
    if (a <= tolerance_m2) return true;
    total += a;
    return false;
  });
  return total;
}

struct ValidGrid {
  std::int64_t id = 0;
  MultiPolygon shape;
};

// Union of all grids, merged pairwise in a balanced tree so each union stays small.
MultiPolygon union_all(const std::vector<ValidGrid>& grids) {
  std::vector<MultiPolygon> parts;
  parts.reserve(grids.size());
  for (const ValidGrid& g : grids) parts.push_back(g.shape);
  while (parts.size() > 1) {
    std::vector<MultiPolygon> next;
    next.reserve((parts.size() + 1) / 2);
    for (std::size_t i = 0; i + 1 < parts.size(); i += 2) {
      MultiPolygon u;
      bg::union_(parts[i], parts[i + 1], u);
      next.push_back(std::move(u));
    }
    if (parts.size() % 2 == 1) next.push_back(std::move(parts.back()));
    parts = std::move(next);
  }
  return parts.empty() ? MultiPolygon{} : std::move(parts.front());
}

std::vector<GridOverlap> find_overlaps(const std::vector<ValidGrid>& grids, double tolerance_m2) {
  using Entry = std::pair<Box, std::size_t>;
  std::vector<Entry> entries;
  entries.reserve(grids.size());
  for (std::size_t i = 0; i < grids.size(); ++i) {
    entries.emplace_back(bg::return_envelope<Box>(grids[i].shape), i);
  }
  const bgi::rtree<Entry, bgi::rstar<16>> tree(entries);  // packed (bulk-loaded)

  std::vector<GridOverlap> overlaps;
  std::vector<Entry> candidates;
  for (const Entry& e : entries) {
    candidates.clear();
    tree.query(bgi::intersects(e.first), std::back_inserter(candidates));
    for (const Entry& c : candidates) {
      if (c.second <= e.second) continue;  // each unordered pair once
      const ValidGrid& a = grids[e.second];
      const ValidGrid& b = grids[c.second];
      MultiPolygon common;
      bg::intersection(a.shape, b.shape, common);
      const double area = drop_slivers(common, tolerance_m2);
      if (area <= tolerance_m2) continue;
      overlaps.push_back(
          GridOverlap{std::min(a.id, b.id), std::max(a.id, b.id), area, Area{std::move(common)}});
    }
  }
  std::sort(overlaps.begin(), overlaps.end(), [](const GridOverlap& x, const GridOverlap& y) {
    return std::pair(x.id_a, x.id_b) < std::pair(y.id_a, y.id_b);
  });
  return overlaps;
}

double round_cm2(double m2) {
  return std::round(m2 * 100.0) / 100.0;
}

}  // namespace

Status check_polygon(const Area& area) {
  Area copy = area;
  normalize(copy);
  return check_canonical(copy);
}

double area_m2(const Area& area) {
  Area copy = area;
  normalize(copy);
  return canonical_area_m2(copy.polygons);
}

ValidationReport validate_community(const Area& community, const std::vector<GridShape>& grids,
                                    double tolerance_m2) {
  ValidationReport report;
  report.tolerance_m2 = tolerance_m2;

  Area boundary = community;
  normalize(boundary);
  if (Status s = check_canonical(boundary); !s) report.community_error = s.error().message;

  std::vector<ValidGrid> valid;
  valid.reserve(grids.size());
  for (const GridShape& g : grids) {
    Area shape = g.shape;
    normalize(shape);
    if (Status s = check_canonical(shape); !s) {
      report.invalid_grids.push_back(InvalidGrid{g.id, s.error().message});
    } else {
      valid.push_back(ValidGrid{g.id, std::move(shape.polygons)});
    }
  }
  std::sort(report.invalid_grids.begin(), report.invalid_grids.end(),
            [](const InvalidGrid& x, const InvalidGrid& y) { return x.id < y.id; });

  report.overlaps = find_overlaps(valid, tolerance_m2);
  if (!report.community_error.empty()) return report;

  for (const ValidGrid& g : valid) {
    MultiPolygon outside;
    bg::difference(g.shape, boundary.polygons, outside);
    const double area = drop_slivers(outside, tolerance_m2);
    if (area > tolerance_m2) {
      report.outside.push_back(GridOutside{g.id, area, Area{std::move(outside)}});
    }
  }
  std::sort(report.outside.begin(), report.outside.end(),
            [](const GridOutside& x, const GridOutside& y) { return x.id < y.id; });

  MultiPolygon uncovered;
  bg::difference(boundary.polygons, union_all(valid), uncovered);
  const double area = drop_slivers(uncovered, tolerance_m2);
  if (area > tolerance_m2) {
    report.uncovered_m2 = area;
    report.uncovered.polygons = std::move(uncovered);
  }
  return report;
}

boost::json::value to_json(const ValidationReport& report) {
  namespace json = boost::json;
  json::array invalid;
  for (const InvalidGrid& g : report.invalid_grids) {
    invalid.push_back(json::object{{"id", g.id}, {"reason", g.reason}});
  }
  json::array outside;
  for (const GridOutside& g : report.outside) {
    outside.push_back(json::object{
        {"id", g.id}, {"area_m2", round_cm2(g.area_m2)}, {"geometry", to_geojson(g.outside)}});
  }
  json::array overlaps;
  for (const GridOverlap& o : report.overlaps) {
    overlaps.push_back(json::object{{"id_a", o.id_a},
                                    {"id_b", o.id_b},
                                    {"area_m2", round_cm2(o.area_m2)},
                                    {"geometry", to_geojson(o.overlap)}});
  }
  json::object uncovered{
      {"area_m2", round_cm2(report.uncovered_m2)},
      {"geometry", report.uncovered.empty() ? json::value(nullptr) : to_geojson(report.uncovered)}};
  json::object out;
  out["ok"] = report.ok();
  out["tolerance_m2"] = report.tolerance_m2;
  out["community_error"] =
      report.community_error.empty() ? json::value(nullptr) : json::value(report.community_error);
  out["invalid_grids"] = std::move(invalid);
  out["outside"] = std::move(outside);
  out["overlaps"] = std::move(overlaps);
  out["uncovered"] = std::move(uncovered);
  return out;
}

}  // namespace onegrid::org::geo
