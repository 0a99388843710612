// Bad input gets a clear 4xx problem+json with a stable code — never a 500, never a crash —
// and loses no data.

#include "integration/fixture.hpp"

namespace onegrid::testing {
namespace {

void expect_problem(const HttpClient::Reply& r, int status, const std::string& code,
                    const std::string& field = "") {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_NE(r.header("content-type").find("application/problem+json"), std::string::npos) << r.body;
  auto j = r.json();
  EXPECT_EQ(j.at("code").as_string(), code) << r.body;
  EXPECT_EQ(j.at("status").as_int64(), status);
  if (!field.empty()) {
    ASSERT_TRUE(j.as_object().if_contains("field")) << r.body;
    EXPECT_EQ(j.at("field").as_string(), field);
  }
  EXPECT_FALSE(std::string(j.at("instance").as_string()).empty());
}

TEST(Errors, UnknownRouteIs404Problem) {
  expect_problem(call("GET", "/api/v1/no-such-thing", ""), 404, "http.not_found");
}

TEST(Errors, WrongMethodIs405WithAllow) {
  auto r = call("PUT", "/api/v1/org/units", DemoServer::get().token("admin"), "{}");
  expect_problem(r, 405, "http.method_not_allowed");
  EXPECT_NE(r.header("allow").find("GET"), std::string::npos);
}

TEST(Errors, MissingAndBadTokensAre401) {
  expect_problem(call("GET", "/api/v1/org/units", ""), 401, "auth.unauthenticated");
  expect_problem(call("GET", "/api/v1/org/units", "not-a-token"), 401, "auth.unauthenticated");
  expect_problem(call("GET", "/api/v1/org/units", std::string(43, 'A')), 401,
                 "auth.unauthenticated");
}

TEST(Errors, MalformedJson) {
  const auto& t = DemoServer::get().token("admin");
  expect_problem(call("POST", "/api/v1/org/units", t, "{\"kind\": \"grid\", "), 400,
                 "json.malformed");
  expect_problem(call("POST", "/api/v1/org/units", t, "[1,2,3]"), 400, "json.not_object");
}

TEST(Errors, WrongContentType) {
  const auto& t = DemoServer::get().token("admin");
  expect_problem(call("POST", "/api/v1/org/units", t, "kind=grid",
                      {{"Content-Type", "application/x-www-form-urlencoded"}}),
                 415, "http.unsupported_media_type");
}

TEST(Errors, UnknownFieldNamesTheField) {
  auto& s = DemoServer::get();
  auto body = json_text(boost::json::object{{"kind", "department"},
                                            {"parent_id", s.unit_id(kDistrict)},
                                            {"code", "X-UNKNOWN-1"},
                                            {"name", "测试部门"},
                                            {"colour", "red"}});
  expect_problem(call("POST", "/api/v1/org/units", s.token("admin"), body), 400,
                 "json.unknown_field", "colour");
  // nothing was created
  auto list = call("GET", "/api/v1/org/units?q=X-UNKNOWN-1", s.token("admin"));
  EXPECT_EQ(list.json().at("items").as_array().size(), 0u);
}

TEST(Errors, WrongTypeAndMissingField) {
  auto& s = DemoServer::get();
  expect_problem(
      call("POST", "/api/v1/org/units", s.token("admin"),
           json_text(boost::json::object{
               {"kind", "department"}, {"parent_id", "one"}, {"code", "X1"}, {"name", "n"}})),
      400, "json.wrong_type", "parent_id");
  expect_problem(call("POST", "/api/v1/org/units", s.token("admin"),
                      json_text(boost::json::object{{"kind", "department"}, {"code", "X1"}})),
                 400, "json.required", "name");
}

TEST(Errors, BadUtf8IsRejected) {
  const auto& t = DemoServer::get().token("admin");
  std::string body = "{\"username\":\"a\xff\xfe\",\"password\":\"x\"}";
  auto r = call("POST", "/api/v1/auth/login", t, body);
  expect_problem(r, 400, "json.malformed");
}

TEST(Errors, OversizedBodyIs413) {
  const auto& t = DemoServer::get().token("admin");
  std::string big = "{\"name\":\"" + std::string(2 << 20, 'x') + "\"}";
  auto r = call("POST", "/api/v1/org/units", t, big);
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
  EXPECT_EQ(r.json().at("code").as_string(), "http.body_too_large");
}

TEST(Errors, BadIdsAndQueryParameters) {
  const auto& t = DemoServer::get().token("admin");
  expect_problem(call("GET", "/api/v1/org/units/abc", t), 400, "api.invalid_id", "id");
  expect_problem(call("GET", "/api/v1/org/units/-5", t), 400, "api.invalid_id", "id");
  expect_problem(call("GET", "/api/v1/org/units/99999999", t), 404, "org.not_found");
  expect_problem(call("GET", "/api/v1/org/units?limit=0", t), 400, "query.invalid", "limit");
  expect_problem(call("GET", "/api/v1/org/units?kind=planet", t), 400, "query.invalid", "kind");
  expect_problem(call("GET", "/api/v1/org/locate?lon=abc&lat=40", t), 400, "query.invalid", "lon");
  expect_problem(call("GET", "/api/v1/org/locate?lon=500&lat=40", t), 400, "geo.bad_coordinates",
                 "lon");
  expect_problem(call("GET", "/api/v1/audit?from=yesterday", t), 400, "query.invalid", "from");
}

TEST(Errors, InvalidGeometryIsRejectedWithItsReason) {
  auto& s = DemoServer::get();
  // a bow-tie: self-intersecting ring
  boost::json::value bowtie = {
      {"type", "Polygon"},
      {"coordinates",
       {{{116.40, 39.90}, {116.41, 39.91}, {116.41, 39.90}, {116.40, 39.91}, {116.40, 39.90}}}}};
  auto body = json_text(boost::json::object{{"kind", "grid"},
                                            {"parent_id", s.unit_id(kCommunity1)},
                                            {"code", "X-BOWTIE"},
                                            {"name", "坏网格"},
                                            {"boundary", bowtie}});
  expect_problem(call("POST", "/api/v1/org/units", s.token("admin"), body), 400,
                 "geo.invalid_polygon", "boundary");
  boost::json::value open_ring = {
      {"type", "Polygon"},
      {"coordinates", {{{116.40, 39.90}, {116.41, 39.90}, {116.41, 39.91}, {116.40, 39.91}}}}};
  body = json_text(boost::json::object{{"kind", "grid"},
                                       {"parent_id", s.unit_id(kCommunity1)},
                                       {"code", "X-OPEN"},
                                       {"name", "坏网格"},
                                       {"boundary", open_ring}});
  auto r = call("POST", "/api/v1/org/units", s.token("admin"), body);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json().at("field").as_string(), "boundary");
}

TEST(Errors, RawGarbageGets400AndServerSurvives) {
  auto c = DemoServer::get().client();
  auto r = c.raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(call("GET", "/healthz", "").status, 200);
}

TEST(Errors, PasswordPolicyErrorsNameTheField) {
  auto& s = DemoServer::get();
  auto body = json_text(boost::json::object{{"username", "policytest1"},
                                            {"display_name", "策略测试"},
                                            {"org_id", s.unit_id(kCommunity1)},
                                            {"password", "short"}});
  expect_problem(call("POST", "/api/v1/users", s.token("admin"), body), 400, "password.too_short",
                 "password");
  body = json_text(boost::json::object{{"username", "policytest1"},
                                       {"display_name", "策略测试"},
                                       {"org_id", s.unit_id(kCommunity1)},
                                       {"password", "password1234"}});
  auto r = call("POST", "/api/v1/users", s.token("admin"), body);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json().at("field").as_string(), "password");
}

}  // namespace
}  // namespace onegrid::testing
