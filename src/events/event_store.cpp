// Scoped reads of events: one event, its summoned departments, its timeline, filtered lists.

#include "events/event_store.hpp"

#include <boost/json/parse.hpp>

#include "events/event_sql.hpp"
#include "org/scope_sql.hpp"
#include "store/sql_util.hpp"

namespace onegrid::events {

Result<Event> load_event(store::Tx& tx, std::int64_t id) {
  OG_ASSIGN(auto row, tx.query_one(std::string(kEventSelect) + " WHERE e.id = ?", {id}));
  if (!row) return not_found("event.not_found", "no event " + std::to_string(id));
  return event_from(*row);
}

Result<Event> get_event(store::Tx& tx, const Viewer& viewer, std::int64_t id) {
  std::string sql = std::string(kEventSelect) + " WHERE e.id = ?";
  std::vector<store::Value> params{id};
  append_visibility(sql, params, viewer);
  OG_ASSIGN(auto row, tx.query_one(sql, params));
  if (!row) return not_found("event.not_found", "no event " + std::to_string(id));
  return event_from(*row);
}

Result<std::vector<Summons>> summons_of(store::Tx& tx, std::int64_t event_id) {
  OG_ASSIGN(auto rows, tx.query("SELECT d.dept_id, d.dept_path, o.name, d.role, d.summoned_at, "
                                "d.report_in_due, d.reported_in_at, d.handle_due, d.submitted_at "
                                "FROM event_dept d JOIN org_unit o ON o.id = d.dept_id WHERE "
                                "d.event_id = ? ORDER BY d.id",
                                {event_id}));
  std::vector<Summons> out;
  for (const auto& r : rows)
    out.push_back(Summons{r.i64(0), r.text(1), r.text(2), r.text(3) == "lead", r.i64(4), r.i64(5),
                          r.opt_i64(6), r.i64(7), r.opt_i64(8)});
  return out;
}

Result<std::vector<Transition>> timeline(store::Tx& tx, std::int64_t event_id) {
  OG_ASSIGN(auto rows, tx.query("SELECT id, action, from_state, to_state, actor_id, actor_name, "
                                "actor_role, dept_id, note, data, at FROM event_transition "
                                "WHERE event_id = ? ORDER BY id",
                                {event_id}));
  OG_ASSIGN(auto atts, tx.query("SELECT transition_id, id FROM event_attachment WHERE event_id = "
                                "? AND transition_id IS NOT NULL ORDER BY id",
                                {event_id}));
  std::vector<Transition> out;
  for (const auto& r : rows) {
    Transition t;
    t.id = r.i64(0);
    t.action = r.text(1);
    if (auto f = r.opt_text(2)) t.from = parse_state(*f);
    t.to = parse_state(r.text(3)).value_or(State::reported);
    t.actor_id = r.opt_i64(4);
    t.actor_name = r.text(5);
    t.actor_role = r.text(6);
    t.dept_id = r.opt_i64(7);
    t.note = r.text(8);
    boost::system::error_code ec;
    t.data = boost::json::parse(r.text(9), ec);
    if (ec) t.data = boost::json::object{};
    t.at = r.i64(10);
    for (const auto& a : atts)
      if (a.i64(0) == t.id) t.attachment_ids.push_back(a.i64(1));
    out.push_back(std::move(t));
  }
  return out;
}

Result<bool> follows(store::Tx& tx, std::int64_t event_id, std::int64_t user_id) {
  OG_ASSIGN(auto row, tx.query_one("SELECT 1 FROM event_follower WHERE event_id = ? AND "
                                   "user_id = ?",
                                   {event_id, user_id}));
  return row.has_value();
}

Result<std::vector<Event>> list_events(store::Tx& tx, const Viewer& viewer, const ListFilter& f) {
  std::string sql = std::string(kEventSelect) + " WHERE 1 = 1";
  std::vector<store::Value> params;
  if (f.mine) {
    sql +=
        " AND (e.reporter_id = ? OR EXISTS (SELECT 1 FROM event_follower fl WHERE "
        "fl.event_id = e.id AND fl.user_id = ?))";
    params.emplace_back(viewer.user_id);
    params.emplace_back(viewer.user_id);
  } else {
    append_visibility(sql, params, viewer);
  }
  if (!f.states.empty()) {
    sql += " AND e.state IN (";
    for (std::size_t i = 0; i < f.states.size(); ++i) {
      sql += i ? ", ?" : "?";
      params.emplace_back(state_code(f.states[i]));
    }
    sql += ")";
  }
  auto eq = [&](const char* col, const std::optional<std::int64_t>& v) {
    if (!v) return;
    sql += std::string(" AND ") + col + " = ?";
    params.emplace_back(*v);
  };
  eq("e.class_id", f.class_id);
  eq("e.subclass_id", f.subclass_id);
  eq("e.grid_id", f.grid_id);
  eq("e.community_id", f.community_id);
  eq("e.street_id", f.street_id);
  if (f.dept_id) {
    sql += " AND EXISTS (SELECT 1 FROM event_dept dd WHERE dd.event_id = e.id AND dd.dept_id = ?)";
    params.emplace_back(*f.dept_id);
  }
  if (f.channel) {
    sql += " AND e.channel = ?";
    params.emplace_back(channel_code(*f.channel));
  }
  if (f.overdue) {
    sql += " AND e.overdue = ?";
    params.emplace_back(*f.overdue ? 1 : 0);
  }
  if (f.no_grid) sql += " AND e.grid_id IS NULL";
  if (f.from) {
    sql += " AND e.reported_at >= ?";
    params.emplace_back(*f.from);
  }
  if (f.to) {
    sql += " AND e.reported_at < ?";
    params.emplace_back(*f.to);
  }
  if (f.q && !f.q->empty()) {
    if (auto id = id_from_receipt(*f.q)) {
      sql += " AND e.id = ?";
      params.emplace_back(*id);
    } else {
      // Substrings in title, description or address. Trigram indexes (migration 0005) serve
      // 3+ characters: SQLite through its FTS5 table, PostgreSQL's pg_trgm through ILIKE.
      std::size_t chars = 0;
      for (unsigned char ch : *f.q) chars += (ch & 0xC0) != 0x80 ? 1 : 0;
      if (tx.driver() == store::Driver::sqlite && chars >= 3) {
        std::string phrase = "\"";
        for (char ch : *f.q) phrase += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        phrase += '"';
        sql += " AND e.id IN (SELECT rowid FROM event_fts WHERE event_fts MATCH ?)";
        params.emplace_back(std::move(phrase));
      } else {
        const char* like = tx.driver() == store::Driver::postgres ? "ILIKE" : "LIKE";
        sql += std::string(" AND (e.title ") + like + " ? ESCAPE '!' OR e.description " + like +
               " ? ESCAPE '!' OR e.address " + like + " ? ESCAPE '!')";
        const auto pattern = store::like_contains(*f.q);
        for (int i = 0; i < 3; ++i) params.emplace_back(pattern);
      }
    }
  }
  if (f.cursor) {
    sql += f.oldest_first ? " AND e.id > ?" : " AND e.id < ?";
    params.emplace_back(*f.cursor);
  }
  sql += f.oldest_first ? " ORDER BY e.id ASC" : " ORDER BY e.id DESC";
  sql += " LIMIT " + std::to_string(f.limit);
  OG_ASSIGN(auto rows, tx.query(sql, params));
  std::vector<Event> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(event_from(r));
  return out;
}

}  // namespace onegrid::events
