#include "org/grid_locator.hpp"

#include <spdlog/spdlog.h>

#include "org/geo/geojson.hpp"
#include "org/geo/grid_index.hpp"
#include "org/org_store.hpp"

namespace onegrid::org {

GridLocator::GridLocator(store::Store& store) : store_(store) {}
GridLocator::~GridLocator() = default;

Result<std::shared_ptr<const geo::GridIndex>> GridLocator::current() {
  std::int64_t revision = 0;
  std::vector<geo::GridShape> shapes;
  bool rebuild = false;
  {
    OG_TRY(store_.read([&](store::Tx& tx) -> Status {
      OG_ASSIGN(revision, org_revision(tx));
      {
        std::lock_guard lock(mu_);
        if (revision == revision_ && index_) return ok_status();
      }
      rebuild = true;
      OG_ASSIGN(auto rows, tx.query("SELECT id, name, boundary FROM org_unit WHERE kind = 'grid'"
                                    " AND active = 1 AND boundary IS NOT NULL"));
      for (const auto& r : rows) {
        auto area = geo::parse_geometry_text(r.text(2));
        if (!area) {
          spdlog::warn("grid {} has an unreadable boundary: {}", r.i64(0), area.error().message);
          continue;
        }
        shapes.push_back(geo::GridShape{r.i64(0), r.text(1), std::move(*area)});
      }
      return ok_status();
    }));
  }
  std::lock_guard lock(mu_);
  if (rebuild && revision != revision_) {
    index_ = std::make_shared<const geo::GridIndex>(geo::GridIndex::build(std::move(shapes)));
    revision_ = revision;
  }
  return index_;
}

Result<Location> GridLocator::locate(double lon, double lat) {
  if (!(lon >= -180 && lon <= 180))
    return invalid_input("geo.bad_coordinates", "lon must be within [-180, 180]", "lon");
  if (!(lat >= -90 && lat <= 90))
    return invalid_input("geo.bad_coordinates", "lat must be within [-90, 90]", "lat");
  OG_ASSIGN(auto index, current());
  Location loc;
  if (auto id = index->locate(lon, lat)) {
    loc.grid_id = id;
    loc.inside = true;
  } else {
    loc.grid_id = index->nearest(lon, lat);
  }
  return loc;
}

}  // namespace onegrid::org
