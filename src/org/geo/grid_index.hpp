#pragma once
// GridIndex: which grid (网格) a point falls in, e.g. to route a reported event to its grid worker.
// An R-tree of grid envelopes, then an exact point-in-polygon test.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "org/geo/area.hpp"

namespace onegrid::org::geo {

// Immutable once built: every member is const and touches no mutable state, so one index can be
// shared by any number of threads without locking. Copies are cheap and share the same data.
class GridIndex {
 public:
  GridIndex();  // empty: locate and nearest find nothing

  // Indexes the grids (orientation is normalised; shapes are not otherwise validated — run
  // validate_community first). Grids with an empty shape are left out.
  static GridIndex build(std::vector<GridShape> grids);

  // The grid containing the point; points on a boundary count as inside, and where several grids
  // contain the point (a shared edge or vertex) the lowest id wins.
  std::optional<std::int64_t> locate(double lon, double lat) const;

  // The grid whose polygon is closest to the point (distance in a local metric frame at the
  // point), for events outside every grid; a containing grid is returned as by locate. Ties go to
  // the lowest id. Nothing only when the index is empty.
  std::optional<std::int64_t> nearest(double lon, double lat) const;

  std::size_t size() const;

 private:
  struct Impl;
  explicit GridIndex(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

}  // namespace onegrid::org::geo
