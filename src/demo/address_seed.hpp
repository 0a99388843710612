#pragma once
// Demo standard addresses (标准地址) for the 一标三实 register: per demo community a few estates
// (小区, district-unique Beijing-style names with aliases such as 望京西园3区 / …小区), each with
// buildings (楼栋: a small rectangular GeoJSON footprint inside one of the community's grids, its
// centre, floor count), units (单元), floors (层) and rooms (户室). Codes follow migration 0007:
// 110105-001-002-E03-B005-U2-F03-R301. Written straight into `address` / `address_alias` in one
// transaction of multi-row inserts, so the benchmark's ~400,000 rooms take seconds.

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::demo {

struct AddressSeedOptions {
  int rooms_per_grid = 60;     // the demo target: ~4,600 rooms over the 60 grids of scale 1
  std::int64_t min_rooms = 0;  // at least this many rooms in the district (raises the target)
  std::uint64_t seed = 1;      // same seed and options on the same store: the same addresses
  std::int64_t now = 0;        // created_at / updated_at; 0 = the current time
};

struct AddressSeedReport {
  int communities = 0;       // communities that got new addresses
  std::int64_t estates = 0;  // rows added, per level
  std::int64_t buildings = 0;
  std::int64_t units = 0;
  std::int64_t floors = 0;
  std::int64_t rooms = 0;
  std::int64_t aliases = 0;
  std::int64_t rooms_total = 0;  // rooms in the store afterwards
  double seconds = 0;
};

// Gives every grid of every community (kind 'community' with grids that have a boundary) at least
// the target number of rooms: max(rooms_per_grid, ceil(min_rooms / grids)). Grids already at
// their target are left alone, so seeding twice adds nothing; asking for more adds new estates
// (existing rows never change). Fails with demo.address_capacity when the grids cannot hold the
// requested rooms (seed a larger demo scale).
Result<AddressSeedReport> seed_addresses(store::Store& store, const AddressSeedOptions& options);

// One room, as the extract generator needs it.
struct RoomRef {
  std::int64_t id = 0;
  std::string full_name;  // 花家地西里5号楼2单元301
  std::string estate;     // 花家地西里
  int building = 0, unit = 0, floor = 0;
  std::string room;  // 301
  std::int64_t community_id = 0, grid_id = 0;
  std::string community_code;  // 110105-001-002
  std::string community_name;  // 花家地西里社区
  std::string street_name;     // 花家地街道
};

// Every active room, ordered by id.
Result<std::vector<RoomRef>> list_rooms(store::Store& store);

}  // namespace onegrid::demo
