#pragma once
// Point → grid lookup for every module (event intake, sensors): an in-memory R-tree of the
// active grids' polygons, rebuilt from the store whenever the org revision counter moves, so
// several server processes on one store stay consistent. Thread-safe.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::org {

namespace geo {
class GridIndex;
}

struct Location {
  std::optional<std::int64_t> grid_id;  // the grid containing the point, or the nearest one
  bool inside = false;                  // false: no grid contains the point
};

class GridLocator {
 public:
  explicit GridLocator(store::Store& store);
  ~GridLocator();
  Result<Location> locate(double lon, double lat);

 private:
  Result<std::shared_ptr<const geo::GridIndex>> current();

  store::Store& store_;
  std::mutex mu_;
  std::int64_t revision_ = -1;
  std::shared_ptr<const geo::GridIndex> index_;
};

}  // namespace onegrid::org
