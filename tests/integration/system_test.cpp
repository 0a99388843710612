// Operations: health, readiness, metrics, the OpenAPI document, request ids, and configuration
// precedence (flags > ONEGRID_* environment > TOML file > defaults).

#include <unistd.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "integration/fixture.hpp"

namespace onegrid::testing {
namespace {

TEST(System, HealthReadinessAndVersion) {
  EXPECT_EQ(call("GET", "/healthz", "").status, 200);
  EXPECT_EQ(call("GET", "/readyz", "").status, 200);
  auto head = call("HEAD", "/healthz", "");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  auto v = call("GET", "/api/v1/version", "");
  ASSERT_EQ(v.status, 200);
  EXPECT_EQ(v.json().at("store").as_string(), test_driver() == "sqlite" ? "sqlite" : "postgresql");
}

TEST(System, EveryResponseCarriesARequestId) {
  auto a = call("GET", "/healthz", "");
  auto b = call("GET", "/healthz", "");
  EXPECT_EQ(a.header("x-request-id").size(), 16u);
  EXPECT_NE(a.header("x-request-id"), b.header("x-request-id"));
  auto bad = call("GET", "/healthz", "", "", {{"X-Request-Id", "bad id with spaces"}});
  EXPECT_NE(bad.header("x-request-id"), "bad id with spaces");
}

// Access lines are written in blocks (app/setup.cpp), yet each reaches the log within about a
// second of its request, with the request id the client gave.
TEST(System, AccessLinesReachTheLogWithinASecond) {
  const std::string rid = "logcheck" + std::to_string(::getpid());
  auto r = call("GET", "/api/v1/auth/me", DemoServer::get().token("community"), "",
                {{"X-Request-Id", rid}});
  ASSERT_EQ(r.status, 200);
  const auto asked = std::chrono::steady_clock::now();
  bool found = false;
  while (!found && std::chrono::steady_clock::now() - asked < std::chrono::seconds(5)) {
    found = DemoServer::get().process().log().find("rid=" + rid) != std::string::npos;
    if (!found) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(found) << "the access line of request " << rid << " never reached the log";
}

TEST(System, MetricsInPrometheusFormat) {
  call("GET", "/api/v1/org/units", DemoServer::get().token("community"));
  auto m = call("GET", "/metrics", "");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(
      m.body.find(
          "onegrid_http_requests_total{method=\"GET\",route=\"/api/v1/org/units\",status=\"200\"}"),
      std::string::npos)
      << m.body.substr(0, 2000);
  EXPECT_NE(
      m.body.find(
          "onegrid_http_request_duration_seconds_bucket{route=\"/api/v1/org/units\",le=\"+Inf\"}"),
      std::string::npos);
  EXPECT_NE(m.body.find("onegrid_store_pool_size"), std::string::npos);
  EXPECT_NE(m.body.find("onegrid_store_pool_in_use"), std::string::npos);
}

TEST(System, OpenApiDocumentIsServed) {
  auto r = call("GET", "/api/v1/openapi.json", "");
  ASSERT_EQ(r.status, 200);
  auto doc = r.json();
  EXPECT_TRUE(std::string(doc.at("openapi").as_string()).starts_with("3.1"));
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/v1/org/units/{id}"));
}

TEST(System, ApiPathsNeverFallBackToTheConsole) {
  auto r = call("GET", "/api/v1/nothing/here", "");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.header("content-type").find("problem+json"), std::string::npos);
}

// Which store a sub-command used tells which configuration source won (SQLite files, whichever
// driver the suite runs on: store selection does not depend on the driver).
TEST(System, ConfigurationPrecedence) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("onegrid-cfg-" + test_driver() + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto toml = (dir / "onegrid.toml").string();
  std::ofstream(toml) << "store = \"sqlite://" << (dir / "from-toml.db").string() << "\"\n"
                      << "data_dir = \"" << dir.string() << "\"\n";
  std::string out;
  ASSERT_EQ(run_onegrid({"migrate", "--config", toml}, out), 0) << out;
  EXPECT_TRUE(fs::exists(dir / "from-toml.db"));
  const std::string env = "ONEGRID_STORE=sqlite://" + (dir / "from-env.db").string();
  ASSERT_EQ(run_onegrid({"migrate", "--config", toml}, out, {env}), 0) << out;
  EXPECT_TRUE(fs::exists(dir / "from-env.db"));
  ASSERT_EQ(run_onegrid({"migrate", "--config", toml, "--store",
                         "sqlite://" + (dir / "from-flag.db").string()},
                        out, {env}),
            0)
      << out;
  EXPECT_TRUE(fs::exists(dir / "from-flag.db"));
  // bad input is refused clearly
  EXPECT_EQ(run_onegrid({"serve", "--listen", "nonsense"}, out), 2);
  EXPECT_NE(out.find("listen"), std::string::npos) << out;
  EXPECT_NE(run_onegrid({"migrate", "--store", "mysql://x", "--data-dir", dir.string()}, out), 0);
  EXPECT_NE(out.find("store."), std::string::npos) << out;
  std::ofstream(toml) << "store = [broken\n";
  EXPECT_EQ(run_onegrid({"migrate", "--config", toml}, out), 2);
  EXPECT_NE(out.find("cannot read"), std::string::npos) << out;
  fs::remove_all(dir);
}

TEST(System, CommandLineUserManagement) {
  auto& srv = DemoServer::get().process();
  const std::vector<std::string> store{"--store", srv.store_url(), "--data-dir", srv.data_dir()};
  auto with = [&](std::vector<std::string> a) {
    a.insert(a.end(), store.begin(), store.end());
    return a;
  };
  std::string out;
  EXPECT_EQ(
      run_onegrid(with({"user", "create", "cliuser", "--name", "命令行用户", "--role",
                        "street_officer", "--org", kStreet1, "--password", "Cli-Created-Pass-1"}),
                  out),
      0)
      << out;
  EXPECT_EQ(run_onegrid(with({"user", "create", "cliweak", "--name", "弱", "--role", "resident",
                              "--org", kCommunity1, "--password", "password"}),
                        out),
            1);
  EXPECT_NE(out.find("password."), std::string::npos) << out;
  auto c = DemoServer::get().client();
  auto login = c.request("POST", "/api/v1/auth/login",
                         R"({"username":"cliuser","password":"Cli-Created-Pass-1"})",
                         {{"Content-Type", "application/json"}});
  EXPECT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(run_onegrid(with({"user", "grant", "cliuser", "--role", "party_secretary", "--org",
                              kCommunity1}),
                        out),
            0)
      << out;
  EXPECT_EQ(
      run_onegrid(with({"user", "reset-password", "cliuser", "--password", "Cli-Reset-Pass-22"}),
                  out),
      0)
      << out;
  // The reset ended the session. The CLI is another process: the server may keep honouring the
  // session it authenticated for up to its 2 s session cache, never longer.
  std::string token(login.json().at("token").as_string());
  const auto reset_at = std::chrono::steady_clock::now();
  int status = 200;
  while (status == 200 && std::chrono::steady_clock::now() - reset_at < std::chrono::seconds(10)) {
    status = call("GET", "/api/v1/auth/me", token).status;
    if (status == 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 401);
  std::string v;
  EXPECT_EQ(run_onegrid({"version"}, v), 0);
  EXPECT_NE(v.find("onegrid "), std::string::npos);
}

}  // namespace
}  // namespace onegrid::testing
