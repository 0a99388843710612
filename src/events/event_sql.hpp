#pragma once
// SQL shared by the event store's files: the event row with its display names, and the
// visibility filter (scope, summoned departments, reporter, followers). Internal to src/events.

#include <string>
#include <vector>

#include "events/event.hpp"
#include "events/event_store.hpp"
#include "store/store.hpp"

namespace onegrid::events {

inline constexpr const char* kEventSelect =
    "SELECT e.id, e.class_id, e.subclass_id, e.state, e.channel, e.priority, e.title, "
    "e.description, e.address, e.lon, e.lat, e.grid_id, e.community_id, e.street_id, e.org_path, "
    "e.reporter_id, e.reporter_name, e.external_ref, e.merged_into, e.lead_dept_id, e.stage, "
    "e.stage_started_at, e.stage_due_at, e.overdue, e.was_whistled, e.resolved_in_grid, "
    "e.reopen_count, e.rating, e.rating_comment, e.complaints, e.reported_at, e.accepted_at, "
    "e.closed_at, e.version, e.updated_at, ec.name, es.name, g.name, cm.name, st.name, d.name, "
    "e.address_id, sa.code, sa.full_name "
    "FROM event e JOIN event_class ec ON ec.id = e.class_id "
    "JOIN event_subclass es ON es.id = e.subclass_id "
    "LEFT JOIN org_unit g ON g.id = e.grid_id JOIN org_unit cm ON cm.id = e.community_id "
    "JOIN org_unit st ON st.id = e.street_id LEFT JOIN org_unit d ON d.id = e.lead_dept_id "
    "LEFT JOIN address sa ON sa.id = e.address_id";

Event event_from(const store::Row& r);
// Appends " AND (<visible to viewer>)".
void append_visibility(std::string& sql, std::vector<store::Value>& params, const Viewer& viewer);

}  // namespace onegrid::events
