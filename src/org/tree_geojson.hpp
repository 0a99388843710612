#pragma once
// GeoJSON import and export of a whole org tree: one Feature per unit, with properties code,
// parent_code, kind, name, name_en; geometry null for departments. Import upserts by code,
// parents before children, in one transaction; a dry run reports the same without keeping it.

#include <boost/json/value.hpp>
#include <string_view>
#include <vector>

#include "audit/audit.hpp"
#include "base/result.hpp"
#include "org/org_unit.hpp"
#include "org/scope.hpp"
#include "store/store.hpp"

namespace onegrid::org {

boost::json::value feature_collection(const std::vector<OrgUnit>& units);

// Returns {"dry_run","created","updated","unchanged","items":[{code, action, id?}]}.
// Errors name the feature: field "features[3].properties.parent_code".
Result<boost::json::value> import_geojson(store::Store& store, const audit::Actor& actor,
                                          const Scope& scope, std::string_view text, bool dry_run);

}  // namespace onegrid::org
