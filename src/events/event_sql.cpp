#include "events/event_sql.hpp"

#include "org/scope_sql.hpp"

namespace onegrid::events {

Event event_from(const store::Row& r) {
  Event e;
  e.id = r.i64(0);
  e.class_id = r.i64(1);
  e.subclass_id = r.i64(2);
  e.state = parse_state(r.text(3)).value_or(State::reported);
  e.channel = parse_channel(r.text(4)).value_or(Channel::console);
  e.priority = static_cast<int>(r.i64(5));
  e.title = r.text(6);
  e.description = r.text(7);
  e.address = r.text(8);
  if (!r.is_null(9) && !r.is_null(10)) {
    e.lon = r.f64(9);
    e.lat = r.f64(10);
  }
  e.grid_id = r.opt_i64(11);
  e.community_id = r.i64(12);
  e.street_id = r.i64(13);
  e.org_path = r.text(14);
  e.reporter_id = r.opt_i64(15);
  e.reporter_name = r.text(16);
  e.external_ref = r.opt_text(17);
  e.merged_into = r.opt_i64(18);
  e.lead_dept_id = r.opt_i64(19);
  if (auto s = r.opt_text(20)) e.stage = parse_stage(*s);
  e.stage_started_at = r.opt_i64(21);
  e.stage_due_at = r.opt_i64(22);
  e.overdue = r.i64(23) == 1;
  e.was_whistled = r.i64(24) == 1;
  e.resolved_in_grid = r.i64(25) == 1;
  e.reopen_count = r.i64(26);
  if (!r.is_null(27)) e.rating = static_cast<int>(r.i64(27));
  e.rating_comment = r.text(28);
  e.complaints = r.i64(29);
  e.reported_at = r.i64(30);
  e.accepted_at = r.opt_i64(31);
  e.closed_at = r.opt_i64(32);
  e.version = r.i64(33);
  e.updated_at = r.i64(34);
  e.class_name = r.text(35);
  e.subclass_name = r.text(36);
  e.grid_name = r.text(37);
  e.community_name = r.text(38);
  e.street_name = r.text(39);
  e.lead_dept_name = r.text(40);
  e.address_id = r.opt_i64(41);
  e.address_code = r.text(42);
  e.standard_address = r.text(43);
  return e;
}

void append_visibility(std::string& sql, std::vector<store::Value>& params, const Viewer& viewer) {
  if (viewer.scope.all) return;
  sql += " AND (";
  org::append_scope_condition(sql, params, viewer.scope, "e.org_path");
  if (!viewer.scope.empty()) {
    sql += " OR EXISTS (SELECT 1 FROM event_dept vd WHERE vd.event_id = e.id AND ";
    org::append_scope_condition(sql, params, viewer.scope, "vd.dept_path");
    sql += ")";
  }
  sql +=
      " OR e.reporter_id = ? OR EXISTS (SELECT 1 FROM event_follower vf WHERE vf.event_id = "
      "e.id AND vf.user_id = ?))";
  params.emplace_back(viewer.user_id);
  params.emplace_back(viewer.user_id);
}

}  // namespace onegrid::events
