#pragma once
// Reading the standard-address tree: children of a community or address node, a building's
// grid of units × floors × rooms (use, occupants, care tags) and population statistics per
// community or grid. Scoped like the person queries.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "base/result.hpp"
#include "people/person_store.hpp"
#include "store/store.hpp"

namespace onegrid::people {

// Children of an address (parent_id) or a community's estates (community_id), with resident
// counts. Errors: "address.query" (neither or both given).
Result<boost::json::array> list_addresses(store::Tx& tx, const Viewer& v,
                                          std::optional<std::int64_t> parent_id,
                                          std::optional<std::int64_t> community_id);

// Units × floors × rooms of one building. Errors: "address.not_found" (404; also out of scope
// or not a building).
Result<boost::json::object> building_view(store::Tx& tx, const Viewer& v, std::int64_t id);

// Residents, migrants, overseas, 人户分离 (both kinds), elderly 60+/80+, living alone and each
// care tag, per community (by = "community") or grid (by = "grid"), plus a total row.
// Errors: "stats.by".
Result<boost::json::object> population_stats(store::Tx& tx, const Viewer& v, const std::string& by);

}  // namespace onegrid::people
