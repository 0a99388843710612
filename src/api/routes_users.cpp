// 用户管理: users in scope, role grants, administrator password resets, the role catalogue.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/api.hpp"
#include "api/json_io.hpp"
#include "auth/accounts.hpp"
#include "auth/password.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

using auth::Permission;

http::Response user_response(int status, const auth::User& u) {
  auto res = json_response(status, auth::to_json(u));
  res.set_header("ETag", etag_for(u.version));
  return res;
}

// The role the caller grants with: the highest-ranked role allowing user.manage.
auth::Role granter_role(const Call& c) {
  const auth::Grant* g = c.who->acting_grant(Permission::user_manage);
  return g ? g->role : auth::Role::resident;
}

Result<http::Response> list(Call& c) {
  auth::UserFilter f;
  f.q = c.req.query_param("q");
  f.role = c.req.query_param("role");
  if (f.role && !auth::parse_role(*f.role))
    return invalid_input("query.invalid", "unknown role", "role");
  OG_ASSIGN(f.org_id, query_int(c.req, "org_id", 1, INT64_MAX));
  OG_ASSIGN(f.after_id, query_int(c.req, "after", 0, INT64_MAX));
  OG_ASSIGN(auto limit, query_int(c.req, "limit", 1, 500));
  f.limit = static_cast<int>(limit.value_or(100));
  std::vector<auth::User> users;
  OG_TRY(c.svc.store.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(users, auth::list_users(tx, c.scope(Permission::user_read), f));
    return ok_status();
  }));
  boost::json::array items;
  for (const auto& u : users) items.push_back(auth::to_json(u));
  return page_response(std::move(items), static_cast<std::size_t>(f.limit),
                       users.empty() ? 0 : users.back().id);
}

Result<http::Response> get(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto u, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return auth::get_user(tx, c.scope(Permission::user_read), id);
            }));
  return user_response(200, u);
}

Result<std::string> checked_hash(std::string_view password, std::string_view username,
                                 const char* field) {
  auto policy = auth::check_password_policy(password, username);
  if (!policy) {
    Error e = policy.error();
    e.field = field;
    return e;
  }
  return auth::hash_password(password);
}

Result<http::Response> create(Call& c) {
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  auth::NewUser in;
  OG_ASSIGN(in.username, body.text("username", 32));
  OG_ASSIGN(in.display_name, body.text("display_name", 100));
  OG_ASSIGN(in.org_id, body.integer("org_id"));
  OG_ASSIGN(auto password, body.opt_text("password", 1024));
  OG_ASSIGN(auto role, body.opt_text("role", 40));
  OG_TRY(body.finish());
  OG_TRY(auth::validate_username(in.username));
  if (!password || password->empty())
    return invalid_input("json.required", "password is required", "password");
  std::optional<auth::Role> initial_role;
  if (role) {
    initial_role = auth::parse_role(*role);
    if (!initial_role) return invalid_input("user.invalid_role", "unknown role", "role");
  }
  OG_ASSIGN(in.password_hash, checked_hash(*password, in.username, "password"));
  auth::User u;
  OG_TRY(c.svc.store.write([&](store::Tx& tx) -> Status {
    const auto scope = c.scope(Permission::user_manage);
    const auto actor = c.actor(Permission::user_manage);
    OG_ASSIGN(u, auth::create_user(tx, actor, scope, in));
    if (initial_role) {
      OG_TRY(auth::add_grant(tx, actor, scope, granter_role(c), u.id, *initial_role, in.org_id));
      OG_ASSIGN(u, auth::get_user(tx, scope, u.id));
    }
    return ok_status();
  }));
  auto res = user_response(201, u);
  res.set_header("Location", "/api/v1/users/" + std::to_string(u.id));
  return res;
}

Result<http::Response> patch(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto version, c.if_match());
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  auth::UserPatch p;
  OG_ASSIGN(p.display_name, body.opt_text("display_name", 100));
  OG_ASSIGN(p.active, body.opt_boolean("active"));
  OG_TRY(body.finish());
  OG_ASSIGN(auto u, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return auth::update_user(tx, c.actor(Permission::user_manage),
                                       c.scope(Permission::user_manage), id, version, p,
                                       granter_role(c));
            }));
  c.svc.auth.forget_user(u.id);  // the change applies to the next request
  return user_response(200, u);
}

Result<http::Response> grant(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  OG_ASSIGN(auto role_text, body.text("role", 40));
  OG_ASSIGN(auto org_id, body.integer("org_id"));
  OG_TRY(body.finish());
  auto role = auth::parse_role(role_text);
  if (!role) return invalid_input("user.invalid_role", "unknown role", "role");
  auth::User u;
  OG_TRY(c.svc.store.write([&](store::Tx& tx) -> Status {
    const auto scope = c.scope(Permission::user_manage);
    OG_TRY(auth::add_grant(tx, c.actor(Permission::user_manage), scope, granter_role(c), id, *role,
                           org_id));
    OG_ASSIGN(u, auth::get_user(tx, scope, id));
    return ok_status();
  }));
  c.svc.auth.forget_user(u.id);  // the change applies to the next request
  return user_response(201, u);
}

Result<http::Response> revoke(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto grant_id, c.id_param("grant_id"));
  auth::User u;
  OG_TRY(c.svc.store.write([&](store::Tx& tx) -> Status {
    const auto scope = c.scope(Permission::user_manage);
    OG_TRY(auth::remove_grant(tx, c.actor(Permission::user_manage), scope, granter_role(c), id,
                              grant_id));
    OG_ASSIGN(u, auth::get_user(tx, scope, id));
    return ok_status();
  }));
  c.svc.auth.forget_user(u.id);  // the change applies to the next request
  return user_response(200, u);
}

Result<http::Response> reset_password(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  OG_ASSIGN(auto password, body.opt_text("new_password", 1024));
  OG_TRY(body.finish());
  if (!password || password->empty())
    return invalid_input("json.required", "new_password is required", "new_password");
  OG_ASSIGN(auto target, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return auth::get_user(tx, c.scope(Permission::user_manage), id);
            }));
  // An administrator may not reset the password of someone ranked at or above them.
  if (target.id == c.who->user_id)
    return forbidden("user.reset_own_password",
                     "change your own password with the current one instead");
  if (!auth::outranks(granter_role(c), target))
    return forbidden("user.reset_forbidden", "you may not reset this user's password");
  OG_ASSIGN(auto hash, checked_hash(*password, target.username, "new_password"));
  OG_TRY(c.svc.store.write([&](store::Tx& tx) {
    return auth::set_password(tx, c.actor(Permission::user_manage), id, hash, 0,
                              "user.password_reset");
  }));
  c.svc.auth.forget_user(id);
  http::Response r;
  r.status = 204;
  return r;
}

Result<http::Response> roles(Call&) {
  boost::json::array items;
  for (auto role : auth::all_roles()) {
    boost::json::array perms, kinds;
    for (auto p : auth::all_permissions())
      if (auth::role_allows(role, p)) perms.push_back(boost::json::value(auth::permission_code(p)));
    for (auto k : auth::grant_kinds(role)) kinds.push_back(boost::json::value(k));
    items.push_back(boost::json::object{{"code", auth::role_code(role)},
                                        {"name", auth::role_name_zh(role)},
                                        {"permissions", std::move(perms)},
                                        {"grant_kinds", std::move(kinds)}});
  }
  return json_response(200, boost::json::object{{"items", std::move(items)}});
}

}  // namespace

void register_user_routes(Routes& routes) {
  auto add = [&](const char* m, const char* p, Permission perm, const char* s, RouteHandler h) {
    routes.push_back({m, p, perm, s, std::move(h)});
  };
  add("GET", "/api/v1/roles", Permission::self,
      "The roles, their permissions and grantable org kinds", roles);
  add("GET", "/api/v1/users", Permission::user_read,
      "List users in scope (filters: q, role, org_id)", list);
  add("POST", "/api/v1/users", Permission::user_manage,
      "Create a user (optionally with a first role)", create);
  add("GET", "/api/v1/users/{id}", Permission::user_read, "One user with grants", get);
  add("PATCH", "/api/v1/users/{id}", Permission::user_manage,
      "Edit display name or deactivate (If-Match optional)", patch);
  add("POST", "/api/v1/users/{id}/grants", Permission::user_manage, "Grant a role on an org unit",
      grant);
  add("DELETE", "/api/v1/users/{id}/grants/{grant_id}", Permission::user_manage, "Revoke a grant",
      revoke);
  add("POST", "/api/v1/users/{id}/password", Permission::user_manage,
      "Reset a user's password; ends the user's sessions", reset_password);
}

}  // namespace onegrid::api
