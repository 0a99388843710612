// The audit log: every write is recorded with who, role, org unit, request id and address; it is
// append-only, filterable, paginated and scoped; the retention purge honours its setting.

#include "integration/fixture.hpp"

namespace onegrid::testing {
namespace {

using boost::json::object;

TEST(Audit, WritesAreRecordedWithRequestId) {
  auto& s = DemoServer::get();
  auto r = call("POST", "/api/v1/org/units", s.token("district"),
                json_text(object{{"kind", "department"},
                                 {"parent_id", s.unit_id(kDistrict)},
                                 {"code", "110105-AUDIT"},
                                 {"name", "审计测试部门"}}),
                {{"X-Request-Id", "audit-test-0001"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.header("x-request-id"), "audit-test-0001");
  const auto id = std::to_string(r.json().at("id").as_int64());
  auto log = call("GET", "/api/v1/audit?object_type=org_unit&object_id=" + id, s.token("admin"));
  ASSERT_EQ(log.status, 200) << log.body;
  auto items = log.json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  const auto& e = items[0];
  EXPECT_EQ(e.at("action").as_string(), "org.create");
  EXPECT_EQ(e.at("username").as_string(), "district");
  EXPECT_EQ(e.at("role").as_string(), "district_officer");
  EXPECT_EQ(e.at("request_id").as_string(), "audit-test-0001");
  EXPECT_EQ(e.at("client_addr").as_string(), "127.0.0.1");
  EXPECT_EQ(e.at("summary").at("after").at("name").as_string(), "审计测试部门");
}

TEST(Audit, LoginsAndFailuresAreRecordedWithoutPasswords) {
  auto& s = DemoServer::get();
  auto c = s.client();
  c.request("POST", "/api/v1/auth/login", R"({"username":"partner","password":"Secret-Guess-123"})",
            {{"Content-Type", "application/json"}});
  auto log = call("GET", "/api/v1/audit?action=auth.&username=partner&limit=10", s.token("admin"));
  ASSERT_EQ(log.status, 200);
  bool failed = false;
  for (const auto& e : items_of(log)) {
    failed = failed || e.at("action") == "auth.login_failed";
    EXPECT_EQ(json_text(e).find("Secret-Guess-123"), std::string::npos);
  }
  EXPECT_TRUE(failed);
}

TEST(Audit, KeysetPaginationCoversEverythingOnce) {
  auto& s = DemoServer::get();
  std::set<std::int64_t> seen;
  std::string cursor;
  int pages = 0;
  while (pages < 50) {
    auto r = call("GET", "/api/v1/audit?limit=25&action=user.create" + cursor, s.token("admin"));
    ASSERT_EQ(r.status, 200);
    auto j = r.json();
    for (const auto& e : j.at("items").as_array())
      EXPECT_TRUE(seen.insert(e.at("id").as_int64()).second);
    ++pages;
    if (j.at("next_before").is_null()) break;
    cursor = "&before=" + std::to_string(j.at("next_before").as_int64());
  }
  EXPECT_GE(seen.size(), 250u);  // the demo seed created about 300 users
  EXPECT_GE(pages, 10);
}

TEST(Audit, TimeFilters) {
  auto& s = DemoServer::get();
  auto future = call("GET", "/api/v1/audit?from=2100-01-01", s.token("admin"));
  ASSERT_EQ(future.status, 200);
  EXPECT_EQ(future.json().at("items").as_array().size(), 0u);
  auto past = call("GET", "/api/v1/audit?to=2000-01-01T00:00:00Z", s.token("admin"));
  EXPECT_EQ(past.json().at("items").as_array().size(), 0u);
  auto now = call("GET", "/api/v1/audit?from=2020-01-01&limit=5", s.token("admin"));
  EXPECT_EQ(now.json().at("items").as_array().size(), 5u);
}

TEST(Audit, OnlyAuditorsMayRead) {
  auto& s = DemoServer::get();
  for (const std::string role : {"community", "gridworker", "dept", "party", "partner", "resident"})
    EXPECT_EQ(call("GET", "/api/v1/audit", s.token(role)).status, 403) << role;
  EXPECT_EQ(call("GET", "/api/v1/audit", s.token("street")).status, 200);
}

TEST(Audit, RetentionPurgeFromTheCommandLine) {
  auto& srv = DemoServer::get().process();
  std::string out;
  // nothing is older than a day yet
  int code = run_onegrid(
      {"audit", "purge", "--days", "1", "--store", srv.store_url(), "--data-dir", srv.data_dir()},
      out);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("deleted 0 audit records"), std::string::npos) << out;
  auto log = call("GET", "/api/v1/audit?action=audit.purge", DemoServer::get().token("admin"));
  EXPECT_GE(log.json().at("items").as_array().size(), 1u);
}

}  // namespace
}  // namespace onegrid::testing
