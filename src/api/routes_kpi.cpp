// 考核指标: the event loop's KPIs per grid, community, street or department over a period, a
// time series for the dashboard's charts and a breakdown by class, channel or state. Periods are
// Asia/Shanghai days, `from` and `to` both inclusive; the default is the last 30 days. Tables and
// series read the daily rollup, brought up to date first (read-your-writes).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/api.hpp"
#include "api/json_io.hpp"
#include "base/clock.hpp"
#include "events/kpi_rollup.hpp"
#include "events/kpi_store.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

using auth::Permission;

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kShanghaiOffsetMs = 8 * 3'600'000;

struct Period {
  std::string from, to;         // "2026-11-01", "2026-11-30"
  std::int64_t from_ms, to_ms;  // [from 00:00, the day after `to` 00:00), Asia/Shanghai
};

std::string date_of(std::int64_t ms) {
  return format_utc(ms + kShanghaiOffsetMs).substr(0, 10);
}

// Midnight (Asia/Shanghai) starting a YYYY-MM-DD day; query.invalid naming `field` otherwise.
Result<std::int64_t> day_start(const std::string& text, const char* field) {
  auto bad = [&] {
    return invalid_input("query.invalid", std::string(field) + " is a date YYYY-MM-DD", field);
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return bad();
  std::int64_t ms = 0;
  if (!parse_instant(text, ms)) return bad();
  if (date_of(ms) != text) return bad();  // 2026-02-31 and the like
  if (text < "2000-01-01" || text > "2100-12-31") return bad();
  return ms;
}

// from/to query parameters; absent ones default to the `default_days` days ending today.
Result<Period> read_period(const Call& c, int default_days, int max_days) {
  const std::string today = date_of(now_ms());
  Period p;
  p.to = c.req.query_param("to").value_or("");
  if (p.to.empty()) p.to = today;
  OG_ASSIGN(const std::int64_t to_start, day_start(p.to, "to"));
  p.from = c.req.query_param("from").value_or("");
  if (p.from.empty()) p.from = date_of(to_start - std::int64_t{default_days - 1} * kDayMs);
  OG_ASSIGN(p.from_ms, day_start(p.from, "from"));
  p.to_ms = to_start + kDayMs;
  if (p.from_ms > to_start) return invalid_input("query.invalid", "from is after to", "from");
  if ((p.to_ms - p.from_ms) / kDayMs > max_days)
    return invalid_input("query.invalid",
                         "the period is longer than " + std::to_string(max_days) + " days", "from");
  return p;
}

// "recorded" | "register" | "mixed", or null without a population.
boost::json::value population_source(const std::string& source) {
  return source.empty() ? boost::json::value(nullptr) : boost::json::value(source);
}

Result<http::Response> table(Call& c) {
  const auto group = events::parse_kpi_group(c.req.query_param("group").value_or("community"));
  if (!group)
    return invalid_input("query.invalid", "group is grid, community, street or department",
                         "group");
  OG_ASSIGN(auto period, read_period(c, 30, 3660));
  events::KpiQuery q;
  q.group = *group;
  q.from = period.from_ms;
  q.to = period.to_ms;
  OG_ASSIGN(q.parent_id, query_int(c.req, "parent_id", 1, INT64_MAX));
  const auto scope = c.scope(Permission::event_read);
  OG_TRY(events::refresh_kpi_rollup(c.svc.store));  // cheap when no transition is new
  OG_ASSIGN(auto t, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return events::kpi_table(tx, scope, q);
            }));
  auto total = events::kpi_json(t.total, t.total_population);
  total["population_source"] = population_source(t.total_population_source);
  boost::json::array items;
  for (const auto& row : t.items) {
    boost::json::object o{
        {"org_id", row.org_id}, {"org_code", row.org_code}, {"org_name", row.org_name}};
    for (auto& [k, v] : events::kpi_json(row.sums, row.population)) o[k] = v;
    o["population_source"] = population_source(row.population_source);
    items.push_back(std::move(o));
  }
  return json_response(200, boost::json::object{{"group", events::kpi_group_code(*group)},
                                                {"from", period.from},
                                                {"to", period.to},
                                                {"items", std::move(items)},
                                                {"total", total}});
}

Result<http::Response> series(Call& c) {
  const auto raw = c.req.query_param("interval").value_or("day");
  if (raw != "day" && raw != "month")
    return invalid_input("query.invalid", "interval is day or month", "interval");
  const auto interval = raw == "day" ? events::KpiInterval::day : events::KpiInterval::month;
  OG_ASSIGN(auto period, read_period(c, interval == events::KpiInterval::day ? 30 : 365,
                                     interval == events::KpiInterval::day ? 400 : 3660));
  OG_ASSIGN(auto org_id, query_int(c.req, "org_id", 1, INT64_MAX));
  const auto scope = c.scope(Permission::event_read);
  OG_TRY(events::refresh_kpi_rollup(c.svc.store));
  OG_ASSIGN(auto points, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return events::kpi_series(tx, scope, interval, period.from_ms, period.to_ms, org_id);
            }));
  boost::json::array items;
  for (const auto& p : points)
    items.push_back(boost::json::object{{"period", p.period},
                                        {"reported", p.reported},
                                        {"closed", p.closed},
                                        {"overdue", p.overdue}});
  return json_response(200, boost::json::object{{"interval", raw},
                                                {"from", period.from},
                                                {"to", period.to},
                                                {"items", std::move(items)}});
}

Result<http::Response> breakdown(Call& c) {
  const auto raw = c.req.query_param("by").value_or("class");
  std::optional<events::BreakdownBy> by;
  if (raw == "class") by = events::BreakdownBy::event_class;
  if (raw == "channel") by = events::BreakdownBy::channel;
  if (raw == "state") by = events::BreakdownBy::state;
  if (!by) return invalid_input("query.invalid", "by is class, channel or state", "by");
  OG_ASSIGN(auto period, read_period(c, 30, 3660));
  OG_ASSIGN(auto org_id, query_int(c.req, "org_id", 1, INT64_MAX));
  const auto scope = c.scope(Permission::event_read);
  OG_ASSIGN(auto found, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return events::kpi_breakdown(tx, scope, *by, period.from_ms, period.to_ms, org_id);
            }));
  boost::json::array items;
  for (const auto& i : found)
    items.push_back(boost::json::object{{"key", i.key}, {"name", i.name}, {"count", i.count}});
  return json_response(
      200, boost::json::object{
               {"by", raw}, {"from", period.from}, {"to", period.to}, {"items", std::move(items)}});
}

}  // namespace

void register_kpi_routes(Routes& r) {
  r.push_back({"GET", "/api/v1/kpis", Permission::event_read,
               "KPIs of the event loop per grid, community, street or department", table});
  r.push_back({"GET", "/api/v1/kpis/series", Permission::event_read,
               "Events reported, closed and flagged overdue per day or month", series});
  r.push_back({"GET", "/api/v1/kpis/breakdown", Permission::event_read,
               "Events reported in a period per class, channel or state", breakdown});
}

}  // namespace onegrid::api
