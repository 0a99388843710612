#pragma once
// Free-text address → standard address, for anything that arrives with an address as people
// write it (events from the hotline, residents, Open311): the room it names, else the
// building, with the grid and a point to place it on the map.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::people {

struct StandardAddress {
  std::int64_t id = 0;    // a room, or a building when the text names no room
  std::string level;      // room | building
  std::string code;       // 110105-001-002-E03-B005-U2-F03-R301
  std::string full_name;  // 花家地西里5号楼2单元301
  std::optional<std::int64_t> grid_id;
  std::int64_t community_id = 0;
  std::optional<double> lon, lat;  // the building's centre
};

// nullopt when the text names no estate of the register (or no building of it).
Result<std::optional<StandardAddress>> match_address(store::Tx& tx, std::string_view text);

}  // namespace onegrid::people
