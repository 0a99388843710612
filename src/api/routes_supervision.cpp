// 督办: supervision records of overdue events and the monthly red/yellow cards per department.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/api.hpp"
#include "api/json_io.hpp"
#include "base/clock.hpp"
#include "events/supervision.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

using auth::Permission;

Result<http::Response> list(Call& c) {
  events::SupervisionFilter f;
  f.open_only = c.req.query_param("open").value_or("true") != "false";
  OG_ASSIGN(f.event_id, query_int(c.req, "event_id", 1, INT64_MAX));
  OG_ASSIGN(f.cursor, query_int(c.req, "after", 1, INT64_MAX));
  OG_ASSIGN(auto limit, query_int(c.req, "limit", 1, 500));
  f.limit = static_cast<int>(limit.value_or(50));
  const events::Viewer viewer{c.scope(Permission::event_read), c.who->user_id};
  OG_ASSIGN(auto found, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return events::list_supervisions(tx, viewer, f);
            }));
  boost::json::array items;
  for (const auto& s : found) items.push_back(events::to_json(s));
  return page_response(std::move(items), static_cast<std::size_t>(f.limit),
                       found.empty() ? 0 : found.back().id);
}

// "2026-11" → [first day 00:00, next month's first day 00:00) in Asia/Shanghai.
Result<std::pair<std::int64_t, std::int64_t>> month_range(const std::string& month) {
  auto bad = [] { return invalid_input("query.invalid", "month is YYYY-MM", "month"); };
  if (month.size() != 7 || month[4] != '-') return bad();
  int y = 0, m = 0;
  try {
    y = std::stoi(month.substr(0, 4));
    m = std::stoi(month.substr(5, 2));
  } catch (...) {
    return bad();
  }
  if (y < 2000 || y > 2100 || m < 1 || m > 12) return bad();
  char from[16], to[16];
  std::snprintf(from, sizeof from, "%04d-%02d-01", y, m);
  std::snprintf(to, sizeof to, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
  std::int64_t a = 0, b = 0;
  if (!parse_instant(from, a) || !parse_instant(to, b)) return bad();
  return std::make_pair(a, b);
}

Result<http::Response> cards(Call& c) {
  std::string month = c.req.query_param("month").value_or("");
  if (month.empty()) month = format_utc(now_ms() + 8LL * 3600 * 1000).substr(0, 7);
  OG_ASSIGN(auto range, month_range(month));
  OG_ASSIGN(auto yellow, query_int(c.req, "yellow", 1, 1000));
  OG_ASSIGN(auto red, query_int(c.req, "red", 1, 1000));
  const int y = static_cast<int>(yellow.value_or(3));
  const int r = static_cast<int>(red.value_or(6));
  if (r < y) return invalid_input("query.invalid", "red must be at least yellow", "red");
  OG_ASSIGN(auto found, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return events::department_cards(tx, range.first, range.second, y, r);
            }));
  boost::json::array items;
  for (const auto& x : found) items.push_back(events::to_json(x));
  return json_response(
      200, boost::json::object{
               {"month", month}, {"yellow", y}, {"red", r}, {"items", std::move(items)}});
}

}  // namespace

void register_supervision_routes(Routes& r) {
  r.push_back({"GET", "/api/v1/supervisions", Permission::event_read,
               "Supervision (督办) records of overdue events the caller can see", list});
  r.push_back({"GET", "/api/v1/supervisions/cards", Permission::event_supervise,
               "Red and yellow cards per department for a month", cards});
}

}  // namespace onegrid::api
