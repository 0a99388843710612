// Accounts over HTTP: login, lockout, rate limit, logout, password change, preferences.

#include "integration/fixture.hpp"

namespace onegrid::testing {
namespace {

using boost::json::object;

HttpClient::Reply login_reply(HttpClient& c, const std::string& user, const std::string& password) {
  return c.request("POST", "/api/v1/auth/login",
                   json_text(object{{"username", user}, {"password", password}}),
                   {{"Content-Type", "application/json"}});
}

// Creates a user with a role on the first community; returns its id.
std::int64_t make_user(const std::string& username, const std::string& password,
                       const std::string& role = "resident") {
  auto& s = DemoServer::get();
  auto r = call("POST", "/api/v1/users", s.token("admin"),
                json_text(object{{"username", username},
                                 {"display_name", "测试用户"},
                                 {"org_id", s.unit_id(kCommunity1)},
                                 {"password", password},
                                 {"role", role}}));
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json().at("id").as_int64() : 0;
}

TEST(Auth, LoginReturnsTokenUserAndPermissions) {
  auto c = DemoServer::get().client();
  auto r = login_reply(c, "community", kPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  std::string token(j.at("token").as_string());
  EXPECT_GE(token.size(), 22u);  // ≥ 128 bits, base64url
  EXPECT_EQ(j.at("user").at("username").as_string(), "community");
  EXPECT_EQ(j.at("user").at("grants").as_array().at(0).at("role").as_string(), "community_worker");
  bool has_org_read = false;
  for (const auto& p : j.at("user").at("permissions").as_array()) has_org_read |= p == "org.read";
  EXPECT_TRUE(has_org_read);
  EXPECT_EQ(r.header("cache-control"), "no-store");
  auto me = call("GET", "/api/v1/auth/me", token);
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("username").as_string(), "community");
}

TEST(Auth, WrongPasswordAndUnknownUserLookAlike) {
  auto c = DemoServer::get().client();
  auto a = login_reply(c, "community", "wrong-password-123");
  auto b = login_reply(c, "nobody-here", "wrong-password-123");
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(b.status, 401);
  EXPECT_EQ(a.json().at("code"), b.json().at("code"));
  EXPECT_EQ(a.json().at("detail"), b.json().at("detail"));
}

// A username that does not exist locks out like one that does: the lock does not tell.
TEST(Auth, UnknownUsernamesLockOutTheSameWay) {
  auto c = DemoServer::get().client();
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(login_reply(c, "no-such-account-x", "not-the-password").status, 401);
  auto locked = login_reply(c, "no-such-account-x", "not-the-password");
  EXPECT_EQ(locked.status, 423) << locked.body;
  EXPECT_EQ(locked.json().at("code").as_string(), "auth.account_locked");
  const int retry = std::stoi(locked.header("retry-after"));
  EXPECT_GT(retry, 9 * 60);
  EXPECT_LE(retry, 10 * 60);
  // Another unknown name is not affected.
  EXPECT_EQ(login_reply(c, "no-such-account-y", "not-the-password").status, 401);
}

TEST(Auth, FiveFailuresLockTheAccount) {
  const std::string pw = "Lockout-Test-Pass-1";
  make_user("locktest", pw);
  auto c = DemoServer::get().client();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(login_reply(c, "locktest", "not-the-password").status, 401);
  EXPECT_EQ(login_reply(c, "locktest", "not-the-password").status, 401);  // the 5th locks
  auto locked = login_reply(c, "locktest", pw);                           // even the right password
  EXPECT_EQ(locked.status, 423) << locked.body;
  EXPECT_EQ(locked.json().at("code").as_string(), "auth.account_locked");
  const int retry = std::stoi(locked.header("retry-after"));
  EXPECT_GT(retry, 9 * 60);  // the first lockout lasts 10 minutes
  EXPECT_LE(retry, 10 * 60);
  // the admin sees the lock, and the audit log recorded it
  auto& s = DemoServer::get();
  auto u = call("GET", "/api/v1/users/" + std::to_string(s.user_id("locktest")), s.token("admin"));
  EXPECT_TRUE(u.json().at("locked").as_bool());
  auto audit =
      call("GET", "/api/v1/audit?action=auth.account_locked&username=locktest", s.token("admin"));
  EXPECT_EQ(audit.json().at("items").as_array().size(), 1u) << audit.body;
  // an administrator's password reset unlocks it
  auto reset = call("POST", "/api/v1/users/" + std::to_string(s.user_id("locktest")) + "/password",
                    s.token("admin"), json_text(object{{"new_password", "Fresh-Unlock-Pass-2"}}));
  EXPECT_EQ(reset.status, 204) << reset.body;
  EXPECT_EQ(login_reply(c, "locktest", "Fresh-Unlock-Pass-2").status, 200);
}

TEST(Auth, LogoutRevokesTheToken) {
  auto& s = DemoServer::get();
  std::string t = s.login("party");
  ASSERT_EQ(call("GET", "/api/v1/auth/me", t).status, 200);
  EXPECT_EQ(call("POST", "/api/v1/auth/logout", t).status, 204);
  auto after = call("GET", "/api/v1/auth/me", t);
  EXPECT_EQ(after.status, 401);
}

TEST(Auth, PasswordChangeEndsOtherSessions) {
  const std::string pw = "Change-Me-Later-9";
  make_user("pwchange", pw);
  auto& s = DemoServer::get();
  std::string first = s.login("pwchange", pw);
  std::string second = s.login("pwchange", pw);
  auto bad = call("POST", "/api/v1/auth/password", first,
                  json_text(object{{"current_password", "wrong-current-1"},
                                   {"new_password", "Brand-New-Pass-77"}}));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("code").as_string(), "auth.wrong_current_password");
  auto weak = call("POST", "/api/v1/auth/password", first,
                   json_text(object{{"current_password", pw}, {"new_password", "123456789012"}}));
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.json().at("field").as_string(), "new_password");
  auto ok =
      call("POST", "/api/v1/auth/password", first,
           json_text(object{{"current_password", pw}, {"new_password", "Brand-New-Pass-77"}}));
  EXPECT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(call("GET", "/api/v1/auth/me", first).status, 200);   // this session stays
  EXPECT_EQ(call("GET", "/api/v1/auth/me", second).status, 401);  // the other one ended
  auto c = s.client();
  EXPECT_EQ(login_reply(c, "pwchange", pw).status, 401);
  EXPECT_EQ(login_reply(c, "pwchange", "Brand-New-Pass-77").status, 200);
}

TEST(Auth, DeactivatedUserCannotLogIn) {
  const std::string pw = "Deactivate-Me-55";
  auto id = make_user("deactivated", pw);
  auto& s = DemoServer::get();
  std::string t = s.login("deactivated", pw);
  auto r = call("PATCH", "/api/v1/users/" + std::to_string(id), s.token("admin"),
                json_text(object{{"active", false}}));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(call("GET", "/api/v1/auth/me", t).status, 401);
  auto c = s.client();
  EXPECT_EQ(login_reply(c, "deactivated", pw).status, 401);
}

TEST(Auth, PreferencesPersistPerUser) {
  auto& s = DemoServer::get();
  const auto& t = s.token("gridworker");
  auto r = call("PATCH", "/api/v1/auth/me/prefs", t,
                json_text(object{{"locale", "en"}, {"elder_mode", true}}));
  ASSERT_EQ(r.status, 200) << r.body;
  auto me = call("GET", "/api/v1/auth/me", t).json();
  EXPECT_EQ(me.at("prefs").at("locale").as_string(), "en");
  EXPECT_TRUE(me.at("prefs").at("elder_mode").as_bool());
  auto bad = call("PATCH", "/api/v1/auth/me/prefs", t, json_text(object{{"locale", "fr"}}));
  EXPECT_EQ(bad.status, 400);
  auto other = call("PATCH", "/api/v1/auth/me/prefs", t,
                    json_text(object{{"active_org_id", s.unit_id(kFarGrid)}}));
  EXPECT_EQ(other.status, 400);
}

TEST(Auth, LoginAttemptsAreRateLimitedPerAddress) {
  ServerProcess server({"--login-burst", "3", "--login-per-minute", "1"});
  server.start();
  HttpClient c("127.0.0.1", server.port());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login_reply(c, "nobody", "whatever-password").status, 401);
  auto limited = login_reply(c, "admin", kPassword);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.json().at("code").as_string(), "auth.rate_limited");
  EXPECT_GT(std::stoi(limited.header("retry-after")), 0);
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace onegrid::testing
