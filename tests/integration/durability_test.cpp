// A write the API acknowledged is durable: kill -9 the server under concurrent writes, restart
// it on the same store and find every acknowledged write, with the store passing its check.

#include <atomic>
#include <mutex>
#include <thread>

#include "integration/fixture.hpp"

namespace onegrid::testing {
namespace {

using boost::json::object;

TEST(Durability, AcknowledgedWritesSurviveKill9) {
  ServerProcess server({"--login-burst", "1000"});
  server.start();
  std::string token;
  std::int64_t district = 0;
  {
    HttpClient c("127.0.0.1", server.port());
    auto r =
        c.request("POST", "/api/v1/auth/login", R"({"username":"admin","password":"onegrid-demo"})",
                  {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 200) << r.body;
    token = std::string(r.json().at("token").as_string());
    auto units = c.request("GET", "/api/v1/org/units?kind=district", "",
                           {{"Authorization", "Bearer " + token}});
    district = units.json().at("items").at(0).at("id").as_int64();
  }
  std::mutex mu;
  std::vector<std::pair<std::int64_t, std::string>> acked;  // id, code
  std::atomic<bool> stop{false};
  std::atomic<int> attempts{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 6; ++w) {
    writers.emplace_back([&, w] {
      try {
        HttpClient c("127.0.0.1", server.port());
        for (int i = 0; !stop; ++i) {
          const std::string code = "DUR-" + std::to_string(w) + "-" + std::to_string(i);
          ++attempts;
          auto r = c.request(
              "POST", "/api/v1/org/units",
              json_text(object{{"kind", "department"},
                               {"parent_id", district},
                               {"code", code},
                               {"name", "持久性测试" + code}}),
              {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
          if (r.status == 201) {
            std::lock_guard lock(mu);
            acked.emplace_back(r.json().at("id").as_int64(), code);
          }
        }
      } catch (const std::exception&) {
        // the connection died with the server: expected
      }
    });
  }
  // let writes flow, then pull the plug mid-stream
  for (int i = 0; i < 200 &&
                  [&] {
                    std::lock_guard l(mu);
                    return acked.size() < 150;
                  }();
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  server.kill_hard();
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_GT(acked.size(), 20u) << "too few writes before the kill: " << server.log();
  server.start();  // same data dir and store
  HttpClient c("127.0.0.1", server.port());
  auto r =
      c.request("POST", "/api/v1/auth/login", R"({"username":"admin","password":"onegrid-demo"})",
                {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;  // the session key survived too: same key file
  const std::string auth = "Bearer " + std::string(r.json().at("token").as_string());
  auto old_token = c.request("GET", "/api/v1/auth/me", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(old_token.status, 200) << "sessions are in the store, so they survive a restart";
  int missing = 0;
  for (const auto& [id, code] : acked) {
    auto u =
        c.request("GET", "/api/v1/org/units/" + std::to_string(id), "", {{"Authorization", auth}});
    if (u.status != 200 || u.json().at("code").as_string() != code) ++missing;
  }
  EXPECT_EQ(missing, 0) << "of " << acked.size() << " acknowledged writes";
  std::string out;
  int code =
      run_onegrid({"check", "--store", server.store_url(), "--data-dir", server.data_dir()}, out);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("integrity check ok"), std::string::npos) << out;
  EXPECT_EQ(server.stop(), 0);
  std::printf("durability: %zu acknowledged of %d attempted writes before kill -9; %d missing\n",
              acked.size(), attempts.load(), missing);
}

// The same for events filed through the API (the intake path: placement, timeline, inbox rows,
// audit) from the grid worker's console and the 12345 hotline at once.
TEST(Durability, AcknowledgedEventsSurviveKill9) {
  ServerProcess server({"--login-burst", "1000"});
  server.start();
  auto login = [&](HttpClient& c, const char* user) {
    auto r = c.request("POST", "/api/v1/auth/login",
                       std::string(R"({"username":")") + user + R"(","password":"onegrid-demo"})",
                       {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return "Bearer " + std::string(r.json().at("token").as_string());
  };
  std::string worker, admin;
  std::int64_t subclass = 0, community = 0;
  {
    HttpClient c("127.0.0.1", server.port());
    worker = login(c, "gridworker");
    admin = login(c, "admin");
    auto t = c.request("GET", "/api/v1/taxonomy", "", {{"Authorization", worker}});
    subclass = t.json().at("subclasses").at(0).at("id").as_int64();
    auto u = c.request("GET", "/api/v1/org/units?kind=community&limit=1", "",
                       {{"Authorization", admin}});
    community = u.json().at("items").at(0).at("id").as_int64();
  }
  std::mutex mu;
  std::vector<std::pair<std::int64_t, std::string>> acked;  // id, title
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 6; ++w) {
    writers.emplace_back([&, w] {
      try {
        HttpClient c("127.0.0.1", server.port());
        for (int i = 0; !stop; ++i) {
          const std::string title = "持久性事件-" + std::to_string(w) + "-" + std::to_string(i);
          object body{{"subclass_id", subclass}, {"title", title}};
          std::string target = "/api/v1/events";
          std::string who = worker;
          if (w % 2 == 1) {  // the hotline path, idempotent on its ticket
            target = "/api/v1/events/hotline";
            body["ticket"] = "DUR" + std::to_string(w) + "-" + std::to_string(i);
            body["community_id"] = community;
            who = admin;
          }
          auto r = c.request("POST", target, json_text(body),
                             {{"Content-Type", "application/json"}, {"Authorization", who}});
          if (r.status == 201) {
            std::lock_guard lock(mu);
            acked.emplace_back(r.json().at("id").as_int64(), title);
          }
        }
      } catch (const std::exception&) {
        // the connection died with the server: expected
      }
    });
  }
  for (int i = 0; i < 400 &&
                  [&] {
                    std::lock_guard l(mu);
                    return acked.size() < 150;
                  }();
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  server.kill_hard();
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_GT(acked.size(), 20u) << "too few events before the kill: " << server.log();
  server.start();
  HttpClient c("127.0.0.1", server.port());
  const std::string auth = login(c, "admin");
  int missing = 0;
  for (const auto& [id, title] : acked) {
    auto e =
        c.request("GET", "/api/v1/events/" + std::to_string(id), "", {{"Authorization", auth}});
    if (e.status != 200 || e.json().at("title").as_string() != title) ++missing;
    auto t = c.request("GET", "/api/v1/events/" + std::to_string(id) + "/timeline", "",
                       {{"Authorization", auth}});
    if (t.status != 200 || t.json().at("items").as_array().empty()) ++missing;
  }
  EXPECT_EQ(missing, 0) << "of " << acked.size() << " acknowledged events";
  std::string out;
  int code =
      run_onegrid({"check", "--store", server.store_url(), "--data-dir", server.data_dir()}, out);
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(server.stop(), 0);
  std::printf("durability: %zu acknowledged events before kill -9; %d missing\n", acked.size(),
              missing);
}

}  // namespace
}  // namespace onegrid::testing
