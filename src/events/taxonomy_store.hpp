#pragma once
// Persistence of the event taxonomy: reads, audited writes with version checks and history, and
// the installer of the built-in default. The taxonomy is district-wide: reading it needs no
// scope, changing it needs taxonomy.manage.

#include <cstdint>
#include <optional>
#include <vector>

#include "audit/audit.hpp"
#include "base/result.hpp"
#include "events/taxonomy.hpp"
#include "store/store.hpp"

namespace onegrid::events {

Result<std::vector<EventClass>> list_classes(store::Tx& tx, bool include_inactive);
Result<std::vector<EventSubclass>> list_subclasses(store::Tx& tx, bool include_inactive);
// taxonomy.not_found when absent.
Result<EventClass> get_class(store::Tx& tx, std::int64_t id);
Result<EventSubclass> get_subclass(store::Tx& tx, std::int64_t id);

Result<EventClass> create_class(store::Tx& tx, const audit::Actor& actor, EventClass c);
// Replaces the editable fields; taxonomy.version_mismatch (412) when the version moved on.
Result<EventClass> update_class(store::Tx& tx, const audit::Actor& actor, std::int64_t id,
                                std::int64_t expected_version, const EventClass& c);
Result<EventSubclass> create_subclass(store::Tx& tx, const audit::Actor& actor, EventSubclass s);
Result<EventSubclass> update_subclass(store::Tx& tx, const audit::Actor& actor, std::int64_t id,
                                      std::int64_t expected_version, const EventSubclass& s);

struct TaxonomyHistoryEntry {
  std::int64_t version = 0;
  boost::json::value snapshot;
  std::int64_t changed_by = 0;
  std::int64_t changed_at = 0;
};
Result<std::vector<TaxonomyHistoryEntry>> taxonomy_history(store::Tx& tx, std::string_view kind,
                                                           std::int64_t id);

// Installs default_taxonomy() when the store has no classes yet; returns the subclasses added.
Result<int> install_default_taxonomy(store::Tx& tx, const audit::Actor& actor);

}  // namespace onegrid::events
