// The scope matrix: every object endpoint × every role × an object inside and one outside the
// caller's org subtree. Out-of-scope objects are 404 (they do not exist for the caller), missing
// permissions are 403, and lists never contain anything outside the caller's subtrees.

#include <algorithm>
#include <cstdio>
#include <set>

#include "integration/fixture.hpp"

namespace onegrid::testing {
namespace {

// Demo accounts, each with one grant (see src/demo/seed.cpp).
const std::vector<std::string> kRoles = {"admin", "district", "street",  "community", "gridworker",
                                         "dept",  "party",    "partner", "resident"};

struct Case {
  std::string name;  // endpoint
  std::string method;
  std::string target;   // {grid_in}, {community_in}, {user_in}, {street_in}, {grid_point}: the
  std::string body;     // in-scope object, or its out-of-scope twin (also replaced in the body)
  bool if_match_stale;  // send If-Match for a version that is not current
  // expected status per role: {in-scope, out-of-scope}
  std::map<std::string, std::pair<int, int>> expect;
};

std::string replace(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

std::vector<Case> cases() {
  // Grid 1 is in street 1 / community 1; the far grid is in street 3 / community 3.
  const std::pair<int, int> both{200, 200}, in_only{200, 404}, none{403, 403}, hidden{404, 404};
  std::map<std::string, std::pair<int, int>> org_read = {
      {"admin", both},        {"district", both},      {"street", in_only},
      {"community", in_only}, {"gridworker", in_only}, {"dept", hidden},
      {"party", in_only},     {"partner", none},       {"resident", none}};
  std::map<std::string, std::pair<int, int>> org_write_stale = {
      {"admin", {412, 412}},     {"district", {412, 412}}, {"street", {412, 404}},
      {"community", {412, 404}}, {"gridworker", none},     {"dept", none},
      {"party", none},           {"partner", none},        {"resident", none}};
  std::map<std::string, std::pair<int, int>> user_read = {
      {"admin", both},        {"district", both},   {"street", in_only},
      {"community", in_only}, {"gridworker", none}, {"dept", none},
      {"party", in_only},     {"partner", none},    {"resident", none}};
  std::map<std::string, std::pair<int, int>> user_write = {
      {"admin", both},        {"district", both},   {"street", in_only},
      {"community", in_only}, {"gridworker", none}, {"dept", none},
      {"party", none},        {"partner", none},    {"resident", none}};
  std::map<std::string, std::pair<int, int>> create_dup = {
      {"admin", {409, 409}},     {"district", {409, 409}}, {"street", {409, 400}},
      {"community", {400, 400}}, {"gridworker", none},     {"dept", none},
      {"party", none},           {"partner", none},        {"resident", none}};
  std::map<std::string, std::pair<int, int>> grant_dup = {
      {"admin", {409, 409}},     {"district", {409, 409}}, {"street", {409, 404}},
      {"community", {409, 404}}, {"gridworker", none},     {"dept", none},
      {"party", none},           {"partner", none},        {"resident", none}};
  std::map<std::string, std::pair<int, int>> reset_weak = {
      {"admin", {400, 400}},     {"district", {400, 400}}, {"street", {400, 404}},
      {"community", {400, 404}}, {"gridworker", none},     {"dept", none},
      {"party", none},           {"partner", none},        {"resident", none}};
  std::map<std::string, std::pair<int, int>> locate = org_read;  // the grid found, or 404
  std::map<std::string, std::pair<int, int>> validation = org_read;
  validation["gridworker"] = hidden;  // a grid worker's subtree holds no community
  return {
      {"get unit", "GET", "/api/v1/org/units/{grid_in}", "", false, org_read},
      {"unit history", "GET", "/api/v1/org/units/{grid_in}/history", "", false, org_read},
      {"edit unit (stale If-Match)", "PATCH", "/api/v1/org/units/{grid_in}", R"({"name_en":"x"})",
       true, org_write_stale},
      {"deactivate unit (stale If-Match)", "DELETE", "/api/v1/org/units/{grid_in}", "", true,
       org_write_stale},
      {"community validation", "GET", "/api/v1/org/units/{community_in}/validation", "", false,
       validation},
      {"get user", "GET", "/api/v1/users/{user_in}", "", false, user_read},
      {"edit user", "PATCH", "/api/v1/users/{user_in}", R"({"display_name":"同名居民"})", false,
       user_write},
      // a unit whose code exists: in scope the parent is found (409 duplicate), out of scope it
      // is not (400 parent_not_found) — nothing is created either way
      {"create unit", "POST", "/api/v1/org/units",
       R"({"kind":"department","parent_id":{street_in},"code":"110105-D01","name":"重复部门"})",
       false, create_dup},
      // a grant the user holds already: in scope 409; out of scope the user does not exist (404)
      {"grant role", "POST", "/api/v1/users/{user_in}/grants",
       R"({"role":"resident","org_id":{community_in}})", false, grant_dup},
      // a password the policy refuses: in scope 400; out of scope 404
      {"reset password", "POST", "/api/v1/users/{user_in}/password", R"({"new_password":"short"})",
       false, reset_weak},
      {"locate point", "GET", "/api/v1/org/locate?{grid_point}", "", false, locate},
  };
}

class ScopeMatrix : public ::testing::Test {
 protected:
  std::string target(const std::string& templ, bool in) {
    auto& s = DemoServer::get();
    std::string t = templ;
    t = replace(t, "{grid_in}", std::to_string(s.unit_id(in ? kGrid1 : kFarGrid)));
    t = replace(t, "{community_in}", std::to_string(s.unit_id(in ? kCommunity1 : kFarCommunity)));
    t = replace(t, "{street_in}", std::to_string(s.unit_id(in ? kStreet1 : "110105-003")));
    t = replace(t, "{user_in}", std::to_string(in ? s.user_id("resident") : far_resident()));
    if (t.find("{grid_point}") != std::string::npos)
      t = replace(t, "{grid_point}", centre_of(in ? kGrid1 : kFarGrid));
    return t;
  }
  // "lon=…&lat=…" of a point inside a demo grid (the centre of its bounding box).
  static std::string centre_of(const char* code) {
    auto& s = DemoServer::get();
    auto g = call("GET", "/api/v1/org/units/" + std::to_string(s.unit_id(code)), s.token("admin"))
                 .json();
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    const auto& geom = g.at("boundary");
    const auto& ring = geom.at("type") == "Polygon" ? geom.at("coordinates").at(0)
                                                    : geom.at("coordinates").at(0).at(0);
    for (const auto& p : ring.as_array()) {
      const double x = p.at(0).to_number<double>(), y = p.at(1).to_number<double>();
      x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
    }
    char buf[96];
    std::snprintf(buf, sizeof buf, "lon=%.7f&lat=%.7f", (x0 + x1) / 2, (y0 + y1) / 2);
    return buf;
  }
  // A resident of the far community, created once.
  std::int64_t far_resident() {
    static std::int64_t id = 0;
    if (id) return id;
    auto& s = DemoServer::get();
    auto r = call("POST", "/api/v1/users", s.token("admin"),
                  json_text(boost::json::object{{"username", "farresident"},
                                                {"display_name", "远方居民"},
                                                {"org_id", s.unit_id(kFarCommunity)},
                                                {"password", "Far-Away-Resident-1"},
                                                {"role", "resident"}}));
    EXPECT_EQ(r.status, 201) << r.body;
    id = r.json().at("id").as_int64();
    return id;
  }
};

TEST_F(ScopeMatrix, EveryEndpointRoleAndScope) {
  auto& s = DemoServer::get();
  int checked = 0;
  for (const auto& c : cases()) {
    ASSERT_EQ(c.expect.size(), kRoles.size()) << c.name << ": every role needs an expectation";
    for (const auto& role : kRoles) {
      for (bool in : {true, false}) {
        std::map<std::string, std::string> headers;
        if (c.if_match_stale) headers["If-Match"] = "\"v999999\"";
        auto r = call(c.method, target(c.target, in), s.token(role), target(c.body, in), headers);
        const int want = in ? c.expect.at(role).first : c.expect.at(role).second;
        EXPECT_EQ(r.status, want) << c.name << " as " << role << " on the " << (in ? "in" : "out")
                                  << "-of-scope object: " << r.body;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(cases().size() * kRoles.size() * 2));
}

// Lists: every item lies inside one of the caller's grants' subtrees, and the out-of-scope
// object never appears.
TEST_F(ScopeMatrix, ListsStayInsideTheCallersSubtree) {
  auto& s = DemoServer::get();
  const auto far_grid = s.unit_id(kFarGrid);
  const auto far_user = far_resident();
  std::map<std::int64_t, std::string> path_of;  // every unit's path, as the administrator sees it
  for (const auto& u : items_of(call("GET", "/api/v1/org/units?limit=2000", s.token("admin"))))
    path_of[u.at("id").as_int64()] = std::string(u.at("path").as_string());
  for (const auto& role : kRoles) {
    auto me = call("GET", "/api/v1/auth/me", s.token(role)).json();
    std::vector<std::string> roots;
    bool all = false;
    for (const auto& g : me.at("grants").as_array()) {
      all = all || g.at("role") == "sysadmin";
      auto unit = call("GET", "/api/v1/org/units/" + std::to_string(g.at("org_id").as_int64()),
                       s.token("admin"));
      roots.emplace_back(unit.json().at("path").as_string());
    }
    auto inside = [&](const std::string& path) {
      if (all) return true;
      for (const auto& r : roots)
        if (path.rfind(r, 0) == 0) return true;
      return false;
    };
    auto units = call("GET", "/api/v1/org/units?limit=2000", s.token(role));
    if (units.status == 200) {
      std::set<std::int64_t> ids;
      for (const auto& u : items_of(units)) {
        EXPECT_TRUE(inside(std::string(u.at("path").as_string())))
            << role << " sees unit " << u.at("code").as_string();
        ids.insert(u.at("id").as_int64());
      }
      EXPECT_EQ(ids.count(far_grid), all || role == "district" ? 1u : 0u) << role;
    } else {
      EXPECT_EQ(units.status, 403) << role;
    }
    auto users = call("GET", "/api/v1/users?limit=500", s.token(role));
    if (users.status == 200) {
      bool sees_far_user = false;
      for (const auto& u : items_of(users)) {
        EXPECT_TRUE(inside(path_of.at(u.at("org_id").as_int64())))
            << role << " sees user " << u.at("username").as_string();
        sees_far_user = sees_far_user || u.at("id").as_int64() == far_user;
      }
      // the first page (500) covers the whole demo for the roles that may see far users
      EXPECT_EQ(sees_far_user, all || role == "district") << role;
    } else {
      EXPECT_EQ(users.status, 403) << role;
    }
    auto audit = call("GET", "/api/v1/audit?limit=200", s.token(role));
    if (audit.status == 200) {
      for (const auto& e : items_of(audit)) {
        if (all || role == "district") break;
        EXPECT_FALSE(e.at("object_type") == "org_unit" &&
                     e.at("object_id").as_string() == std::to_string(far_grid))
            << role << " sees " << e;
      }
    } else {
      EXPECT_EQ(audit.status, 403) << role;
    }
  }
}

// Writes outside the caller's scope are refused even with a correct version, and change nothing.
TEST_F(ScopeMatrix, OutOfScopeWriteWithCurrentVersionChangesNothing) {
  auto& s = DemoServer::get();
  const auto far = std::to_string(s.unit_id(kFarGrid));
  auto before = call("GET", "/api/v1/org/units/" + far, s.token("admin"));
  ASSERT_EQ(before.status, 200);
  for (const std::string role : {"street", "community"}) {
    auto r = call("PATCH", "/api/v1/org/units/" + far, s.token(role), R"({"name":"越权修改"})",
                  {{"If-Match", before.header("etag")}});
    EXPECT_EQ(r.status, 404) << role << r.body;
  }
  auto after = call("GET", "/api/v1/org/units/" + far, s.token("admin"));
  EXPECT_EQ(after.json().at("name"), before.json().at("name"));
  EXPECT_EQ(after.header("etag"), before.header("etag"));
}

// Granting: a community worker may make residents in the community, not street officers, and
// not anywhere else.
TEST_F(ScopeMatrix, GrantsRespectRankAndScope) {
  auto& s = DemoServer::get();
  const auto& t = s.token("community");
  auto made = call("POST", "/api/v1/users", t,
                   json_text(boost::json::object{{"username", "newvolunteer"},
                                                 {"display_name", "新志愿者"},
                                                 {"org_id", s.unit_id(kCommunity1)},
                                                 {"password", "Volunteer-Pass-2026"},
                                                 {"role", "resident"}}));
  ASSERT_EQ(made.status, 201) << made.body;
  const auto id = std::to_string(made.json().at("id").as_int64());
  auto up = call(
      "POST", "/api/v1/users/" + id + "/grants", t,
      json_text(boost::json::object{{"role", "street_officer"}, {"org_id", s.unit_id(kStreet1)}}));
  EXPECT_EQ(up.status, 403) << up.body;
  auto away = call(
      "POST", "/api/v1/users/" + id + "/grants", t,
      json_text(boost::json::object{{"role", "grid_worker"}, {"org_id", s.unit_id(kFarGrid)}}));
  EXPECT_EQ(away.status, 400) << away.body;
  EXPECT_EQ(away.json().at("code").as_string(), "user.org_not_found");
  auto ok =
      call("POST", "/api/v1/users/" + id + "/grants", t,
           json_text(boost::json::object{{"role", "grid_worker"}, {"org_id", s.unit_id(kGrid1)}}));
  EXPECT_EQ(ok.status, 201) << ok.body;
  auto wrong_kind = call(
      "POST", "/api/v1/users/" + id + "/grants", t,
      json_text(boost::json::object{{"role", "grid_worker"}, {"org_id", s.unit_id(kCommunity1)}}));
  EXPECT_EQ(wrong_kind.status, 400);
  EXPECT_EQ(wrong_kind.json().at("code").as_string(), "user.grant_kind_mismatch");
}

}  // namespace
}  // namespace onegrid::testing
