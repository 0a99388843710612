// Duplicate suggestion: a bounding-box and time-window prefilter in SQL, the exact great-circle
// distance and the rules in C++.

#include "events/duplicates.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "events/event_sql.hpp"

namespace onegrid::events {
namespace {

constexpr double kEarthRadiusM = 6'371'008.8;  // IUGG mean radius
constexpr double kDeg = std::numbers::pi / 180.0;

}  // namespace

double great_circle_m(double lon1, double lat1, double lon2, double lat2) {
  const double dlat = (lat2 - lat1) * kDeg;
  const double dlon = (lon2 - lon1) * kDeg;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kDeg) * std::cos(lat2 * kDeg) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(a)));
}

BoundingBox box_around(double lon, double lat, double radius_m) {
  // A little slack so that rounding never drops a point the exact test would keep.
  const double dlat = radius_m / kEarthRadiusM / kDeg * 1.001;
  const double coslat = std::cos(std::min(89.0, std::abs(lat) + dlat) * kDeg);
  const double dlon = std::min(180.0, dlat / coslat);
  return BoundingBox{lon - dlon, lon + dlon, lat - dlat, lat + dlat};
}

double hours_apart(std::int64_t a_ms, std::int64_t b_ms) {
  return static_cast<double>(a_ms > b_ms ? a_ms - b_ms : b_ms - a_ms) / 3'600'000.0;
}

bool is_duplicate_candidate(const Event& of, const Event& other, const DuplicateOptions& opt) {
  if (other.id == of.id || other.subclass_id != of.subclass_id || !is_open(other.state))
    return false;
  if (!of.lon || !of.lat || !other.lon || !other.lat) return false;
  if (hours_apart(of.reported_at, other.reported_at) > opt.window_hours) return false;
  return great_circle_m(*of.lon, *of.lat, *other.lon, *other.lat) <= opt.radius_m;
}

Result<std::vector<Duplicate>> find_duplicates(store::Tx& tx, const Viewer& viewer, const Event& of,
                                               const DuplicateOptions& opt) {
  std::vector<Duplicate> out;
  if (!of.lon || !of.lat) return out;
  const auto box = box_around(*of.lon, *of.lat, opt.radius_m);
  const auto window_ms = static_cast<std::int64_t>(opt.window_hours * 3'600'000.0);
  std::string sql = std::string(kEventSelect) +
                    " WHERE e.subclass_id = ? AND e.id <> ? AND e.reported_at >= ? AND "
                    "e.reported_at <= ? AND e.lon >= ? AND e.lon <= ? AND e.lat >= ? AND "
                    "e.lat <= ? AND e.state NOT IN ('closed', 'rejected', 'merged')";
  std::vector<store::Value> params{of.subclass_id,
                                   of.id,
                                   of.reported_at - window_ms,
                                   of.reported_at + window_ms,
                                   box.min_lon,
                                   box.max_lon,
                                   box.min_lat,
                                   box.max_lat};
  append_visibility(sql, params, viewer);
  sql += " LIMIT 2000";  // far more than a real cluster of duplicates
  OG_ASSIGN(auto rows, tx.query(sql, params));
  for (const auto& r : rows) {
    Event e = event_from(r);
    if (!is_duplicate_candidate(of, e, opt)) continue;
    const double d = great_circle_m(*of.lon, *of.lat, *e.lon, *e.lat);
    const double h = hours_apart(of.reported_at, e.reported_at);
    out.push_back(Duplicate{std::move(e), d, h});
  }
  std::sort(out.begin(), out.end(), [](const Duplicate& a, const Duplicate& b) {
    if (a.distance_m != b.distance_m) return a.distance_m < b.distance_m;
    if (a.hours_apart != b.hours_apart) return a.hours_apart < b.hours_apart;
    return a.event.id < b.event.id;
  });
  if (out.size() > static_cast<std::size_t>(opt.limit)) out.resize(opt.limit);
  return out;
}

}  // namespace onegrid::events
