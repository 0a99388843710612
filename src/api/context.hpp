#pragma once
// What an API handler gets: the request, its path parameters, the authenticated caller and the
// server's services; plus helpers that turn the caller into an audit actor and a scope.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "auth/authenticator.hpp"
#include "auth/principal.hpp"
#include "base/result.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "org/scope.hpp"
#include "store/store.hpp"

namespace onegrid::http {
class Metrics;
class StaticFiles;
}  // namespace onegrid::http
namespace onegrid::org {
class GridLocator;
}
namespace onegrid::events {
class LiveFeed;
}
namespace onegrid::people {
class PiiVault;
}

namespace onegrid::api {

// Settings of the event attachment and duplicate-suggestion routes (routes_event_files.cpp).
struct EventFileOptions {
  std::filesystem::path data_dir = "data";  // attachments live under <data_dir>/attachments
  double dup_radius_m = 200;                // duplicate suggestion: great-circle distance …
  double dup_window_hours = 72;             // … and time either side of the event
  std::size_t max_attachment_bytes = 10u << 20;
};

class MicroCache;

// Long-lived services shared by all requests (thread-safe).
struct Services {
  store::Store& store;
  auth::Authenticator& auth;
  org::GridLocator& locator;
  http::Metrics& metrics;
  const http::StaticFiles* static_files = nullptr;  // the built web console, if any
  int audit_retention_days = 180;
  std::function<bool()> ready;  // extra readiness condition (e.g. not shutting down)
  EventFileOptions event_files;
  events::LiveFeed* live = nullptr;  // the live stream's feed (null: no stream, e.g. in tests)
  MicroCache* list_cache = nullptr;  // cached org-unit lists (null: none)
  const people::PiiVault* vault = nullptr;  // personal-data encryption (null: register off)
};

class Call {
 public:
  Call(http::Request& req, const http::PathParams& params, const auth::Principal* who,
       Services& svc)
      : req(req), params(params), who(who), svc(svc) {}

  http::Request& req;
  const http::PathParams& params;
  const auth::Principal* who;  // null on public routes
  Services& svc;

  // A positive integer path parameter; api.invalid_id otherwise.
  Result<std::int64_t> id_param(std::string_view name) const;
  org::Scope scope(auth::Permission p) const;
  audit::Actor actor(auth::Permission p) const;
  auth::ClientInfo client() const;
  // Version from If-Match ("\"v3\"", W/"v3", "3"); nullopt when absent; error when malformed.
  Result<std::optional<std::int64_t>> if_match() const;
};

using RouteHandler = std::function<Result<http::Response>(Call&)>;

struct RouteDef {
  std::string method;
  std::string pattern;
  std::optional<auth::Permission> permission;  // nullopt: public
  std::string summary;
  RouteHandler handler;
};

// ETag header value for a versioned object.
std::string etag_for(std::int64_t version);

}  // namespace onegrid::api
