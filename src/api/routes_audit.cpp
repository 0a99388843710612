// 审计: the audit log query for administrators, filtered and paginated by keyset.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/api.hpp"
#include "api/json_io.hpp"
#include "base/clock.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

Result<std::optional<std::int64_t>> query_instant(const http::Request& req, const char* name) {
  auto raw = req.query_param(name);
  if (!raw) return std::optional<std::int64_t>{};
  std::int64_t ms = 0;
  if (!parse_instant(*raw, ms))
    return invalid_input("query.invalid", std::string(name) + " must be a date or RFC 3339 time",
                         name);
  return std::optional<std::int64_t>(ms);
}

Result<http::Response> list(Call& c) {
  audit::Query q;
  OG_ASSIGN(q.user_id, query_int(c.req, "user_id", 1, INT64_MAX));
  q.username = c.req.query_param("username");
  q.action = c.req.query_param("action");
  q.object_type = c.req.query_param("object_type");
  q.object_id = c.req.query_param("object_id");
  OG_ASSIGN(q.from, query_instant(c.req, "from"));
  OG_ASSIGN(q.to, query_instant(c.req, "to"));
  OG_ASSIGN(q.before_id, query_int(c.req, "before", 1, INT64_MAX));
  OG_ASSIGN(auto limit, query_int(c.req, "limit", 1, 500));
  q.limit = static_cast<int>(limit.value_or(50));
  OG_ASSIGN(auto page, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return audit::query(tx, c.scope(auth::Permission::audit_read), q);
            }));
  boost::json::array items;
  for (const auto& e : page.entries) items.push_back(audit::to_json(e));
  return json_response(
      200, boost::json::object{
               {"items", std::move(items)},
               {"next_before", page.next_before_id ? boost::json::value(*page.next_before_id)
                                                   : boost::json::value(nullptr)},
               {"retention_days", c.svc.audit_retention_days}});
}

}  // namespace

void register_audit_routes(Routes& routes) {
  routes.push_back({"GET", "/api/v1/audit", auth::Permission::audit_read,
                    "Audit log in scope (filters: user_id, username, action or prefix 'org.',"
                    " object_type, object_id, from, to; keyset: before)",
                    list});
}

}  // namespace onegrid::api
