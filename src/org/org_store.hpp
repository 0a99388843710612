#pragma once
// Persistence of the org tree: scoped reads, audited writes with version checks and history.
// Every function takes the caller's Scope; units outside it do not exist for the caller.

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "base/result.hpp"
#include "org/org_unit.hpp"
#include "org/scope.hpp"
#include "store/store.hpp"

namespace onegrid::org {

struct ListFilter {
  std::optional<UnitKind> kind;
  std::optional<std::int64_t> parent_id;
  std::optional<std::int64_t> within_id;  // the subtree of this unit
  std::optional<std::string> q;           // substring of name or code
  bool include_inactive = false;
  bool with_boundary = false;
  int limit = 500;
  std::optional<std::int64_t> after_id;  // keyset cursor
};

Result<std::vector<OrgUnit>> list_units(store::Tx& tx, const Scope& scope, const ListFilter& f);
// org.not_found when absent or outside scope.
Result<OrgUnit> get_unit(store::Tx& tx, const Scope& scope, std::int64_t id);
Result<std::optional<OrgUnit>> find_by_code(store::Tx& tx, const Scope& scope,
                                            std::string_view code);

struct NewUnit {
  std::optional<std::int64_t> parent_id;
  UnitKind kind = UnitKind::grid;
  std::string code;
  std::string name;
  std::string name_en;
  std::optional<boost::json::value> boundary;  // GeoJSON geometry
  std::optional<std::int64_t> population;      // communities only
  // No worker here: a grid worker is granted on an existing grid, then assigned with UnitPatch.
};

// The parent must be in `scope` (a new root district needs an all-seeing scope).
Result<OrgUnit> create_unit(store::Tx& tx, const audit::Actor& actor, const Scope& scope,
                            const NewUnit& in, std::string_view audit_action = "org.create");

struct UnitPatch {
  std::optional<std::string> name;
  std::optional<std::string> name_en;
  bool set_boundary = false;
  std::optional<boost::json::value> boundary;  // with set_boundary: nullopt clears it
  bool set_worker = false;
  std::optional<std::int64_t> worker_id;  // with set_worker: nullopt unassigns
  bool set_population = false;
  std::optional<std::int64_t> population;  // with set_population: nullopt clears it
};

// Fails with org.version_mismatch (412) when expected_version is not current.
Result<OrgUnit> update_unit(store::Tx& tx, const audit::Actor& actor, const Scope& scope,
                            std::int64_t id, std::int64_t expected_version, const UnitPatch& p,
                            std::string_view audit_action = "org.update");
// Refuses org.has_children while active units remain below it.
Result<OrgUnit> deactivate_unit(store::Tx& tx, const audit::Actor& actor, const Scope& scope,
                                std::int64_t id, std::int64_t expected_version);

struct HistoryEntry {
  std::int64_t version = 0;
  std::string action;
  boost::json::value snapshot;
  std::int64_t changed_by = 0;
  std::int64_t changed_at = 0;
};
Result<std::vector<HistoryEntry>> unit_history(store::Tx& tx, const Scope& scope, std::int64_t id);

// Counter bumped by every org write; caches of geometry compare it.
Result<std::int64_t> org_revision(store::Tx& tx);

}  // namespace onegrid::org
