// Operational endpoints: liveness, readiness, Prometheus metrics, the OpenAPI document, version.

#include <boost/json/object.hpp>

#include "api/api.hpp"
#include "api/json_io.hpp"
#include "base/embedded.hpp"
#include "http/metrics.hpp"

namespace onegrid::api {
namespace {

http::Response text(int status, std::string body, std::string content_type) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", std::move(content_type));
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

void register_system_routes(Routes& routes) {
  routes.push_back({"GET", "/healthz", std::nullopt, "Liveness: the process answers",
                    [](Call&) -> Result<http::Response> {
                      return text(200, "ok\n", "text/plain; charset=utf-8");
                    }});
  routes.push_back({"GET", "/readyz", std::nullopt, "Readiness: the store is reachable",
                    [](Call& c) -> Result<http::Response> {
                      if (c.svc.ready && !c.svc.ready())
                        return make_error(ErrorKind::unavailable, "server.shutting_down",
                                          "the server is shutting down");
                      auto ping = c.svc.store.ping();
                      if (!ping)
                        return make_error(ErrorKind::unavailable, "store.unreachable",
                                          ping.error().message);
                      return text(200, "ready\n", "text/plain; charset=utf-8");
                    }});
  routes.push_back(
      {"GET", "/metrics", std::nullopt, "Prometheus metrics",
       [](Call& c) -> Result<http::Response> {
         const auto s = c.svc.store.stats();
         std::vector<http::Gauge> gauges{
             {"onegrid_store_pool_size", "Store connections held", double(s.size)},
             {"onegrid_store_pool_in_use", "Store connections lent out", double(s.in_use)},
             {"onegrid_store_pool_waits_total", "Times a request waited for a connection",
              double(s.waits)},
             {"onegrid_store_group_commits_total", "Write transactions committed (SQLite)",
              double(s.group_commits)},
             {"onegrid_store_grouped_writes_total", "Write callbacks in those commits",
              double(s.grouped_writes)},
         };
         return text(200, c.svc.metrics.render(gauges), "text/plain; version=0.0.4; charset=utf-8");
       }});
  routes.push_back({"GET", "/api/v1/openapi.json", std::nullopt, "This API's OpenAPI 3.1 document",
                    [](Call&) -> Result<http::Response> {
                      auto doc = embedded::find("openapi.json");
                      if (!doc) return not_found("api.no_openapi", "no OpenAPI document");
                      return text(200, std::string(*doc), "application/json");
                    }});
  routes.push_back(
      {"GET", "/api/v1/version", std::nullopt, "Server version",
       [](Call& c) -> Result<http::Response> {
         return json_response(
             200, boost::json::object{
                      {"name", "onegrid"},
                      {"version", ONEGRID_VERSION},
                      {"store",
                       c.svc.store.driver() == store::Driver::sqlite ? "sqlite" : "postgresql"}});
       }});
}

}  // namespace onegrid::api
