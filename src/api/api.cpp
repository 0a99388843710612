#include "api/api.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "api/micro_cache.hpp"
#include "events/live_feed.hpp"
#include "http/metrics.hpp"
#include "http/problem.hpp"
#include "http/static_files.hpp"

namespace onegrid::api {

std::vector<RouteDef> all_routes() {
  Routes routes;
  register_system_routes(routes);
  register_auth_routes(routes);
  register_org_routes(routes);
  register_user_routes(routes);
  register_audit_routes(routes);
  register_taxonomy_routes(routes);
  register_event_routes(routes);
  register_event_file_routes(routes);
  register_supervision_routes(routes);
  register_kpi_routes(routes);
  register_open311_routes(routes);
  register_notification_routes(routes);
  register_people_routes(routes);
  register_import_routes(routes);
  return routes;
}

Api::Api(Services& services) : svc_(services), routes_(all_routes()) {
  for (const auto& r : routes_) router_.add(r.method, r.pattern);
}

http::Response Api::handle(http::Request& req) {
  const auto start = std::chrono::steady_clock::now();
  std::string route_label;
  std::string user = "-";
  http::Response res = dispatch(req, route_label, user);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  svc_.metrics.observe(req.method, route_label, res.status, secs);
  // One structured line per request; the path only (query strings may hold personal data).
  spdlog::info(
      "access rid={} addr={} user={} method={} path=\"{}\" route=\"{}\" status={} bytes={} "
      "ms={:.3f}",
      req.request_id, req.client_addr, user, req.method, req.path, route_label, res.status,
      res.body_size(), secs * 1000.0);
  return res;
}

http::Response Api::dispatch(http::Request& req, std::string& route_label, std::string& user) {
  auto match = router_.match(req.method, req.path);
  if (match.outcome != http::Router::Outcome::found) {
    const bool api_path = req.path.rfind("/api/", 0) == 0 || req.path == "/api" ||
                          req.path.rfind("/open311/", 0) == 0;
    if (!api_path && svc_.static_files) {
      route_label = "static";
      if (auto file = svc_.static_files->serve(req)) return std::move(*file);
    }
    if (match.outcome == http::Router::Outcome::method_not_allowed) {
      route_label = "method_not_allowed";
      auto res = http::problem_response(
          make_error(ErrorKind::method_not_allowed, "http.method_not_allowed",
                     req.method + " is not allowed here"),
          req.request_id);
      std::string allow;
      for (const auto& m : match.allow) allow += (allow.empty() ? "" : ", ") + m;
      res.set_header("Allow", allow);
      return res;
    }
    route_label = "not_found";
    return http::problem_response(not_found("http.not_found", "no such resource: " + req.path),
                                  req.request_id);
  }
  const RouteDef& def = routes_[static_cast<std::size_t>(match.index)];
  route_label = def.pattern;
  std::optional<auth::Principal> principal;
  if (def.permission) {
    std::string_view authz = req.header("authorization");
    if (authz.size() < 8 || (authz.substr(0, 7) != "Bearer " && authz.substr(0, 7) != "bearer "))
      return http::problem_response(make_error(ErrorKind::unauthenticated, "auth.unauthenticated",
                                               "log in and send Authorization: Bearer <token>"),
                                    req.request_id);
    auto who = svc_.auth.authenticate(authz.substr(7),
                                      auth::ClientInfo{req.client_addr, "", req.request_id});
    if (!who) return http::problem_response(who.error(), req.request_id);
    principal = std::move(*who);
    user = principal->username;
    if (!principal->can(*def.permission))
      return http::problem_response(
          forbidden("auth.forbidden", std::string("this needs the permission ") +
                                          std::string(auth::permission_code(*def.permission))),
          req.request_id);
  }
  Call call(req, match.params, principal ? &*principal : nullptr, svc_);
  Result<http::Response> res = def.handler(call);
  // A write went through: let the live feed read the store now rather than at its next poll.
  if (res && req.method != "GET" && req.method != "HEAD") {
    if (svc_.live) svc_.live->poke();
    if (svc_.list_cache) svc_.list_cache->invalidate();
  }
  if (!res) {
    if (res.error().kind != ErrorKind::internal && res.error().kind != ErrorKind::unavailable)
      return http::problem_response(res.error(), req.request_id);
    // Store and I/O details go to the log, not to the client.
    spdlog::error("rid={} route=\"{}\" {} {}: {}", req.request_id, def.pattern,
                  res.error().kind == ErrorKind::internal ? "internal error" : "unavailable",
                  res.error().code, res.error().message);
    Error shown = res.error();
    shown.message = "the server could not complete the request; quote the request id to support";
    return http::problem_response(shown, req.request_id);
  }
  return std::move(*res);
}

}  // namespace onegrid::api
