#include "events/notify.hpp"

#include <boost/json/object.hpp>
#include <map>
#include <set>

#include "base/clock.hpp"
#include "store/bulk_insert.hpp"

namespace onegrid::events {
namespace {

using A = Audience;

struct Rule {
  std::vector<Audience> who;
  std::string_view title;
};

const std::map<std::string_view, Rule>& rules() {
  static const std::map<std::string_view, Rule> r = {
      {"report", {{A::grid_worker, A::community}, "新事件待受理"}},
      {"accept", {{A::reporter}, "您上报的事件已受理"}},
      {"reject", {{A::reporter}, "您上报的事件不予受理"}},
      {"merge", {{A::reporter}, "您上报的事件已与相同事件合并"}},
      {"handle_in_grid", {{A::grid_worker}, "事件转网格内处置"}},
      {"resolve_in_grid", {{A::reporter}, "事件已在网格内办结，请评价"}},
      {"escalate", {{A::street}, "事件已上报街道，待吹哨"}},
      {"whistle", {{A::summoned}, "街道吹哨，请报到处置"}},
      {"report_in", {{}, "部门已报到"}},
      {"submit", {{A::grid_worker}, "部门已反馈处置结果，请核查"}},
      {"verify", {{A::reporter, A::lead_department}, "事件已结案"}},
      {"reopen", {{A::lead_department, A::grid_worker}, "事件被退回重办"}},
      {"rate", {{A::community, A::lead_department}, "居民已评价"}},
      {"complain", {{A::community, A::street}, "居民投诉"}},
      {"overdue", {{A::street, A::community}, "事件超时，街道督办"}},
      {"escalated", {{A::district, A::street}, "督办升级至区指挥中心"}},
      {"dept_overdue", {{A::dept_of_step, A::street}, "部门报到超时，督办"}},
  };
  return r;
}

// "/1/4/17/" → 1: the district at the root of an org path.
std::optional<std::int64_t> district_of(const std::string& path) {
  if (path.size() < 3 || path[0] != '/') return std::nullopt;
  const auto end = path.find('/', 1);
  try {
    return std::stoll(path.substr(1, end - 1));
  } catch (...) {
    return std::nullopt;
  }
}

Status add_role_at(store::Tx& tx, std::set<std::int64_t>& out, std::string_view role,
                   std::int64_t org_id) {
  OG_ASSIGN(auto rows, tx.query("SELECT g.user_id FROM user_grant g JOIN users u ON u.id = "
                                "g.user_id WHERE u.active = 1 AND g.role = ? AND g.org_id = ?",
                                {std::string(role), org_id}));
  for (const auto& r : rows) out.insert(r.i64(0));
  return ok_status();
}

Result<std::set<std::int64_t>> resolve(store::Tx& tx, const NoticeInput& in,
                                       const std::vector<Audience>& who) {
  const Event& e = *in.event;
  std::set<std::int64_t> users;
  for (Audience a : who) {
    switch (a) {
      case A::grid_worker:
        if (e.grid_id) OG_TRY(add_role_at(tx, users, "grid_worker", *e.grid_id));
        break;
      case A::community:
        OG_TRY(add_role_at(tx, users, "community_worker", e.community_id));
        break;
      case A::street:
        OG_TRY(add_role_at(tx, users, "street_officer", e.street_id));
        break;
      case A::district:
        if (auto d = district_of(e.org_path))
          OG_TRY(add_role_at(tx, users, "district_officer", *d));
        break;
      case A::summoned: {
        OG_ASSIGN(auto rows, tx.query("SELECT g.user_id FROM event_dept ed JOIN user_grant g ON "
                                      "g.org_id = ed.dept_id AND g.role = 'department_staff' "
                                      "JOIN users u ON u.id = g.user_id WHERE ed.event_id = ? "
                                      "AND u.active = 1",
                                      {e.id}));
        for (const auto& r : rows) users.insert(r.i64(0));
        break;
      }
      case A::lead_department:
        if (e.lead_dept_id) OG_TRY(add_role_at(tx, users, "department_staff", *e.lead_dept_id));
        break;
      case A::dept_of_step:
        if (in.dept_id) OG_TRY(add_role_at(tx, users, "department_staff", *in.dept_id));
        break;
      case A::reporter: {
        if (e.reporter_id) users.insert(*e.reporter_id);
        OG_ASSIGN(auto rows,
                  tx.query("SELECT user_id FROM event_follower WHERE event_id = ?", {e.id}));
        for (const auto& r : rows) users.insert(r.i64(0));
        break;
      }
    }
  }
  if (in.actor_id) users.erase(*in.actor_id);
  return users;
}

}  // namespace

const std::vector<Audience>& audiences_for(std::string_view kind) {
  static const std::vector<Audience> none;
  auto it = rules().find(kind);
  return it == rules().end() ? none : it->second.who;
}

std::string_view notice_title(std::string_view kind) {
  auto it = rules().find(kind);
  return it == rules().end() ? std::string_view("事件动态") : it->second.title;
}

Result<int> notify(store::Tx& tx, const NoticeInput& in) {
  const auto& who = audiences_for(in.kind);
  if (who.empty() || !in.event) return 0;
  OG_ASSIGN(auto users, resolve(tx, in, who));
  std::string body = receipt_code(*in.event) + " " + in.event->title;
  if (!in.note.empty()) body += "：" + in.note;
  // Multi-row INSERTs, recipients in ascending id order (as the set holds them).
  store::BulkInsert rows("notification", {"user_id", "event_id", "transition_id", "kind", "title",
                                          "body", "created_at"});
  const std::string title(notice_title(in.kind));
  for (auto u : users) rows.add({u, in.event->id, in.transition_id, in.kind, title, body, in.at});
  OG_TRY(rows.flush(tx));
  return static_cast<int>(users.size());
}

boost::json::value to_json(const Notification& n) {
  auto opt = [](const std::optional<std::int64_t>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
  };
  return boost::json::object{
      {"id", n.id},
      {"kind", n.kind},
      {"event_id", opt(n.event_id)},
      {"event_code", n.event_code},
      {"title", n.title},
      {"body", n.body},
      {"created_at", format_utc(n.created_at)},
      {"read_at",
       n.read_at ? boost::json::value(format_utc(*n.read_at)) : boost::json::value(nullptr)},
  };
}

namespace {

constexpr const char* kNotificationSelect =
    "SELECT n.id, n.user_id, n.event_id, n.kind, n.title, n.body, n.created_at, n.read_at, "
    "e.reported_at FROM notification n LEFT JOIN event e ON e.id = n.event_id";

std::vector<Notification> notifications_from(const store::Rows& rows) {
  std::vector<Notification> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    Notification n;
    n.id = r.i64(0);
    n.user_id = r.i64(1);
    n.event_id = r.opt_i64(2);
    n.kind = r.text(3);
    n.title = r.text(4);
    n.body = r.text(5);
    n.created_at = r.i64(6);
    n.read_at = r.opt_i64(7);
    if (n.event_id) n.event_code = receipt_code(*n.event_id, r.opt_i64(8).value_or(0));
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

Result<std::vector<Notification>> inbox(store::Tx& tx, std::int64_t user_id, const InboxFilter& f) {
  std::string sql = std::string(kNotificationSelect) + " WHERE n.user_id = ?";
  std::vector<store::Value> params{user_id};
  if (f.unread_only) sql += " AND n.read_at IS NULL";
  if (f.cursor) {
    sql += " AND n.id < ?";
    params.emplace_back(*f.cursor);
  }
  sql += " ORDER BY n.id DESC LIMIT " + std::to_string(f.limit);
  OG_ASSIGN(auto rows, tx.query(sql, params));
  return notifications_from(rows);
}

Result<std::vector<Notification>> notifications_after(store::Tx& tx, std::int64_t after_id,
                                                      int limit) {
  OG_ASSIGN(auto rows, tx.query(std::string(kNotificationSelect) +
                                    " WHERE n.id > ? ORDER BY n.id LIMIT " + std::to_string(limit),
                                {after_id}));
  return notifications_from(rows);
}

Result<std::int64_t> unread_count(store::Tx& tx, std::int64_t user_id) {
  OG_ASSIGN(auto row, tx.query_one("SELECT COUNT(*) FROM notification WHERE user_id = ? AND "
                                   "read_at IS NULL",
                                   {user_id}));
  return row ? row->i64(0) : 0;
}

Status mark_read(store::Tx& tx, std::int64_t user_id, std::int64_t id, std::int64_t now) {
  OG_ASSIGN(auto row, tx.query_one("SELECT read_at FROM notification WHERE id = ? AND user_id = ?",
                                   {id, user_id}));
  if (!row) return not_found("notification.not_found", "no such notification");
  if (!row->opt_i64(0))
    OG_TRY(tx.exec("UPDATE notification SET read_at = ? WHERE id = ? AND user_id = ?",
                   {now, id, user_id}));
  return ok_status();
}

Result<std::int64_t> mark_all_read(store::Tx& tx, std::int64_t user_id, std::int64_t now) {
  return tx.exec("UPDATE notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
                 {now, user_id});
}

}  // namespace onegrid::events
