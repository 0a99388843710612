#include "auth/accounts.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "base/clock.hpp"
#include "org/org_store.hpp"
#include "org/scope_sql.hpp"
#include "store/sql_util.hpp"

namespace onegrid::auth {

using store::Value;

namespace {

constexpr const char* kUserSelect =
    "SELECT u.id, u.username, u.display_name, u.org_id, o.path, o.name, u.active, u.locked_until,"
    " u.version, u.created_at, u.prefs FROM users u JOIN org_unit o ON o.id = u.org_id WHERE 1 = 1";

User user_from_row(const store::Row& r) {
  User u;
  u.id = r.i64(0);
  u.username = r.text(1);
  u.display_name = r.text(2);
  u.org_id = r.i64(3);
  u.org_path = r.text(4);
  u.org_name = r.text(5);
  u.active = r.i64(6) != 0;
  u.locked_until = r.i64(7);
  u.locked = u.locked_until > now_ms();
  u.version = r.i64(8);
  u.created_at = r.i64(9);
  u.prefs = r.text(10);
  return u;
}

boost::json::value brief(const User& u) {
  return boost::json::object{{"username", u.username},
                             {"display_name", u.display_name},
                             {"org_id", u.org_id},
                             {"active", u.active},
                             {"version", u.version}};
}

Error user_not_found() {
  return not_found("user.not_found", "user not found");
}

Result<std::optional<store::Row>> org_row(store::Tx& tx, std::int64_t org_id) {
  return tx.query_one("SELECT id, path, kind, active FROM org_unit WHERE id = ?", {org_id});
}

}  // namespace

boost::json::value to_json(const Grant& g) {
  return boost::json::object{
      {"id", g.id},         {"role", role_code(g.role)}, {"role_name", role_name_zh(g.role)},
      {"org_id", g.org_id}, {"org_name", g.org_name},    {"org_kind", g.org_kind}};
}

boost::json::value to_json(const User& u) {
  boost::json::array grants;
  for (const auto& g : u.grants) grants.push_back(to_json(g));
  boost::system::error_code ec;
  auto prefs = boost::json::parse(u.prefs, ec);
  return boost::json::object{
      {"id", u.id},
      {"username", u.username},
      {"display_name", u.display_name},
      {"org_id", u.org_id},
      {"org_name", u.org_name},
      {"active", u.active},
      {"locked", u.locked},
      {"locked_until",
       u.locked ? boost::json::value(format_utc(u.locked_until)) : boost::json::value(nullptr)},
      {"version", u.version},
      {"created_at", format_utc(u.created_at)},
      {"prefs", ec ? boost::json::value(boost::json::object()) : prefs},
      {"grants", std::move(grants)}};
}

Status validate_username(std::string_view name) {
  bool ok = name.size() >= 3 && name.size() <= 32 && name[0] >= 'a' && name[0] <= 'z';
  for (char c : name)
    ok = ok &&
         ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-');
  if (!ok)
    return invalid_input(
        "user.invalid_username",
        "username: 3-32 lower-case letters, digits, '_', '.', '-', starting with a letter",
        "username");
  return ok_status();
}

Result<std::vector<Grant>> grants_of(store::Tx& tx, std::int64_t user_id) {
  OG_ASSIGN(auto rows,
            tx.query("SELECT g.id, g.role, g.org_id, o.path, o.name, o.kind FROM user_grant g"
                     " JOIN org_unit o ON o.id = g.org_id WHERE g.user_id = ? ORDER BY g.id",
                     {user_id}));
  std::vector<Grant> out;
  for (const auto& r : rows) {
    auto role = parse_role(r.text(1));
    if (!role) continue;
    out.push_back(Grant{r.i64(0), *role, r.i64(2), r.text(3), r.text(4), r.text(5)});
  }
  return out;
}

Result<std::vector<User>> list_users(store::Tx& tx, const org::Scope& scope, const UserFilter& f) {
  std::string sql = kUserSelect;
  std::vector<Value> params;
  org::append_scope_filter(sql, params, scope, "o.path");
  if (f.q && !f.q->empty()) {
    sql += " AND (u.username LIKE ? ESCAPE '!' OR u.display_name LIKE ? ESCAPE '!')";
    params.emplace_back(store::like_contains(*f.q));
    params.emplace_back(store::like_contains(*f.q));
  }
  if (f.role) {
    sql += " AND EXISTS (SELECT 1 FROM user_grant g WHERE g.user_id = u.id AND g.role = ?)";
    params.emplace_back(*f.role);
  }
  if (f.org_id) {
    sql += " AND o.path LIKE (SELECT path FROM org_unit WHERE id = ?) || '%'";
    params.emplace_back(*f.org_id);
  }
  if (f.after_id) sql += " AND u.id > ?", params.emplace_back(*f.after_id);
  sql += " ORDER BY u.id LIMIT ?";
  params.emplace_back(f.limit);
  OG_ASSIGN(auto rows, tx.query(sql, params));
  std::vector<User> out;
  for (const auto& r : rows) out.push_back(user_from_row(r));
  if (out.empty()) return out;
  // grants for the whole page in one query
  std::string gsql =
      "SELECT g.user_id, g.id, g.role, g.org_id, o.path, o.name, o.kind FROM user_grant g"
      " JOIN org_unit o ON o.id = g.org_id WHERE g.user_id >= ? AND g.user_id <= ? ORDER BY g.id";
  OG_ASSIGN(auto grows, tx.query(gsql, {out.front().id, out.back().id}));
  for (const auto& r : grows) {
    auto it = std::lower_bound(out.begin(), out.end(), r.i64(0),
                               [](const User& u, std::int64_t id) { return u.id < id; });
    auto role = parse_role(r.text(2));
    if (it != out.end() && it->id == r.i64(0) && role)
      it->grants.push_back(Grant{r.i64(1), *role, r.i64(3), r.text(4), r.text(5), r.text(6)});
  }
  return out;
}

Result<User> get_user(store::Tx& tx, const org::Scope& scope, std::int64_t id) {
  std::string sql = kUserSelect;
  std::vector<Value> params;
  sql += " AND u.id = ?";
  params.emplace_back(id);
  org::append_scope_filter(sql, params, scope, "o.path");
  OG_ASSIGN(auto row, tx.query_one(sql, params));
  if (!row) return user_not_found();
  User u = user_from_row(*row);
  OG_ASSIGN(u.grants, grants_of(tx, id));
  return u;
}

Result<std::optional<User>> find_user(store::Tx& tx, std::string_view username) {
  std::string sql = std::string(kUserSelect) + " AND u.username = ?";
  OG_ASSIGN(auto row, tx.query_one(sql, {username}));
  if (!row) return std::optional<User>{};
  User u = user_from_row(*row);
  OG_ASSIGN(u.grants, grants_of(tx, u.id));
  return std::optional<User>(std::move(u));
}

Result<User> create_user(store::Tx& tx, const audit::Actor& actor, const org::Scope& scope,
                         const NewUser& in) {
  OG_TRY(validate_username(in.username));
  if (in.display_name.empty() || in.display_name.size() > 200)
    return invalid_input("user.invalid_display_name", "display_name must be 1-100 characters",
                         "display_name");
  OG_ASSIGN(auto org, org_row(tx, in.org_id));
  if (!org || !scope.contains(org->text(1)))
    return invalid_input("user.org_not_found", "org unit not found", "org_id");
  if (org->i64(3) != 1) return invalid_input("user.org_inactive", "org unit is inactive", "org_id");
  OG_ASSIGN(auto dup, tx.query_one("SELECT id FROM users WHERE username = ?", {in.username}));
  if (dup) return conflict("user.duplicate_username", "this username is taken");
  const std::int64_t now = now_ms();
  OG_ASSIGN(const std::int64_t id,
            tx.insert("INSERT INTO users (username, display_name, org_id, password_hash,"
                      " password_changed_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?)"
                      " RETURNING id",
                      {in.username, in.display_name, in.org_id, in.password_hash, now, now, now}));
  OG_ASSIGN(auto user, get_user(tx, org::Scope::everything(), id));
  OG_TRY(audit::append(tx, actor, "user.create", "user", std::to_string(id),
                       boost::json::object{{"after", brief(user)}}, user.org_path));
  return user;
}

bool outranks(Role granter, const User& target) {
  for (const auto& g : target.grants)
    if (!may_grant(granter, g.role)) return false;
  return true;
}

Result<User> update_user(store::Tx& tx, const audit::Actor& actor, const org::Scope& scope,
                         std::int64_t id, std::optional<std::int64_t> expected_version,
                         const UserPatch& p, std::optional<Role> editor) {
  OG_ASSIGN(auto before, get_user(tx, scope, id));
  if (editor && id != actor.user_id && !outranks(*editor, before))
    return forbidden("user.edit_forbidden", "you may not edit a user ranked at or above you");
  if (expected_version && *expected_version != before.version)
    return make_error(ErrorKind::precondition_failed, "user.version_mismatch",
                      "the user was changed by someone else; reload and retry");
  std::string sql = "UPDATE users SET version = version + 1, updated_at = ?";
  std::vector<Value> params{now_ms()};
  if (p.display_name) {
    if (p.display_name->empty() || p.display_name->size() > 200)
      return invalid_input("user.invalid_display_name", "display_name must be 1-100 characters",
                           "display_name");
    sql += ", display_name = ?", params.emplace_back(*p.display_name);
  }
  if (p.active) {
    if (!*p.active && id == actor.user_id)
      return conflict("user.cannot_deactivate_self", "you cannot deactivate your own account");
    sql += ", active = ?", params.emplace_back(*p.active);
  }
  if (p.prefs) sql += ", prefs = ?", params.emplace_back(*p.prefs);
  sql += " WHERE id = ? AND version = ?";
  params.emplace_back(id);
  params.emplace_back(before.version);
  OG_ASSIGN(auto n, tx.exec(sql, params));
  if (n != 1)
    return make_error(ErrorKind::precondition_failed, "user.version_mismatch",
                      "the user was changed by someone else; reload and retry");
  if (p.active && !*p.active)
    OG_TRY(tx.exec("UPDATE session SET revoked = 1 WHERE user_id = ? AND revoked = 0", {id}));
  OG_ASSIGN(auto after, get_user(tx, org::Scope::everything(), id));
  if (p.display_name || p.active)  // preference changes are not worth an audit record
    OG_TRY(audit::append(tx, actor, "user.update", "user", std::to_string(id),
                         boost::json::object{{"before", brief(before)}, {"after", brief(after)}},
                         after.org_path));
  return after;
}

Result<Grant> add_grant(store::Tx& tx, const audit::Actor& actor, const org::Scope& scope,
                        Role granter, std::int64_t user_id, Role role, std::int64_t org_id) {
  OG_ASSIGN(auto user, get_user(tx, scope, user_id));
  if (!may_grant(granter, role))
    return forbidden("user.grant_forbidden",
                     std::string("you may not grant the role ") + std::string(role_code(role)));
  OG_ASSIGN(auto org, org_row(tx, org_id));
  if (!org || !scope.contains(org->text(1)))
    return invalid_input("user.org_not_found", "org unit not found", "org_id");
  const auto& kinds = grant_kinds(role);
  if (std::find(kinds.begin(), kinds.end(), org->text(2)) == kinds.end())
    return invalid_input("user.grant_kind_mismatch",
                         std::string(role_code(role)) + " cannot be granted on a " + org->text(2),
                         "org_id");
  for (const auto& g : user.grants)
    if (g.role == role && g.org_id == org_id)
      return conflict("user.duplicate_grant", "the user already holds this grant");
  OG_ASSIGN(const std::int64_t id,
            tx.insert("INSERT INTO user_grant (user_id, role, org_id, created_at, created_by)"
                      " VALUES (?,?,?,?,?) RETURNING id",
                      {user_id, role_code(role), org_id, now_ms(),
                       actor.user_id ? Value(actor.user_id) : Value(nullptr)}));
  OG_TRY(audit::append(
      tx, actor, "user.grant", "user", std::to_string(user_id),
      boost::json::object{
          {"after", {{"grant_id", id}, {"role", role_code(role)}, {"org_id", org_id}}}},
      org->text(1)));
  OG_ASSIGN(auto grants, grants_of(tx, user_id));
  for (auto& g : grants)
    if (g.id == id) return g;
  return internal_error("user.grant_lost", "grant vanished after insert");
}

Status remove_grant(store::Tx& tx, const audit::Actor& actor, const org::Scope& scope, Role granter,
                    std::int64_t user_id, std::int64_t grant_id) {
  OG_ASSIGN(auto user, get_user(tx, scope, user_id));
  const Grant* found = nullptr;
  for (const auto& g : user.grants)
    if (g.id == grant_id) found = &g;
  if (!found || !scope.contains(found->org_path))
    return not_found("user.grant_not_found", "grant not found");
  if (!may_grant(granter, found->role))
    return forbidden("user.grant_forbidden", "you may not revoke this role");
  if (user_id == actor.user_id && found->role == Role::sysadmin)
    return conflict("user.cannot_revoke_own_admin",
                    "you cannot revoke your own administrator role");
  if (found->role == Role::grid_worker) {
    OG_ASSIGN(auto grid, org::get_unit(tx, org::Scope::everything(), found->org_id));
    if (grid.worker_id == user_id) {
      org::UnitPatch unassign;
      unassign.set_worker = true;
      OG_TRY(
          org::update_unit(tx, actor, org::Scope::everything(), grid.id, grid.version, unassign));
    }
  }
  OG_TRY(tx.exec("DELETE FROM user_grant WHERE id = ?", {grant_id}));
  OG_TRY(audit::append(
      tx, actor, "user.revoke", "user", std::to_string(user_id),
      boost::json::object{
          {"before",
           {{"grant_id", grant_id}, {"role", role_code(found->role)}, {"org_id", found->org_id}}}},
      found->org_path));
  return ok_status();
}

Status set_password(store::Tx& tx, const audit::Actor& actor, std::int64_t user_id,
                    const std::string& password_hash, std::int64_t keep_session,
                    std::string_view action) {
  const std::int64_t now = now_ms();
  OG_ASSIGN(auto n, tx.exec("UPDATE users SET password_hash = ?, password_changed_at = ?,"
                            " failed_logins = 0, locked_until = 0, version = version + 1,"
                            " updated_at = ? WHERE id = ?",
                            {password_hash, now, now, user_id}));
  if (n != 1) return user_not_found();
  OG_TRY(tx.exec("UPDATE session SET revoked = 1 WHERE user_id = ? AND id <> ? AND revoked = 0",
                 {user_id, keep_session}));
  OG_ASSIGN(auto path, tx.query_one("SELECT o.path FROM users u JOIN org_unit o ON o.id = u.org_id"
                                    " WHERE u.id = ?",
                                    {user_id}));
  return audit::append(tx, actor, action, "user", std::to_string(user_id),
                       boost::json::object{{"sessions_revoked", true}},
                       path ? path->text(0) : std::string());
}

}  // namespace onegrid::auth
