#include "events/taxonomy_store.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <sstream>

#include "base/clock.hpp"

namespace onegrid::events {
namespace {

constexpr const char* kClassCols = "id, code, name, name_en, active, version";
constexpr const char* kSubclassCols =
    "id, class_id, code, name, name_en, lead_dept_id, assist_dept_ids, priority, "
    "accept_minutes, report_in_minutes, handle_minutes, verify_minutes, active, version";

EventClass class_from(const store::Row& r) {
  return EventClass{r.i64(0), r.text(1), r.text(2), r.text(3), r.i64(4) == 1, r.i64(5)};
}

std::string ids_json(const std::vector<std::int64_t>& ids) {
  boost::json::array a;
  for (auto id : ids) a.push_back(id);
  return boost::json::serialize(a);
}

std::vector<std::int64_t> ids_from_json(const std::string& text) {
  std::vector<std::int64_t> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.as_array())
    if (x.is_int64()) out.push_back(x.as_int64());
  return out;
}

EventSubclass subclass_from(const store::Row& r) {
  EventSubclass s;
  s.id = r.i64(0);
  s.class_id = r.i64(1);
  s.code = r.text(2);
  s.name = r.text(3);
  s.name_en = r.text(4);
  s.lead_dept_id = r.opt_i64(5);
  s.assist_dept_ids = ids_from_json(r.text(6));
  s.priority = static_cast<int>(r.i64(7));
  s.deadlines = Deadlines{r.i64(8), r.i64(9), r.i64(10), r.i64(11)};
  s.active = r.i64(12) == 1;
  s.version = r.i64(13);
  return s;
}

Status record(store::Tx& tx, const audit::Actor& actor, std::string_view kind, std::int64_t id,
              std::int64_t version, const boost::json::value& snapshot, std::string_view action) {
  OG_TRY(tx.exec(
      "INSERT INTO taxonomy_history (kind, object_id, version, snapshot, changed_by, changed_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {kind, id, version, boost::json::serialize(snapshot),
       actor.user_id ? store::Value(actor.user_id) : store::Value(), now_ms()}));
  return audit::append(tx, actor, action, std::string("event_") + std::string(kind),
                       std::to_string(id), boost::json::object{{"after", snapshot}});
}

Status check_department(store::Tx& tx, std::int64_t id, const char* field) {
  OG_ASSIGN(
      auto row,
      tx.query_one("SELECT 1 FROM org_unit WHERE id = ? AND kind = 'department' AND active = 1",
                   {id}));
  if (!row)
    return invalid_input("taxonomy.unknown_department",
                         "no active department with id " + std::to_string(id), field);
  return ok_status();
}

Status check_departments(store::Tx& tx, const EventSubclass& s) {
  if (s.lead_dept_id) OG_TRY(check_department(tx, *s.lead_dept_id, "lead_dept_id"));
  for (auto id : s.assist_dept_ids) OG_TRY(check_department(tx, id, "assist_dept_ids"));
  return ok_status();
}

Error version_mismatch(std::int64_t current) {
  return make_error(ErrorKind::precondition_failed, "taxonomy.version_mismatch",
                    "changed by someone else since you loaded it (now version " +
                        std::to_string(current) + "); reload and try again");
}

Error duplicate_code(const std::string& code) {
  return conflict("taxonomy.duplicate_code", "the code " + code + " is taken");
}

Result<bool> code_taken(store::Tx& tx, const char* table, const std::string& code,
                        std::int64_t except_id) {
  OG_ASSIGN(auto row,
            tx.query_one(std::string("SELECT id FROM ") + table + " WHERE code = ?", {code}));
  return row && row->i64(0) != except_id;
}

}  // namespace

Result<std::vector<EventClass>> list_classes(store::Tx& tx, bool include_inactive) {
  OG_ASSIGN(auto rows, tx.query(std::string("SELECT ") + kClassCols + " FROM event_class" +
                                (include_inactive ? "" : " WHERE active = 1") + " ORDER BY code"));
  std::vector<EventClass> out;
  for (const auto& r : rows) out.push_back(class_from(r));
  return out;
}

Result<std::vector<EventSubclass>> list_subclasses(store::Tx& tx, bool include_inactive) {
  OG_ASSIGN(auto rows, tx.query(std::string("SELECT ") + kSubclassCols + " FROM event_subclass" +
                                (include_inactive ? "" : " WHERE active = 1") + " ORDER BY code"));
  std::vector<EventSubclass> out;
  for (const auto& r : rows) out.push_back(subclass_from(r));
  return out;
}

Result<EventClass> get_class(store::Tx& tx, std::int64_t id) {
  OG_ASSIGN(
      auto row,
      tx.query_one(std::string("SELECT ") + kClassCols + " FROM event_class WHERE id = ?", {id}));
  if (!row) return not_found("taxonomy.not_found", "no event class " + std::to_string(id));
  return class_from(*row);
}

Result<EventSubclass> get_subclass(store::Tx& tx, std::int64_t id) {
  OG_ASSIGN(auto row, tx.query_one(std::string("SELECT ") + kSubclassCols +
                                       " FROM event_subclass WHERE id = ?",
                                   {id}));
  if (!row) return not_found("taxonomy.not_found", "no event subclass " + std::to_string(id));
  return subclass_from(*row);
}

Result<EventClass> create_class(store::Tx& tx, const audit::Actor& actor, EventClass c) {
  OG_TRY(validate(c));
  OG_ASSIGN(bool taken, code_taken(tx, "event_class", c.code, 0));
  if (taken) return duplicate_code(c.code);
  const auto now = now_ms();
  OG_ASSIGN(c.id, tx.insert("INSERT INTO event_class (code, name, name_en, active, version, "
                            "created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id",
                            {c.code, c.name, c.name_en, c.active, now, now}));
  c.version = 1;
  OG_TRY(record(tx, actor, "class", c.id, 1, to_json(c), "taxonomy.create"));
  return c;
}

Result<EventClass> update_class(store::Tx& tx, const audit::Actor& actor, std::int64_t id,
                                std::int64_t expected_version, const EventClass& c) {
  OG_ASSIGN(auto cur, get_class(tx, id));
  if (cur.version != expected_version) return version_mismatch(cur.version);
  EventClass next = c;
  next.id = id;
  next.code = cur.code;  // codes are stable: events and reports refer to them
  next.version = cur.version + 1;
  OG_TRY(validate(next));
  OG_TRY(
      tx.exec("UPDATE event_class SET name = ?, name_en = ?, active = ?, version = ?, "
              "updated_at = ? WHERE id = ? AND version = ?",
              {next.name, next.name_en, next.active, next.version, now_ms(), id, cur.version}));
  OG_TRY(record(tx, actor, "class", id, next.version, to_json(next), "taxonomy.update"));
  return next;
}

Result<EventSubclass> create_subclass(store::Tx& tx, const audit::Actor& actor, EventSubclass s) {
  OG_ASSIGN(auto parent, get_class(tx, s.class_id));
  OG_TRY(validate(s, parent.code));
  OG_ASSIGN(bool taken, code_taken(tx, "event_subclass", s.code, 0));
  if (taken) return duplicate_code(s.code);
  OG_TRY(check_departments(tx, s));
  const auto now = now_ms();
  OG_ASSIGN(s.id, tx.insert("INSERT INTO event_subclass (class_id, code, name, name_en, "
                            "lead_dept_id, assist_dept_ids, priority, accept_minutes, "
                            "report_in_minutes, handle_minutes, verify_minutes, active, version, "
                            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "1, ?, ?) RETURNING id",
                            {s.class_id, s.code, s.name, s.name_en, s.lead_dept_id,
                             ids_json(s.assist_dept_ids), s.priority, s.deadlines.accept,
                             s.deadlines.report_in, s.deadlines.handle, s.deadlines.verify,
                             s.active, now, now}));
  s.version = 1;
  OG_TRY(record(tx, actor, "subclass", s.id, 1, to_json(s), "taxonomy.create"));
  return s;
}

Result<EventSubclass> update_subclass(store::Tx& tx, const audit::Actor& actor, std::int64_t id,
                                      std::int64_t expected_version, const EventSubclass& s) {
  OG_ASSIGN(auto cur, get_subclass(tx, id));
  if (cur.version != expected_version) return version_mismatch(cur.version);
  OG_ASSIGN(auto parent, get_class(tx, cur.class_id));
  EventSubclass next = s;
  next.id = id;
  next.class_id = cur.class_id;
  next.code = cur.code;
  next.version = cur.version + 1;
  OG_TRY(validate(next, parent.code));
  OG_TRY(check_departments(tx, next));
  OG_TRY(tx.exec(
      "UPDATE event_subclass SET name = ?, name_en = ?, lead_dept_id = ?, "
      "assist_dept_ids = ?, priority = ?, accept_minutes = ?, report_in_minutes = ?, "
      "handle_minutes = ?, verify_minutes = ?, active = ?, version = ?, updated_at = ? "
      "WHERE id = ? AND version = ?",
      {next.name, next.name_en, next.lead_dept_id, ids_json(next.assist_dept_ids), next.priority,
       next.deadlines.accept, next.deadlines.report_in, next.deadlines.handle,
       next.deadlines.verify, next.active, next.version, now_ms(), id, cur.version}));
  OG_TRY(record(tx, actor, "subclass", id, next.version, to_json(next), "taxonomy.update"));
  return next;
}

Result<std::vector<TaxonomyHistoryEntry>> taxonomy_history(store::Tx& tx, std::string_view kind,
                                                           std::int64_t id) {
  OG_ASSIGN(auto rows, tx.query("SELECT version, snapshot, changed_by, changed_at FROM "
                                "taxonomy_history WHERE kind = ? AND object_id = ? ORDER BY "
                                "version",
                                {kind, id}));
  std::vector<TaxonomyHistoryEntry> out;
  for (const auto& r : rows) {
    boost::system::error_code ec;
    auto snap = boost::json::parse(r.text(1), ec);
    out.push_back({r.i64(0), ec ? boost::json::value() : snap, r.i64(2), r.i64(3)});
  }
  return out;
}

Result<int> install_default_taxonomy(store::Tx& tx, const audit::Actor& actor) {
  OG_ASSIGN(auto any, tx.query_one("SELECT id FROM event_class"));
  if (any) return 0;
  // Department code suffix ("D01") → id, first active department wins.
  std::map<std::string, std::int64_t> dept;
  OG_ASSIGN(auto rows, tx.query("SELECT id, code FROM org_unit WHERE kind = 'department' AND "
                                "active = 1 ORDER BY id"));
  for (const auto& r : rows) {
    const auto code = r.text(1);
    const auto dash = code.rfind('-');
    const auto suffix = dash == std::string::npos ? code : code.substr(dash + 1);
    dept.emplace(suffix, r.i64(0));
  }
  int added = 0;
  for (const auto& dc : default_taxonomy()) {
    OG_ASSIGN(auto c, create_class(tx, actor, EventClass{0, dc.code, dc.name, dc.name_en}));
    for (const auto& ds : dc.subclasses) {
      EventSubclass s;
      s.class_id = c.id;
      s.code = ds.code;
      s.name = ds.name;
      s.name_en = ds.name_en;
      if (auto it = dept.find(ds.lead); it != dept.end()) s.lead_dept_id = it->second;
      std::istringstream assists(ds.assists);
      for (std::string a; assists >> a;)
        if (auto it = dept.find(a); it != dept.end()) s.assist_dept_ids.push_back(it->second);
      s.priority = ds.priority;
      s.deadlines = ds.deadlines;
      OG_TRY(create_subclass(tx, actor, s));
      ++added;
    }
  }
  return added;
}

}  // namespace onegrid::events
