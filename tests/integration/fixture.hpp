#pragma once
// Shared fixture of the integration suite: one real `onegrid serve` with the demo district on a
// fresh store of the driver under test, and a bearer token per demo account (logins are slow on
// purpose — Argon2id — so each account logs in once).

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace onegrid::testing {

inline constexpr const char* kPassword = "onegrid-demo";

class DemoServer {
 public:
  static DemoServer& get();
  // Stops the server process (at the end of the test program).
  static void shutdown();
  ServerProcess& process() { return *server_; }
  HttpClient client() { return HttpClient("127.0.0.1", server_->port()); }
  // Bearer token of a demo account (logged in once, then cached).
  const std::string& token(const std::string& username);
  // Logs in and returns the token (no cache); fails the test on error.
  std::string login(const std::string& username, const std::string& password = kPassword);
  // id of the demo org unit with this code.
  std::int64_t unit_id(const std::string& code);
  std::int64_t user_id(const std::string& username);

 private:
  DemoServer();
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::int64_t> units_, users_;
};

// Authorised request helpers.
HttpClient::Reply call(const std::string& method, const std::string& target,
                       const std::string& token, const std::string& body = "",
                       std::map<std::string, std::string> headers = {});
std::string json_text(const boost::json::value& v);
// The "items" array of a list reply, by value (safe to iterate in a range-for).
boost::json::array items_of(const HttpClient::Reply& r);

// id of the event subclass with this code (fails the test when there is none).
std::int64_t subclass_id(const std::string& code);
// Takes a workflow action as `who` on the event's current version (If-Match from a fresh GET).
HttpClient::Reply act(const std::string& who, std::int64_t event_id, const std::string& action,
                      boost::json::object body = {});

// Codes of the demo district (see src/demo/geography.cpp).
inline constexpr const char* kDistrict = "110105";
inline constexpr const char* kStreet1 = "110105-001";
inline constexpr const char* kCommunity1 = "110105-001-001";
inline constexpr const char* kGrid1 = "110105-001-001-01";
inline constexpr const char* kFarCommunity = "110105-003-003";
inline constexpr const char* kFarGrid = "110105-003-003-01";

}  // namespace onegrid::testing
