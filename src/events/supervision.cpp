#include "events/supervision.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "base/clock.hpp"
#include "events/event_sql.hpp"
#include "events/notify.hpp"

namespace onegrid::events {
namespace {

constexpr std::int64_t kMinSupervisionMs = 30 * 60'000;

// "/1/4/17/" → "/1/": the district at the root of a path.
std::string root_of(const std::string& path) {
  const auto second = path.find('/', 1);
  return second == std::string::npos ? path : path.substr(0, second + 1);
}

Status log_transition(store::Tx& tx, std::int64_t event_id, const std::string& state,
                      std::int64_t now, const boost::json::object& data,
                      std::optional<std::int64_t> dept_id, const char* action, const char* notice) {
  OG_ASSIGN(
      auto tid,
      tx.insert("INSERT INTO event_transition (event_id, action, from_state, to_state, "
                "actor_id, actor_name, actor_role, dept_id, note, data, at) VALUES (?, ?, ?, ?, "
                "NULL, '系统', 'system', ?, '', ?, ?) RETURNING id",
                {event_id, action, state, state, dept_id, boost::json::serialize(data), now}));
  OG_ASSIGN(auto e, load_event(tx, event_id));
  OG_TRY(notify(tx, NoticeInput{notice, &e, tid, std::nullopt, dept_id, "", now}));
  return ok_status();
}

// Event stages past their deadline: flag them; supervise at the street (report-in lateness is
// supervised per department below).
Status flag_overdue_stages(store::Tx& tx, std::int64_t now, int batch, SweepReport& out) {
  OG_ASSIGN(auto rows,
            tx.query("SELECT e.id, e.stage, e.stage_started_at, e.stage_due_at, e.state, "
                     "e.was_whistled, e.lead_dept_id, e.org_path, st.path FROM event e JOIN "
                     "org_unit st ON st.id = e.street_id WHERE e.overdue = 0 AND e.stage_due_at "
                     "IS NOT NULL AND e.stage_due_at < ? ORDER BY e.stage_due_at LIMIT " +
                         std::to_string(batch),
                     {now}));
  for (const auto& r : rows) {
    const auto id = r.i64(0);
    const auto stage = r.text(1);
    OG_ASSIGN(auto n, tx.exec("UPDATE event SET overdue = 1 WHERE id = ? AND overdue = 0", {id}));
    if (n != 1) continue;
    ++out.overdue;
    SweepNotice notice{id, "overdue", "street", std::nullopt, {r.text(7), r.text(8)}};
    if (stage != "report_in") {
      std::optional<std::int64_t> dept;
      if (stage == "handle" && r.i64(5) == 1) dept = r.opt_i64(6);
      const auto length = std::max(kMinSupervisionMs, r.i64(3) - r.i64(2));
      OG_TRY(
          tx.exec("INSERT INTO supervision (event_id, stage, dept_id, level, org_path, "
                  "opened_at, due_at) VALUES (?, ?, ?, 'street', ?, ?, ?)",
                  {id, stage, dept, r.text(8), now, now + length}));
      notice.dept_id = dept;
    }
    OG_TRY(log_transition(tx, id, r.text(4), now,
                          boost::json::object{{"stage", stage}, {"level", "street"}},
                          notice.dept_id, "overdue", "overdue"));
    out.notices.push_back(std::move(notice));
  }
  return ok_status();
}

// Summoned departments late to report in: one supervision per department and event.
Status flag_late_departments(store::Tx& tx, std::int64_t now, int batch, SweepReport& out) {
  OG_ASSIGN(auto rows,
            tx.query("SELECT d.event_id, d.dept_id, d.dept_path, d.summoned_at, d.report_in_due, "
                     "e.state, e.org_path, st.path FROM event_dept d JOIN event e ON e.id = "
                     "d.event_id JOIN org_unit st ON st.id = e.street_id WHERE d.reported_in_at "
                     "IS NULL AND d.report_in_due < ? AND e.state IN ('whistled', 'handling', "
                     "'submitted') AND NOT EXISTS (SELECT 1 FROM supervision s WHERE s.event_id "
                     "= d.event_id AND s.dept_id = d.dept_id AND s.stage = 'report_in') ORDER BY "
                     "d.report_in_due LIMIT " +
                         std::to_string(batch),
                     {now}));
  for (const auto& r : rows) {
    const auto event_id = r.i64(0), dept = r.i64(1);
    const auto length = std::max(kMinSupervisionMs, r.i64(4) - r.i64(3));
    OG_TRY(
        tx.exec("INSERT INTO supervision (event_id, stage, dept_id, level, org_path, "
                "opened_at, due_at) VALUES (?, 'report_in', ?, 'street', ?, ?, ?)",
                {event_id, dept, r.text(7), now, now + length}));
    OG_TRY(log_transition(tx, event_id, r.text(5), now,
                          boost::json::object{{"stage", "report_in"}, {"level", "street"}}, dept,
                          "overdue", "dept_overdue"));
    ++out.dept_overdue;
    out.notices.push_back(
        {event_id, "dept_overdue", "street", dept, {r.text(6), r.text(7), r.text(2)}});
  }
  return ok_status();
}

// Street supervisions still open past their due time go to the district.
Status escalate(store::Tx& tx, std::int64_t now, int batch, SweepReport& out) {
  OG_ASSIGN(auto rows,
            tx.query("SELECT s.id, s.event_id, s.stage, s.dept_id, s.opened_at, s.due_at, "
                     "e.state, e.org_path FROM supervision s JOIN event e ON e.id = s.event_id "
                     "WHERE s.closed_at IS NULL AND s.escalated_at IS NULL AND s.level = "
                     "'street' AND s.due_at < ? ORDER BY s.due_at LIMIT " +
                         std::to_string(batch),
                     {now}));
  for (const auto& r : rows) {
    OG_ASSIGN(auto n, tx.exec("UPDATE supervision SET escalated_at = ? WHERE id = ? AND "
                              "escalated_at IS NULL",
                              {now, r.i64(0)}));
    if (n != 1) continue;
    const auto district = root_of(r.text(7));
    const auto length = r.i64(5) - r.i64(4);
    OG_TRY(
        tx.exec("INSERT INTO supervision (event_id, stage, dept_id, level, org_path, "
                "opened_at, due_at) VALUES (?, ?, ?, 'district', ?, ?, ?)",
                {r.i64(1), r.text(2), r.opt_i64(3), district, now, now + length}));
    OG_TRY(log_transition(tx, r.i64(1), r.text(6), now,
                          boost::json::object{{"stage", r.text(2)}, {"level", "district"}},
                          r.opt_i64(3), "supervise", "escalated"));
    ++out.escalated;
    out.notices.push_back({r.i64(1), "escalated", "district", r.opt_i64(3), {r.text(7), district}});
  }
  return ok_status();
}

}  // namespace

Result<SweepReport> sweep(store::Store& store, std::int64_t now, int batch) {
  SweepReport report;
  OG_TRY(store.write([&](store::Tx& tx) -> Status {
    SweepReport r;
    OG_TRY(flag_overdue_stages(tx, now, batch, r));
    OG_TRY(flag_late_departments(tx, now, batch, r));
    OG_TRY(escalate(tx, now, batch, r));
    report = std::move(r);  // only what committed
    return ok_status();
  }));
  return report;
}

boost::json::value to_json(const Supervision& s) {
  boost::json::object o{{"id", s.id},
                        {"event_id", s.event_id},
                        {"event_title", s.event_title},
                        {"stage", s.stage},
                        {"dept_name", s.dept_name},
                        {"level", s.level},
                        {"opened_at", format_utc(s.opened_at)},
                        {"due_at", format_utc(s.due_at)}};
  o["dept_id"] = s.dept_id ? boost::json::value(*s.dept_id) : nullptr;
  o["closed_at"] = s.closed_at ? boost::json::value(format_utc(*s.closed_at)) : nullptr;
  return o;
}

Result<std::vector<Supervision>> list_supervisions(store::Tx& tx, const Viewer& viewer,
                                                   const SupervisionFilter& f) {
  std::string sql =
      "SELECT s.id, s.event_id, e.title, s.stage, s.dept_id, d.name, s.level, s.opened_at, "
      "s.due_at, s.closed_at FROM supervision s JOIN event e ON e.id = s.event_id LEFT JOIN "
      "org_unit d ON d.id = s.dept_id WHERE 1 = 1";
  std::vector<store::Value> params;
  append_visibility(sql, params, viewer);
  if (f.open_only) sql += " AND s.closed_at IS NULL AND s.escalated_at IS NULL";
  if (f.event_id) {
    sql += " AND s.event_id = ?";
    params.emplace_back(*f.event_id);
  }
  if (f.cursor) {
    sql += " AND s.id < ?";
    params.emplace_back(*f.cursor);
  }
  sql += " ORDER BY s.id DESC LIMIT " + std::to_string(f.limit);
  OG_ASSIGN(auto rows, tx.query(sql, params));
  std::vector<Supervision> out;
  for (const auto& r : rows)
    out.push_back(Supervision{r.i64(0), r.i64(1), r.text(2), r.text(3), r.opt_i64(4), r.text(5),
                              r.text(6), r.i64(7), r.i64(8), r.opt_i64(9)});
  return out;
}

Result<std::vector<Card>> department_cards(store::Tx& tx, std::int64_t from, std::int64_t to,
                                           int yellow, int red) {
  OG_ASSIGN(auto rows,
            tx.query("SELECT o.id, o.name, (SELECT count(*) FROM supervision s WHERE s.dept_id = "
                     "o.id AND s.level = 'street' AND s.opened_at >= ? AND s.opened_at < ?) FROM "
                     "org_unit o WHERE o.kind = 'department' AND o.active = 1 ORDER BY o.code",
                     {from, to}));
  std::vector<Card> out;
  for (const auto& r : rows) {
    Card c{r.i64(0), r.text(1), r.i64(2), ""};
    if (c.supervisions >= red)
      c.card = "red";
    else if (c.supervisions >= yellow)
      c.card = "yellow";
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Card& a, const Card& b) { return a.supervisions > b.supervisions; });
  return out;
}

boost::json::value to_json(const Card& c) {
  return boost::json::object{
      {"dept_id", c.dept_id},
      {"dept_name", c.dept_name},
      {"supervisions", c.supervisions},
      {"card", c.card.empty() ? boost::json::value(nullptr) : boost::json::value(c.card)}};
}

}  // namespace onegrid::events
