#include "audit/audit.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "base/clock.hpp"
#include "org/scope_sql.hpp"

namespace onegrid::audit {

using store::Value;

Status append(store::Tx& tx, const Actor& actor, std::string_view action,
              std::string_view object_type, std::string_view object_id,
              const boost::json::value& summary, std::string_view object_path) {
  const std::string path = object_path.empty() ? actor.org_path : std::string(object_path);
  std::vector<Value> params{now_ms(),
                            actor.user_id ? Value(actor.user_id) : Value(nullptr),
                            actor.username,
                            actor.role,
                            actor.org_id ? Value(actor.org_id) : Value(nullptr),
                            path,
                            action,
                            object_type,
                            object_id,
                            boost::json::serialize(summary),
                            actor.request_id,
                            actor.client_addr};
  auto r = tx.exec(
      "INSERT INTO audit_log (at, user_id, username, role, org_id, org_path, action, object_type,"
      " object_id, summary, request_id, client_addr) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
      params);
  if (!r) return r.error();
  return ok_status();
}

Result<Page> query(store::Tx& tx, const org::Scope& scope, const Query& q) {
  std::string sql =
      "SELECT id, at, user_id, username, role, org_id, org_path, action, object_type, object_id,"
      " summary, request_id, client_addr FROM audit_log WHERE 1 = 1";
  std::vector<Value> params;
  if (!scope.all) {
    org::append_scope_filter(sql, params, scope, "org_path");
    sql += " AND org_path <> ''";
  }
  if (q.user_id) sql += " AND user_id = ?", params.emplace_back(*q.user_id);
  if (q.username) sql += " AND username = ?", params.emplace_back(*q.username);
  if (q.action) {
    if (!q.action->empty() && q.action->back() == '.') {
      sql += " AND substr(action, 1, ?) = ?";
      params.emplace_back(static_cast<std::int64_t>(q.action->size()));
      params.emplace_back(*q.action);
    } else {
      sql += " AND action = ?", params.emplace_back(*q.action);
    }
  }
  if (q.object_type) sql += " AND object_type = ?", params.emplace_back(*q.object_type);
  if (q.object_id) sql += " AND object_id = ?", params.emplace_back(*q.object_id);
  if (q.from) sql += " AND at >= ?", params.emplace_back(*q.from);
  if (q.to) sql += " AND at < ?", params.emplace_back(*q.to);
  if (q.before_id) sql += " AND id < ?", params.emplace_back(*q.before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(q.limit + 1));
  OG_ASSIGN(auto rows, tx.query(sql, params));
  Page page;
  for (const auto& r : rows) {
    if (static_cast<int>(page.entries.size()) == q.limit) {
      page.next_before_id = page.entries.back().id;
      break;
    }
    Entry e;
    e.id = r.i64(0);
    e.at = r.i64(1);
    e.actor.user_id = r.i64(2);
    e.actor.username = r.text(3);
    e.actor.role = r.text(4);
    e.actor.org_id = r.i64(5);
    e.actor.org_path = r.text(6);
    e.action = r.text(7);
    e.object_type = r.text(8);
    e.object_id = r.text(9);
    boost::system::error_code ec;
    e.summary = boost::json::parse(r.text(10), ec);
    if (ec) e.summary = boost::json::object();
    e.actor.request_id = r.text(11);
    e.actor.client_addr = r.text(12);
    page.entries.push_back(std::move(e));
  }
  return page;
}

Result<std::int64_t> purge(store::Store& store, std::int64_t cutoff_ms) {
  std::int64_t deleted = 0;
  OG_TRY(store.write([&](store::Tx& tx) -> Status {
    OG_ASSIGN(deleted, tx.exec("DELETE FROM audit_log WHERE at < ?", {cutoff_ms}));
    boost::json::object summary{{"cutoff", format_utc(cutoff_ms)}, {"deleted", deleted}};
    return append(tx, Actor::system("retention"), "audit.purge", "audit_log", "", summary);
  }));
  return deleted;
}

boost::json::value to_json(const Entry& e) {
  return boost::json::object{
      {"id", e.id},
      {"at", format_utc(e.at)},
      {"user_id", e.actor.user_id},
      {"username", e.actor.username},
      {"role", e.actor.role},
      {"org_id", e.actor.org_id},
      {"action", e.action},
      {"object_type", e.object_type},
      {"object_id", e.object_id},
      {"summary", e.summary},
      {"request_id", e.actor.request_id},
      {"client_addr", e.actor.client_addr},
  };
}

}  // namespace onegrid::audit
