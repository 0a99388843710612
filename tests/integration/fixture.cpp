#include "integration/fixture.hpp"

namespace onegrid::testing {

namespace {
DemoServer* instance = nullptr;

// Stops the shared server when the test program ends, so no process or temp dir outlives it.
class DemoServerTeardown : public ::testing::Environment {
 public:
  void TearDown() override { DemoServer::shutdown(); }
};
[[maybe_unused]] auto* const teardown = ::testing::AddGlobalTestEnvironment(new DemoServerTeardown);
}  // namespace

DemoServer& DemoServer::get() {
  if (!instance) instance = new DemoServer();
  return *instance;
}

void DemoServer::shutdown() {
  delete instance;  // ~ServerProcess stops the server and removes its data dir
  instance = nullptr;
}

DemoServer::DemoServer() {
  server_ = std::make_unique<ServerProcess>(
      std::vector<std::string>{"--login-burst", "100000", "--demo-persons", "300"});
  server_->start();
}

std::string DemoServer::login(const std::string& username, const std::string& password) {
  auto c = client();
  auto r = c.request("POST", "/api/v1/auth/login",
                     json_text(boost::json::object{{"username", username}, {"password", password}}),
                     {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 200) << username << ": " << r.body;
  if (r.status != 200) return {};
  return std::string(r.json().at("token").as_string());
}

const std::string& DemoServer::token(const std::string& username) {
  auto it = tokens_.find(username);
  if (it != tokens_.end()) return it->second;
  return tokens_[username] = login(username);
}

std::int64_t DemoServer::unit_id(const std::string& code) {
  if (auto it = units_.find(code); it != units_.end()) return it->second;
  auto r = call("GET", "/api/v1/org/units?limit=2000", token("admin"));
  EXPECT_EQ(r.status, 200) << r.body;
  for (const auto& u : items_of(r))
    units_[std::string(u.at("code").as_string())] = u.at("id").as_int64();
  EXPECT_TRUE(units_.count(code)) << "no demo unit " << code;
  return units_[code];
}

std::int64_t DemoServer::user_id(const std::string& username) {
  if (auto it = users_.find(username); it != users_.end()) return it->second;
  auto r = call("GET", "/api/v1/users?q=" + username + "&limit=500", token("admin"));
  EXPECT_EQ(r.status, 200) << r.body;
  for (const auto& u : items_of(r))
    if (u.at("username").as_string() == username) users_[username] = u.at("id").as_int64();
  EXPECT_TRUE(users_.count(username)) << "no demo user " << username;
  return users_[username];
}

HttpClient::Reply call(const std::string& method, const std::string& target,
                       const std::string& token, const std::string& body,
                       std::map<std::string, std::string> headers) {
  auto c = DemoServer::get().client();
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  if (!body.empty() && !headers.count("Content-Type")) headers["Content-Type"] = "application/json";
  return c.request(method, target, body, headers);
}

std::string json_text(const boost::json::value& v) {
  return boost::json::serialize(v);
}

boost::json::array items_of(const HttpClient::Reply& r) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().if_contains("items")) {
    ADD_FAILURE() << "not a list reply: " << r.status << " " << r.body.substr(0, 300);
    return {};
  }
  return std::move(j.at("items").as_array());
}

std::int64_t subclass_id(const std::string& code) {
  const auto taxonomy =
      call("GET", "/api/v1/taxonomy", DemoServer::get().token("gridworker")).json();
  for (const auto& s : taxonomy.at("subclasses").as_array())
    if (s.at("code").as_string() == code) return s.at("id").as_int64();
  ADD_FAILURE() << "no subclass " << code;
  return 0;
}

HttpClient::Reply act(const std::string& who, std::int64_t event_id, const std::string& action,
                      boost::json::object body) {
  auto& s = DemoServer::get();
  const std::string path = "/api/v1/events/" + std::to_string(event_id);
  auto cur = call("GET", path, s.token("admin"));
  return call("POST", path + "/actions/" + action, s.token(who),
              body.empty() ? "" : json_text(body), {{"If-Match", cur.header("ETag")}});
}

}  // namespace onegrid::testing
