// Login, logout, the caller's own profile, preferences and password.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/api.hpp"
#include "api/json_io.hpp"
#include "auth/accounts.hpp"
#include "base/clock.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

using auth::Permission;

boost::json::value me_json(const auth::User& u) {
  boost::json::object o = to_json(u).as_object();
  boost::json::array perms;
  for (auto p : auth::all_permissions()) {
    for (const auto& g : u.grants)
      if (auth::role_allows(g.role, p)) {
        perms.push_back(boost::json::value(auth::permission_code(p)));
        break;
      }
  }
  o["permissions"] = std::move(perms);
  return o;
}

Result<http::Response> login(Call& c) {
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  OG_ASSIGN(auto username, body.text("username", 64));
  OG_ASSIGN(auto password, body.opt_text("password", 1024));
  OG_TRY(body.finish());
  if (!password || password->empty())
    return invalid_input("json.required", "password is required", "password");
  OG_ASSIGN(auto result, c.svc.auth.login(username, *password, c.client()));
  OG_ASSIGN(auto me, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return auth::get_user(tx, org::Scope::everything(), result.principal.user_id);
            }));
  auto res = json_response(200, boost::json::object{{"token", result.token},
                                                    {"expires_at", format_utc(result.expires_at)},
                                                    {"user", me_json(me)}});
  res.set_header("Cache-Control", "no-store");
  return res;
}

Result<http::Response> me(Call& c) {
  OG_ASSIGN(auto me, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return auth::get_user(tx, org::Scope::everything(), c.who->user_id);
            }));
  return json_response(200, me_json(me));
}

Result<http::Response> update_prefs(Call& c) {
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  OG_ASSIGN(auto locale, body.opt_text("locale", 10));
  OG_ASSIGN(auto elder, body.opt_boolean("elder_mode"));
  OG_ASSIGN(auto org_id, body.opt_integer("active_org_id"));
  OG_TRY(body.finish());
  if (locale && *locale != "zh-CN" && *locale != "en")
    return invalid_input("prefs.invalid_locale", "locale must be zh-CN or en", "locale");
  auth::User after;
  OG_TRY(c.svc.store.write([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto me, auth::get_user(tx, org::Scope::everything(), c.who->user_id));
    boost::system::error_code ec;
    boost::json::value prefs = boost::json::parse(me.prefs, ec);
    if (ec || !prefs.is_object()) prefs = boost::json::object();
    if (locale) prefs.as_object()["locale"] = *locale;
    if (elder) prefs.as_object()["elder_mode"] = *elder;
    if (org_id) {
      bool granted = false;
      for (const auto& g : me.grants) granted = granted || g.org_id == *org_id;
      if (!granted)
        return invalid_input("prefs.not_your_org", "you hold no grant on that org unit",
                             "active_org_id");
      prefs.as_object()["active_org_id"] = *org_id;
    }
    auth::UserPatch p;
    p.prefs = boost::json::serialize(prefs);
    OG_ASSIGN(after, auth::update_user(tx, c.actor(Permission::self), org::Scope::everything(),
                                       c.who->user_id, std::nullopt, p));
    return ok_status();
  }));
  return json_response(200, me_json(after));
}

Result<http::Response> change_password(Call& c) {
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  OG_ASSIGN(auto current, body.opt_text("current_password", 1024));
  OG_ASSIGN(auto next, body.opt_text("new_password", 1024));
  OG_TRY(body.finish());
  if (!current || current->empty())
    return invalid_input("json.required", "current_password is required", "current_password");
  if (!next || next->empty())
    return invalid_input("json.required", "new_password is required", "new_password");
  OG_TRY(c.svc.auth.change_password(*c.who, *current, *next, c.client()));
  http::Response r;
  r.status = 204;
  return r;
}

}  // namespace

void register_auth_routes(Routes& routes) {
  routes.push_back({"POST", "/api/v1/auth/login", std::nullopt,
                    "Log in with username and password; returns a bearer token", login});
  routes.push_back({"POST", "/api/v1/auth/logout", Permission::self, "End this session",
                    [](Call& c) -> Result<http::Response> {
                      OG_TRY(c.svc.auth.logout(*c.who, c.client()));
                      http::Response r;
                      r.status = 204;
                      return r;
                    }});
  routes.push_back({"GET", "/api/v1/auth/me", Permission::self,
                    "The caller: profile, grants, permissions, preferences", me});
  routes.push_back({"PATCH", "/api/v1/auth/me/prefs", Permission::self,
                    "Update the caller's UI preferences (locale, elder mode, active org)",
                    update_prefs});
  routes.push_back({"POST", "/api/v1/auth/password", Permission::self,
                    "Change the caller's password; ends the caller's other sessions",
                    change_password});
}

}  // namespace onegrid::api
