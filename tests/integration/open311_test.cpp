// Open311 GeoReport v2 over HTTP on a real store: discovery, services, filing requests with the
// demo key (JSON and form bodies, lat/long and address-only), reading them back with their status
// and notes as the event moves through the normal workflow, tokens, filters, the spec's errors
// in JSON and XML, and the sysadmin's key management (issue, list, revoke).

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include "integration/fixture.hpp"

namespace onegrid::testing {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr const char* kDemoKey = "onegrid-demo-open311";

HttpClient::Reply get(const std::string& target) {
  return DemoServer::get().client().request("GET", target);
}

HttpClient::Reply post_json(const std::string& target, const object& body) {
  return DemoServer::get().client().request("POST", target, json_text(body),
                                            {{"Content-Type", "application/json"}});
}

std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

HttpClient::Reply post_form(const std::string& target,
                            const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [k, v] : fields)
    body += (body.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
  return DemoServer::get().client().request(
      "POST", target, body, {{"Content-Type", "application/x-www-form-urlencoded"}});
}

// A point inside demo grid 1 (the centre of its bounding box, as the org tests use).
std::pair<double, double> grid1_point() {
  auto& s = DemoServer::get();
  auto grid =
      call("GET", "/api/v1/org/units/" + std::to_string(s.unit_id(kGrid1)), s.token("admin"))
          .json();
  double b[4] = {1e9, 1e9, -1e9, -1e9};
  const auto& coords = grid.at("boundary").at("coordinates").as_array();
  std::function<void(const value&)> walk = [&](const value& v) {
    const auto& a = v.as_array();
    if (!a.empty() && a[0].is_number()) {
      const double x = a[0].to_number<double>(), y = a[1].to_number<double>();
      b[0] = std::min(b[0], x), b[1] = std::min(b[1], y);
      b[2] = std::max(b[2], x), b[3] = std::max(b[3], y);
      return;
    }
    for (const auto& c : a) walk(c);
  };
  walk(coords);
  return {(b[0] + b[2]) / 2, (b[1] + b[3]) / 2};
}

std::string num(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.7f", d);
  return buf;
}

// Files a request for 0101 at grid 1 with the demo key (JSON); returns the first result.
object file_request(const std::string& description) {
  const auto [lon, lat] = grid1_point();
  auto r = post_json("/open311/v2/requests.json", object{{"api_key", kDemoKey},
                                                         {"service_code", "0101"},
                                                         {"lat", lat},
                                                         {"long", lon},
                                                         {"description", description}});
  EXPECT_EQ(r.status, 201) << r.body;
  if (r.status != 201) return {};
  return r.json().as_array().at(0).as_object();
}

object request_of(const std::string& id) {
  auto r = get("/open311/v2/requests/" + id + ".json");
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return {};
  const auto arr = r.json().as_array();
  EXPECT_EQ(arr.size(), 1u);
  return arr.at(0).as_object();
}

// The spec's JSON error document: [{"code": status, "description": …}].
void expect_error(const HttpClient::Reply& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  value v;
  try {
    v = r.json();
  } catch (...) {
    ADD_FAILURE() << "not JSON: " << r.body;
    return;
  }
  ASSERT_TRUE(v.is_array()) << r.body;
  ASSERT_EQ(v.as_array().size(), 1u);
  EXPECT_EQ(v.as_array()[0].at("code").as_int64(), status);
  EXPECT_FALSE(v.as_array()[0].at("description").as_string().empty());
}

HttpClient::Reply act(const std::string& who, const std::string& id, const std::string& action,
                      object body = {}) {
  auto cur = call("GET", "/api/v1/events/" + id, DemoServer::get().token("admin"));
  return call("POST", "/api/v1/events/" + id + "/actions/" + action, DemoServer::get().token(who),
              body.empty() ? "" : json_text(body), {{"If-Match", cur.header("ETag")}});
}

TEST(Open311, Discovery) {
  auto r = get("/open311/v2/discovery.json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type").rfind("application/json", 0), 0u);
  const auto ep = r.json().at("endpoints").as_array().at(0);
  EXPECT_EQ(ep.at("specification"), "http://wiki.open311.org/GeoReport_v2");
  EXPECT_TRUE(ep.at("url").as_string().ends_with("/open311/v2")) << ep;
  EXPECT_EQ(ep.at("formats").as_array().size(), 2u);
  auto x = get("/open311/v2/discovery.xml");
  ASSERT_EQ(x.status, 200);
  EXPECT_EQ(x.header("content-type").rfind("text/xml", 0), 0u);
  EXPECT_EQ(x.body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u);
  EXPECT_NE(x.body.find("<discovery><changeset>"), std::string::npos) << x.body;
  EXPECT_NE(x.body.find("<formats><format>application/json</format><format>text/xml</format>"),
            std::string::npos);
  EXPECT_EQ(get("/open311/v2/discovery.csv").status, 404);
  EXPECT_EQ(get("/open311/v2/discovery").status, 404);
}

TEST(Open311, ServicesAreTheActiveSubclasses) {
  auto& s = DemoServer::get();
  auto r = get("/open311/v2/services.json");
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> codes;
  const auto services = r.json();
  for (const auto& sv : services.as_array()) {
    codes.insert(std::string(sv.at("service_code").as_string()));
    EXPECT_EQ(sv.at("type"), "realtime");
    EXPECT_EQ(sv.at("metadata"), false);
    EXPECT_FALSE(sv.at("group").as_string().empty());
    EXPECT_FALSE(sv.at("service_name").as_string().empty());
  }
  // exactly the active subclasses of active classes
  auto tax = call("GET", "/api/v1/taxonomy?include_inactive=true", s.token("admin")).json();
  std::map<std::int64_t, std::pair<bool, std::string>> classes;
  for (const auto& c : tax.at("classes").as_array())
    classes[c.at("id").as_int64()] = {c.at("active").as_bool(),
                                      std::string(c.at("name").as_string())};
  std::set<std::string> active;
  for (const auto& sc : tax.at("subclasses").as_array())
    if (sc.at("active").as_bool() && classes[sc.at("class_id").as_int64()].first)
      active.insert(std::string(sc.at("code").as_string()));
  EXPECT_EQ(codes, active);
  EXPECT_GE(codes.size(), 28u);
  ASSERT_TRUE(codes.count("0101"));

  auto x = get("/open311/v2/services.xml");
  ASSERT_EQ(x.status, 200);
  EXPECT_NE(x.body.find("<services><service><service_code>"), std::string::npos) << x.body;
  EXPECT_NE(x.body.find("<type>realtime</type>"), std::string::npos);

  auto def = get("/open311/v2/services/0101.json");
  ASSERT_EQ(def.status, 200) << def.body;
  EXPECT_EQ(def.json().at("service_code"), "0101");
  EXPECT_TRUE(def.json().at("attributes").as_array().empty());
  auto defx = get("/open311/v2/services/0101.xml");
  ASSERT_EQ(defx.status, 200);
  EXPECT_NE(defx.body.find("<service_definition><service_code>0101</service_code>"),
            std::string::npos);
  expect_error(get("/open311/v2/services/9999.json"), 404);
  auto unknown_xml = get("/open311/v2/services/9999.xml");
  EXPECT_EQ(unknown_xml.status, 404);
  EXPECT_NE(unknown_xml.body.find("<errors><error><code>404</code>"), std::string::npos);
  EXPECT_EQ(get("/open311/v2/services/0101.html").status, 404);
}

TEST(Open311, PostJsonThenReadItBack) {
  auto& s = DemoServer::get();
  const auto [lon, lat] = grid1_point();
  auto res = file_request("井盖缺失，夜间危险 <注意>");
  ASSERT_FALSE(res.empty());
  const std::string id(res.at("service_request_id").as_string());
  const std::string token(res.at("token").as_string());
  EXPECT_FALSE(token.empty());
  EXPECT_NE(res.at("service_notice").as_string().find("SJ"), std::string::npos);
  EXPECT_TRUE(res.at("account_id").is_null());

  // the event behind it: channel open311, placed in grid 1, the token as its external ref
  auto ev = call("GET", "/api/v1/events/" + id, s.token("admin"));
  ASSERT_EQ(ev.status, 200) << ev.body;
  EXPECT_EQ(ev.json().at("channel"), "open311");
  EXPECT_EQ(ev.json().at("grid_id").as_int64(), s.unit_id(kGrid1));
  EXPECT_EQ(ev.json().at("external_ref").as_string(), token);
  EXPECT_EQ(ev.json().at("reporter_name"), "演示客户端");
  EXPECT_EQ(ev.json().at("state"), "reported");

  auto req = request_of(id);
  EXPECT_EQ(req.at("service_request_id").as_string(), id);
  EXPECT_EQ(req.at("status"), "open");
  EXPECT_EQ(req.at("status_notes"), "已上报");
  EXPECT_EQ(req.at("service_code"), "0101");
  EXPECT_EQ(req.at("description"), "井盖缺失，夜间危险 <注意>");
  EXPECT_NEAR(req.at("lat").to_number<double>(), lat, 1e-9);
  EXPECT_NEAR(req.at("long").to_number<double>(), lon, 1e-9);
  EXPECT_TRUE(req.at("requested_datetime").as_string().ends_with("+08:00"));
  EXPECT_TRUE(req.at("expected_datetime").as_string().ends_with("+08:00"));
  EXPECT_EQ(req.at("agency_responsible"), "");

  auto x = get("/open311/v2/requests/" + id + ".xml");
  ASSERT_EQ(x.status, 200);
  EXPECT_NE(x.body.find("<service_requests><request><service_request_id>" + id +
                        "</service_request_id><status>open</status>"),
            std::string::npos)
      << x.body;
  EXPECT_NE(x.body.find("<description>井盖缺失，夜间危险 &lt;注意&gt;</description>"),
            std::string::npos);

  // tokens
  auto t = get("/open311/v2/tokens/" + token + ".json");
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t.json().as_array().at(0).at("service_request_id").as_string(), id);
  EXPECT_EQ(t.json().as_array().at(0).at("token").as_string(), token);
  auto tx = get("/open311/v2/tokens/" + token + ".xml");
  EXPECT_NE(tx.body.find("<service_request_id>" + id + "</service_request_id>"), std::string::npos);
  expect_error(get("/open311/v2/tokens/no-such-token.json"), 404);
  expect_error(get("/open311/v2/requests/999999999.json"), 404);
  expect_error(get("/open311/v2/requests/abc.json"), 404);
  EXPECT_EQ(get("/open311/v2/requests/" + id + ".txt").status, 404);
}

TEST(Open311, PostFormEncodedWithAnAddressOnly) {
  auto& s = DemoServer::get();
  const std::string community = std::string(
      call("GET", "/api/v1/org/units/" + std::to_string(s.unit_id(kCommunity1)), s.token("admin"))
          .json()
          .at("name")
          .as_string());
  auto r = post_form("/open311/v2/requests.json", {{"api_key", kDemoKey},
                                                   {"service_code", "0101"},
                                                   {"address_string", community + "东门外绿地"},
                                                   {"description", "垃圾 堆积 & 异味"},
                                                   {"first_name", "小明"},
                                                   {"email", "xm@example.com"},
                                                   {"media_url", "http://example.com/a.jpg"},
                                                   {"attribute[size]", "large"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id(r.json().as_array().at(0).at("service_request_id").as_string());
  auto ev = call("GET", "/api/v1/events/" + id, s.token("admin")).json();
  // No building named: the community's "no grid" queue (an address the register knows goes to
  // its building: Register.Open311AddressStringBecomesAStandardAddress).
  EXPECT_TRUE(ev.at("grid_id").is_null());
  EXPECT_EQ(ev.at("community_id").as_int64(), s.unit_id(kCommunity1));
  EXPECT_EQ(ev.at("reporter_name"), "小明");
  EXPECT_EQ(ev.at("description"), "垃圾 堆积 & 异味");
  auto req = request_of(id);
  EXPECT_TRUE(req.at("lat").is_null());
  EXPECT_EQ(req.at("address").as_string(), community + "东门外绿地");

  // the XML flavour answers in XML
  const auto [lon, lat] = grid1_point();
  auto x = post_form(
      "/open311/v2/requests.xml",
      {{"api_key", kDemoKey}, {"service_code", "0101"}, {"lat", num(lat)}, {"long", num(lon)}});
  ASSERT_EQ(x.status, 201) << x.body;
  EXPECT_EQ(x.header("content-type").rfind("text/xml", 0), 0u);
  EXPECT_NE(x.body.find("<service_requests><request><service_request_id>"), std::string::npos);
  EXPECT_NE(x.body.find("<token>"), std::string::npos);
}

TEST(Open311, PostErrorsFollowTheSpec) {
  const auto [lon, lat] = grid1_point();
  const object ok{{"api_key", kDemoKey}, {"service_code", "0101"}, {"lat", lat}, {"long", lon}};
  auto but = [&](const char* k, value v) {
    object o = ok;
    if (v.is_null())
      o.erase(k);
    else
      o[k] = v;
    return o;
  };
  expect_error(post_json("/open311/v2/requests.json", but("api_key", nullptr)), 403);
  expect_error(post_json("/open311/v2/requests.json", but("api_key", "wrong-key")), 403);
  // 403 comes first: a caller without a key learns nothing about the fields
  expect_error(post_json("/open311/v2/requests.json", object{{"service_code", "nope"}}), 403);
  expect_error(post_json("/open311/v2/requests.json", but("service_code", nullptr)), 400);
  expect_error(post_json("/open311/v2/requests.json", but("service_code", "9999")), 400);
  {
    object o = ok;
    o.erase("lat");
    o.erase("long");
    expect_error(post_json("/open311/v2/requests.json", o), 400);  // no location at all
  }
  expect_error(post_json("/open311/v2/requests.json", but("lat", "north")), 400);
  expect_error(post_json("/open311/v2/requests.json", but("lat", 95.0)), 400);
  expect_error(post_json("/open311/v2/requests.json", but("long", nullptr)), 400);
  {
    object o = ok;
    o.erase("lat");
    o.erase("long");
    o["address_string"] = "火星基地一号";
    expect_error(post_json("/open311/v2/requests.json", o), 400);  // names no grid or community
  }
  auto bad_form =
      DemoServer::get().client().request("POST", "/open311/v2/requests.json", "api_key=%zz",
                                         {{"Content-Type", "application/x-www-form-urlencoded"}});
  expect_error(bad_form, 400);
  auto x = post_form("/open311/v2/requests.xml", {{"service_code", "0101"}});
  EXPECT_EQ(x.status, 403);
  EXPECT_NE(x.body.find("<errors><error><code>403</code><description>"), std::string::npos)
      << x.body;
}

TEST(Open311, StatusFollowsTheWorkflow) {
  auto& s = DemoServer::get();
  const std::string id(file_request("路灯不亮").at("service_request_id").as_string());
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(act("community", id, "accept").status, 200);
  EXPECT_EQ(request_of(id).at("status_notes"), "已受理");
  ASSERT_EQ(act("community", id, "handle_in_grid").status, 200);
  auto done = act("gridworker", id, "resolve_in_grid", object{{"note", "已更换灯泡"}});
  ASSERT_EQ(done.status, 200) << done.body;
  auto req = request_of(id);
  EXPECT_EQ(req.at("status"), "closed");
  EXPECT_EQ(req.at("status_notes"), "已结案：已更换灯泡");
  EXPECT_TRUE(req.at("expected_datetime").is_null());

  // a whistled event names its lead department
  const std::string w(file_request("占道经营").at("service_request_id").as_string());
  ASSERT_EQ(act("community", w, "accept").status, 200);
  ASSERT_EQ(act("community", w, "escalate", object{{"note", "需城管处置"}}).status, 200);
  ASSERT_EQ(act("street", w, "whistle", object{{"note", "请城管牵头"}}).status, 200);
  auto wr = request_of(w);
  EXPECT_EQ(wr.at("status"), "open");
  EXPECT_EQ(wr.at("status_notes"), "已吹哨待报到：请城管牵头");
  const auto dept =
      call("GET", "/api/v1/org/units/" + std::to_string(s.unit_id("110105-D01")), s.token("admin"))
          .json();
  EXPECT_EQ(wr.at("agency_responsible"), dept.at("name"));

  // a rejected event is closed too
  const std::string rj(file_request("重复上报").at("service_request_id").as_string());
  ASSERT_EQ(act("community", rj, "reject", object{{"note", "非本辖区事项"}}).status, 200);
  EXPECT_EQ(request_of(rj).at("status"), "closed");
}

TEST(Open311, ListFilters) {
  const std::string a(file_request("过滤一").at("service_request_id").as_string());
  const std::string b(file_request("过滤二").at("service_request_id").as_string());
  ASSERT_EQ(act("community", b, "reject", object{{"note", "重复"}}).status, 200);

  auto ids_of = [](const HttpClient::Reply& r) {
    std::set<std::string> out;
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return out;
    const auto body = r.json();
    for (const auto& x : body.as_array())
      out.insert(std::string(x.at("service_request_id").as_string()));
    return out;
  };
  auto both =
      ids_of(get("/open311/v2/requests.json?service_request_id=" + a + "," + b + ",999999999"));
  EXPECT_EQ(both, (std::set<std::string>{a, b}));

  auto all = ids_of(get("/open311/v2/requests.json"));
  EXPECT_TRUE(all.count(a) && all.count(b));
  auto open = ids_of(get("/open311/v2/requests.json?status=open"));
  EXPECT_TRUE(open.count(a));
  EXPECT_FALSE(open.count(b));
  auto closed = ids_of(get("/open311/v2/requests.json?status=closed"));
  EXPECT_FALSE(closed.count(a));
  EXPECT_TRUE(closed.count(b));
  auto either = ids_of(get("/open311/v2/requests.json?status=open,closed"));
  EXPECT_TRUE(either.count(a) && either.count(b));

  auto by_code = get("/open311/v2/requests.json?service_code=0101");
  auto in_code = ids_of(by_code);
  EXPECT_TRUE(in_code.count(a));
  const auto by_code_body = by_code.json();
  for (const auto& x : by_code_body.as_array()) EXPECT_EQ(x.at("service_code"), "0101");
  EXPECT_FALSE(ids_of(get("/open311/v2/requests.json?service_code=0102")).count(a));
  EXPECT_TRUE(ids_of(get("/open311/v2/requests.json?service_code=nope")).empty());

  // dates: W3C datetimes with an escaped '+', Z, or a bare date
  EXPECT_TRUE(
      ids_of(get("/open311/v2/requests.json?start_date=2099-01-01T00:00:00%2B08:00")).empty());
  EXPECT_TRUE(ids_of(get("/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z&end_date="
                         "2000-02-01T00:00:00Z"))
                  .empty());
  auto a_time = std::string(request_of(a).at("requested_datetime").as_string());
  auto exact = ids_of(get("/open311/v2/requests.json?start_date=" + url_encode(a_time) +
                          "&end_date=" + url_encode(a_time)));
  EXPECT_TRUE(exact.count(a)) << a_time;
  expect_error(get("/open311/v2/requests.json?start_date=yesterday"), 400);
  expect_error(get("/open311/v2/requests.json?status=pending"), 400);
  expect_error(get("/open311/v2/requests.json?start_date=2026-01-01&end_date=2026-06-01"), 400);
  expect_error(get("/open311/v2/requests.json?start_date=2026-06-01&end_date=2026-01-01"), 400);
  auto x = get("/open311/v2/requests.xml?service_request_id=" + a);
  ASSERT_EQ(x.status, 200);
  EXPECT_NE(x.body.find("<service_request_id>" + a + "</service_request_id>"), std::string::npos);
}

TEST(Open311, ClientKeysIssueListAndRevoke) {
  auto& s = DemoServer::get();
  // sysadmin only
  EXPECT_EQ(call("GET", "/api/v1/open311/clients", s.token("district")).status, 403);
  EXPECT_EQ(
      call("POST", "/api/v1/open311/clients", s.token("street"), json_text(object{{"name", "x"}}))
          .status,
      403);
  EXPECT_EQ(DemoServer::get().client().request("GET", "/api/v1/open311/clients").status, 401);
  auto bad =
      call("POST", "/api/v1/open311/clients", s.token("admin"), json_text(object{{"name", ""}}));
  EXPECT_EQ(bad.status, 400) << bad.body;

  auto created = call("POST", "/api/v1/open311/clients", s.token("admin"),
                      json_text(object{{"name", "市民App"}}));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string key(created.json().at("api_key").as_string());
  const auto client_id = created.json().at("id").as_int64();
  EXPECT_EQ(key.size(), 43u);
  EXPECT_TRUE(created.json().at("active").as_bool());

  auto list = call("GET", "/api/v1/open311/clients", s.token("admin"));
  ASSERT_EQ(list.status, 200);
  bool demo = false, mine = false;
  for (const auto& c : items_of(list)) {
    EXPECT_FALSE(c.as_object().contains("api_key"));
    EXPECT_FALSE(c.as_object().contains("key_hash"));
    demo = demo || c.at("name") == "演示客户端";
    mine = mine || c.at("id").as_int64() == client_id;
  }
  EXPECT_TRUE(demo && mine);
  EXPECT_EQ(list.body.find(key), std::string::npos);

  const auto [lon, lat] = grid1_point();
  const object req{{"api_key", key}, {"service_code", "0101"}, {"lat", lat}, {"long", lon}};
  auto ok = post_json("/open311/v2/requests.json", req);
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto ev = call("GET",
                 "/api/v1/events/" +
                     std::string(ok.json().as_array().at(0).at("service_request_id").as_string()),
                 s.token("admin"));
  EXPECT_EQ(ev.json().at("reporter_name"), "市民App");

  auto revoked = call("POST", "/api/v1/open311/clients/" + std::to_string(client_id) + "/revoke",
                      s.token("admin"));
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_FALSE(revoked.json().at("active").as_bool());
  EXPECT_FALSE(revoked.json().at("revoked_at").is_null());
  expect_error(post_json("/open311/v2/requests.json", req), 403);
  EXPECT_EQ(call("POST", "/api/v1/open311/clients/999999/revoke", s.token("admin")).status, 404);
  // the demo key still works
  EXPECT_EQ(
      post_json(
          "/open311/v2/requests.json",
          object{{"api_key", kDemoKey}, {"service_code", "0101"}, {"lat", lat}, {"long", lon}})
          .status,
      201);

  // audited
  auto log = call("GET", "/api/v1/audit?action=open311.&object_id=" + std::to_string(client_id),
                  s.token("admin"));
  ASSERT_EQ(log.status, 200) << log.body;
  std::set<std::string> actions;
  for (const auto& e : items_of(log)) actions.insert(std::string(e.at("action").as_string()));
  EXPECT_TRUE(actions.count("open311.client_create"));
  EXPECT_TRUE(actions.count("open311.client_revoke"));
}

// Open311 is public: it shows what came in through Open311, never the reports residents, grid
// workers, the hotline or devices filed inside the platform.
TEST(Open311, InternalReportsAreNotPublic) {
  auto& s = DemoServer::get();
  const auto taxonomy = call("GET", "/api/v1/taxonomy", s.token("gridworker")).json();
  const auto subclass = taxonomy.at("subclasses").at(0).at("id").as_int64();
  auto internal = call("POST", "/api/v1/events", s.token("resident"),
                       json_text(object{{"subclass_id", subclass},
                                        {"title", "内部事件：楼道堆物"},
                                        {"description", "联系人 王先生"}}));
  ASSERT_EQ(internal.status, 201) << internal.body;
  const auto id = std::to_string(internal.json().at("id").as_int64());
  expect_error(get("/open311/v2/requests/" + id + ".json"), 404);
  auto by_id = get("/open311/v2/requests.json?service_request_id=" + id);
  ASSERT_EQ(by_id.status, 200) << by_id.body;
  EXPECT_TRUE(by_id.json().as_array().empty());
  const auto mine = file_request("公开请求：路灯不亮");
  ASSERT_FALSE(mine.empty());
  auto listed = get("/open311/v2/requests.json");
  ASSERT_EQ(listed.status, 200) << listed.body;
  bool saw_public = false;
  const auto all = listed.json();
  for (const auto& r : all.as_array()) {
    EXPECT_NE(std::string(r.at("service_request_id").as_string()), id)
        << "an internal report is listed publicly";
    if (r.at("service_request_id") == mine.at("service_request_id")) saw_public = true;
  }
  EXPECT_TRUE(saw_public);
}

}  // namespace
}  // namespace onegrid::testing
