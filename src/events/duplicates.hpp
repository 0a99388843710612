#pragma once
// 重复事件: possible duplicates of an event — open events of the same subclass reported near it
// (great-circle distance) within a time window either side, visible to the caller, nearest
// first. The community then merges one into the other with the `merge` action.

#include <cstdint>
#include <vector>

#include "base/result.hpp"
#include "events/event.hpp"
#include "events/event_store.hpp"
#include "store/store.hpp"

namespace onegrid::events {

struct DuplicateOptions {
  double radius_m = 200;
  double window_hours = 72;
  int limit = 50;
};

// Great-circle distance in metres between two WGS 84 points (haversine, mean Earth radius).
double great_circle_m(double lon1, double lat1, double lon2, double lat2);

// A lon/lat box that contains every point within radius_m of (lon, lat): the SQL prefilter.
struct BoundingBox {
  double min_lon, max_lon, min_lat, max_lat;
};
BoundingBox box_around(double lon, double lat, double radius_m);

// Hours between two instants (ms), always ≥ 0.
double hours_apart(std::int64_t a_ms, std::int64_t b_ms);

// Whether `other` may duplicate `of`: a different open event of the same subclass, both
// located, within the radius and the window. Pure; the SQL query only narrows the candidates.
bool is_duplicate_candidate(const Event& of, const Event& other, const DuplicateOptions& opt);

struct Duplicate {
  Event event;
  double distance_m = 0;
  double hours_apart = 0;
};

// Candidates for `of` among the events the viewer may see, nearest first (then closest in
// time). An event without a location has none.
Result<std::vector<Duplicate>> find_duplicates(store::Tx& tx, const Viewer& viewer, const Event& of,
                                               const DuplicateOptions& opt);

}  // namespace onegrid::events
