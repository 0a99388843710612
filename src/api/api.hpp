#pragma once
// The application's request handler: routes a request, authenticates the bearer token, checks
// the route's declared permission, runs the handler and maps errors to problem+json; writes one
// access-log line and the request metrics. Unknown non-API paths go to the web console.

#include <memory>
#include <vector>

#include "api/context.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace onegrid::api {

class Api {
 public:
  explicit Api(Services& services);
  http::Response handle(http::Request& req);
  const std::vector<RouteDef>& routes() const { return routes_; }

 private:
  http::Response dispatch(http::Request& req, std::string& route_label, std::string& user);

  Services& svc_;
  http::Router router_;
  std::vector<RouteDef> routes_;
};

// Every route of the API, in one list (registered by routes_*.cpp); the OpenAPI test reads it.
std::vector<RouteDef> all_routes();

using Routes = std::vector<RouteDef>;
void register_system_routes(Routes& routes);
void register_auth_routes(Routes& routes);
void register_org_routes(Routes& routes);
void register_user_routes(Routes& routes);
void register_audit_routes(Routes& routes);
void register_taxonomy_routes(Routes& routes);
void register_event_routes(Routes& routes);
void register_event_file_routes(Routes& routes);
void register_supervision_routes(Routes& routes);
void register_kpi_routes(Routes& routes);
void register_open311_routes(Routes& routes);
void register_notification_routes(Routes& routes);
void register_people_routes(Routes& routes);
void register_import_routes(Routes& routes);

// Department extracts may be large: the body limit of POST /api/v1/imports.
inline constexpr std::size_t kImportBodyLimit = 256u << 20;

}  // namespace onegrid::api
