#include "org/geo/grid_index.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <utility>

#include <boost/geometry/algorithms/covered_by.hpp>
#include <boost/geometry/algorithms/distance.hpp>
#include <boost/geometry/algorithms/envelope.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "org/geo/bg_adapt.hpp"

namespace onegrid::org::geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using detail::Box;

namespace {

using Entry = std::pair<Box, std::size_t>;  // envelope, index into Impl::grids

// Moves a shape into a planar frame in metres centred on `origin`.
Area to_local_metres(const Area& area, LonLat origin, MetresPerDegree k) {
  Area out = area;
  for (Polygon& p : out.polygons) {
    auto project = [&](Ring& ring) {
      for (LonLat& q : ring) q = LonLat{(q.lon - origin.lon) * k.lon, (q.lat - origin.lat) * k.lat};
    };
    project(p.outer);
    for (Ring& hole : p.holes) project(hole);
  }
  return out;
}

}  // namespace

struct GridIndex::Impl {
  struct Grid {
    std::int64_t id = 0;
    Area shape;
  };
  std::vector<Grid> grids;
  bgi::rtree<Entry, bgi::rstar<16>> tree;
};

GridIndex::GridIndex() = default;
GridIndex::GridIndex(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

GridIndex GridIndex::build(std::vector<GridShape> grids) {
  auto impl = std::make_shared<Impl>();
  std::vector<Entry> entries;
  for (GridShape& g : grids) {
    if (g.shape.empty()) continue;
    normalize(g.shape);
    entries.emplace_back(bg::return_envelope<Box>(g.shape.polygons), impl->grids.size());
    impl->grids.push_back(Impl::Grid{g.id, std::move(g.shape)});
  }
  impl->tree = bgi::rtree<Entry, bgi::rstar<16>>(entries);  // packed (bulk-loaded)
  return GridIndex(std::move(impl));
}

std::size_t GridIndex::size() const {
  return impl_ ? impl_->grids.size() : 0;
}

std::optional<std::int64_t> GridIndex::locate(double lon, double lat) const {
  if (!impl_) return std::nullopt;
  const LonLat p{lon, lat};
  std::optional<std::int64_t> found;
  for (auto it = impl_->tree.qbegin(bgi::intersects(p)); it != impl_->tree.qend(); ++it) {
    const Impl::Grid& g = impl_->grids[it->second];
    if ((!found || g.id < *found) && bg::covered_by(p, g.shape.polygons)) found = g.id;
  }
  return found;
}

std::optional<std::int64_t> GridIndex::nearest(double lon, double lat) const {
  if (!impl_ || impl_->grids.empty()) return std::nullopt;
  if (std::optional<std::int64_t> inside = locate(lon, lat)) return inside;

  // Walk envelopes in increasing distance (in degrees). In the local frame at the point, metres =
  // (k.lon·Δlon, k.lat·Δlat), so an envelope d degrees away is at least min(k)·d metres away:
  // once that bound exceeds the best exact distance, no later grid can win.
  const LonLat p{lon, lat};
  const MetresPerDegree k = metres_per_degree(lat);
  const double k_min = std::min(k.lon, k.lat);
  const LonLat origin{0.0, 0.0};
  double best = std::numeric_limits<double>::infinity();
  std::optional<std::int64_t> best_id;
  const auto& tree = impl_->tree;
  for (auto it = tree.qbegin(bgi::nearest(p, static_cast<unsigned>(tree.size())));
       it != tree.qend(); ++it) {
    if (k_min * bg::distance(p, it->first) > best) break;
    const Impl::Grid& g = impl_->grids[it->second];
    const double d = bg::distance(origin, to_local_metres(g.shape, p, k).polygons);
    if (d < best || (d == best && g.id < *best_id)) {
      best = d;
      best_id = g.id;
    }
  }
  return best_id;
}

}  // namespace onegrid::org::geo
