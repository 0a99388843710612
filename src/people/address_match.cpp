// Free-text address matching; see address_match.hpp.
#include "people/address_match.hpp"

#include "ingest/address_parse.hpp"

namespace onegrid::people {

Result<std::optional<StandardAddress>> match_address(store::Tx& tx, std::string_view text) {
  using Out = std::optional<StandardAddress>;
  ingest::ParsedAddress a = ingest::parse_address(text);
  if (a.estate.empty() || !a.building) return Out();
  // The estate's canonical name: itself, or through an alias (望京西园3区 → 望京西园三区).
  OG_ASSIGN(auto estate, tx.query_one("SELECT id, name FROM address WHERE level = 'estate' AND"
                                      " active = 1 AND name = ?",
                                      {a.estate}));
  if (!estate) {
    OG_ASSIGN(estate, tx.query_one("SELECT e.id, e.name FROM address_alias x JOIN address e ON"
                                   " e.id = x.address_id WHERE x.alias = ?",
                                   {a.estate}));
  }
  if (!estate) return Out();
  a.estate = estate->text(1);
  if (!a.room.empty()) {
    OG_ASSIGN(auto room,
              tx.query_one("SELECT r.id, r.code, r.full_name, r.grid_id, r.community_id, b.lon,"
                           " b.lat FROM address r JOIN address f ON f.id = r.parent_id"
                           " JOIN address u ON u.id = f.parent_id"
                           " JOIN address b ON b.id = u.parent_id"
                           " WHERE r.match_key = ? AND r.level = 'room' AND r.active = 1",
                           {ingest::address_key(a)}));
    if (room)
      return Out(StandardAddress{room->i64(0), "room", room->text(1), room->text(2),
                                 room->opt_i64(3), room->i64(4),
                                 room->is_null(5) ? std::nullopt : std::optional(room->f64(5)),
                                 room->is_null(6) ? std::nullopt : std::optional(room->f64(6))});
  }
  OG_ASSIGN(auto building,
            tx.query_one("SELECT id, code, full_name, grid_id, community_id, lon, lat FROM address"
                         " WHERE parent_id = ? AND level = 'building' AND number = ? AND"
                         " active = 1",
                         {estate->i64(0), *a.building}));
  if (!building) return Out();
  return Out(StandardAddress{
      building->i64(0), "building", building->text(1), building->text(2), building->opt_i64(3),
      building->i64(4), building->is_null(5) ? std::nullopt : std::optional(building->f64(5)),
      building->is_null(6) ? std::nullopt : std::optional(building->f64(6))});
}

}  // namespace onegrid::people
