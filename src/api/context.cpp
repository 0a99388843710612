#include "api/context.hpp"

#include <charconv>

namespace onegrid::api {

Result<std::int64_t> Call::id_param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k != name) continue;
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
    if (ec == std::errc() && p == v.data() + v.size() && id > 0) return id;
    break;
  }
  return invalid_input("api.invalid_id", std::string(name) + " must be a positive integer",
                       std::string(name));
}

org::Scope Call::scope(auth::Permission p) const {
  return who ? who->scope(p) : org::Scope{};
}

audit::Actor Call::actor(auth::Permission p) const {
  audit::Actor a;
  a.request_id = req.request_id;
  a.client_addr = req.client_addr;
  if (!who) return a;
  a.user_id = who->user_id;
  a.username = who->username;
  if (const auth::Grant* g = who->acting_grant(p)) {
    a.role = std::string(auth::role_code(g->role));
    a.org_id = g->org_id;
    a.org_path = g->org_path;
  } else {
    a.org_id = who->home_org_id;
    a.org_path = who->home_org_path;
  }
  return a;
}

auth::ClientInfo Call::client() const {
  return auth::ClientInfo{req.client_addr, std::string(req.header("user-agent")), req.request_id};
}

Result<std::optional<std::int64_t>> Call::if_match() const {
  std::string_view v = req.header("if-match");
  if (v.empty()) return std::optional<std::int64_t>{};
  if (v.substr(0, 2) == "W/") v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (!v.empty() && v.front() == 'v') v.remove_prefix(1);
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n <= 0)
    return invalid_input("http.bad_if_match", "If-Match must be an ETag from this API", "If-Match");
  return std::optional<std::int64_t>(n);
}

std::string etag_for(std::int64_t version) {
  return "\"v" + std::to_string(version) + "\"";
}

}  // namespace onegrid::api
