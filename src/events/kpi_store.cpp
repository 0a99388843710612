#include "events/kpi_store.hpp"

#include <map>
#include <tuple>
#include <utility>

#include "base/clock.hpp"
#include "events/event.hpp"
#include "events/kpi_rollup.hpp"
#include "events/kpi_sql.hpp"
#include "org/scope_sql.hpp"

namespace onegrid::events {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kShanghaiOffsetMs = 8 * 3'600'000;

// " AND (…)": the rollup rows of the whole days containing [from, to): with `months`, the
// calendar months lying wholly inside as month rows, the days at either end as day rows.
void append_days(std::string& sql, std::vector<store::Value>& params, std::int64_t from,
                 std::int64_t to, bool months = true) {
  const std::int64_t first = shanghai_day(from), end = shanghai_day(to - 1) + 1;
  const std::int64_t m1 = month_first_day(first) == first ? first : next_month_first_day(first);
  const std::int64_t m2 = month_first_day(end);
  if (!months || m1 >= m2) {
    sql += " AND r.grain = 0 AND r.day >= ? AND r.day < ?";
    params.emplace_back(first);
    params.emplace_back(end);
    return;
  }
  sql +=
      " AND ((r.grain = 0 AND r.day >= ? AND r.day < ?) OR (r.grain = 1 AND r.day >= ? AND "
      "r.day < ?) OR (r.grain = 0 AND r.day >= ? AND r.day < ?))";
  for (std::int64_t v : {first, m1, m1, m2, m2, end}) params.emplace_back(v);
}

struct Unit {
  std::int64_t id = 0;
  std::string kind, code, name, path;
  std::optional<std::int64_t> population;
  bool active = true;
  std::string population_source;  // "recorded", "register" or "" (kpi_store.hpp)
};

Result<std::optional<Unit>> find_unit(store::Tx& tx, std::int64_t id) {
  OG_ASSIGN(auto row, tx.query_one("SELECT id, kind, code, name, path, population, active FROM "
                                   "org_unit WHERE id = ?",
                                   {id}));
  if (!row) return std::optional<Unit>{};
  return std::optional<Unit>(Unit{row->i64(0), row->text(1), row->text(2), row->text(3),
                                  row->text(4), row->opt_i64(5), row->i64(6) == 1});
}

Result<std::optional<std::string>> parent_path(store::Tx& tx, std::optional<std::int64_t> id,
                                               const char* field) {
  if (!id) return std::optional<std::string>{};
  OG_ASSIGN(auto u, find_unit(tx, *id));
  if (!u) return invalid_input("query.invalid", "no org unit " + std::to_string(*id), field);
  return std::optional<std::string>(u->path);
}

bool under(const std::string& path, const std::optional<std::string>& root) {
  return !root || path.rfind(*root, 0) == 0;
}

Result<std::vector<Unit>> units_of_kind(store::Tx& tx, const std::string& kind) {
  OG_ASSIGN(auto rows, tx.query("SELECT id, kind, code, name, path, population, active FROM "
                                "org_unit WHERE kind = ? ORDER BY code",
                                {kind}));
  std::vector<Unit> out;
  for (const auto& r : rows) {
    out.push_back(
        Unit{r.i64(0), r.text(1), r.text(2), r.text(3), r.text(4), r.opt_i64(5), r.i64(6) == 1});
    if (out.back().population) out.back().population_source = "recorded";
  }
  return out;
}

// The communities, each with its recorded residents or else the register's living persons.
Result<std::vector<Unit>> communities_with_residents(store::Tx& tx) {
  OG_ASSIGN(auto communities, units_of_kind(tx, "community"));
  std::string in;
  std::vector<store::Value> ids;
  for (const auto& c : communities) {
    if (c.population) continue;
    in += in.empty() ? "?" : ", ?";
    ids.emplace_back(c.id);
  }
  if (ids.empty()) return communities;
  OG_ASSIGN(auto counts, tx.query("SELECT community_id, COUNT(*) FROM person WHERE merged_into "
                                  "IS NULL AND community_id IN (" +
                                      in + ") GROUP BY community_id",
                                  ids));
  std::map<std::int64_t, std::int64_t> residents;
  for (const auto& r : counts) residents[r.i64(0)] = r.i64(1);
  for (auto& c : communities)
    if (auto it = residents.find(c.id); !c.population && it != residents.end()) {
      c.population = it->second;
      c.population_source = "register";
    }
  return communities;
}

// Residents of the communities under `path` (nullopt when none has a figure), and where the
// figures come from: one source, or "mixed".
std::pair<std::optional<std::int64_t>, std::string> population_under(
    const std::vector<Unit>& communities, const std::string& path) {
  std::optional<std::int64_t> sum;
  std::string source;
  for (const auto& c : communities) {
    if (!c.population || c.path.rfind(path, 0) != 0) continue;
    sum = sum.value_or(0) + *c.population;
    source = source.empty() || source == c.population_source ? c.population_source : "mixed";
  }
  return {sum, source};
}

// " AND (…)": a summons row (alias r) is visible when its event's place or its department lies
// in the scope (department staff see their own department's summons of any event).
void append_summons_visible(std::string& sql, std::vector<store::Value>& params,
                            const org::Scope& scope) {
  if (scope.all) return;
  sql += " AND (";
  org::append_scope_condition(sql, params, scope, "r.org_path");
  sql += " OR ";
  org::append_scope_condition(sql, params, scope, "r.dept_path");
  sql += ")";
}

Result<KpiTable> geographic_table(store::Tx& tx, const org::Scope& scope, const KpiQuery& q,
                                  const std::optional<std::string>& parent) {
  const char* kind = q.group == KpiGroup::grid        ? "grid"
                     : q.group == KpiGroup::community ? "community"
                                                      : "street";
  const std::string key = q.group == KpiGroup::grid        ? "r.grid_id"
                          : q.group == KpiGroup::community ? "r.community_id"
                                                           : "r.street_id";
  std::string sql = "SELECT " + key + ", " + kpi_sql::rollup_sum_columns() +
                    " FROM kpi_rollup r WHERE r.dept_id = 0";
  std::vector<store::Value> params;
  append_days(sql, params, q.from, q.to);
  org::append_scope_filter(sql, params, scope, "r.org_path");
  if (parent) org::append_scope_filter(sql, params, org::Scope::subtree(*parent), "r.org_path");
  OG_ASSIGN(auto rows, tx.query(sql, params));
  std::map<std::int64_t, KpiSums> by_key;
  KpiTable out;
  for (const auto& r : rows) kpi_sql::add_rollup_sums(r, 1, by_key[r.i64(0)]);
  for (const auto& [k, sums] : by_key) out.total.add(sums);

  OG_ASSIGN(auto communities, communities_with_residents(tx));
  std::vector<Unit> others;
  if (q.group != KpiGroup::community) {
    OG_ASSIGN(others, units_of_kind(tx, kind));
  }
  for (const auto& u : q.group == KpiGroup::community ? communities : others) {
    if (!scope.contains(u.path) || !under(u.path, parent)) continue;
    auto it = by_key.find(u.id);
    if (!u.active && it == by_key.end()) continue;
    KpiRow row{u.id,         u.code,
               u.name,       it == by_key.end() ? KpiSums{} : it->second,
               u.population, u.population_source};
    if (q.group == KpiGroup::street)
      std::tie(row.population, row.population_source) = population_under(communities, u.path);
    out.items.push_back(std::move(row));
  }
  std::vector<Unit> visible;
  for (const auto& c : communities)
    if (scope.contains(c.path) && under(c.path, parent)) visible.push_back(c);
  std::tie(out.total_population, out.total_population_source) = population_under(visible, "/");
  return out;
}

Result<KpiTable> department_table(store::Tx& tx, const org::Scope& scope, const KpiQuery& q,
                                  const std::optional<std::string>& parent) {
  std::string sql = "SELECT r.dept_id, " + kpi_sql::rollup_sum_columns() +
                    " FROM kpi_rollup r WHERE r.dept_id <> 0";
  std::vector<store::Value> params;
  append_days(sql, params, q.from, q.to);
  append_summons_visible(sql, params, scope);
  if (parent) org::append_scope_filter(sql, params, org::Scope::subtree(*parent), "r.org_path");
  OG_ASSIGN(auto rows, tx.query(sql, params));
  std::map<std::int64_t, KpiSums> by_dept;
  KpiTable out;
  for (const auto& r : rows) kpi_sql::add_rollup_sums(r, 1, by_dept[r.i64(0)]);
  for (const auto& [k, sums] : by_dept) out.total.add(sums);

  OG_ASSIGN(auto depts, units_of_kind(tx, "department"));
  for (const auto& u : depts) {
    auto it = by_dept.find(u.id);
    const bool has_data = it != by_dept.end();
    if (!has_data && (!u.active || !scope.contains(u.path))) continue;
    out.items.push_back(KpiRow{u.id, u.code, u.name, has_data ? it->second : KpiSums{},
                               u.population, u.population_source});
  }
  return out;
}

Result<std::optional<Unit>> optional_unit(store::Tx& tx, std::optional<std::int64_t> org_id) {
  if (!org_id) return std::optional<Unit>{};
  OG_ASSIGN(auto u, find_unit(tx, *org_id));
  if (!u) return invalid_input("query.invalid", "no org unit " + std::to_string(*org_id), "org_id");
  return u;
}

// The scope's departments whose rollup rows count events from outside the scope: none for an
// all-seeing scope (every event counts by its place).
Result<int> departments_counted(store::Tx& tx, const org::Scope& scope) {
  if (scope.all) return 0;
  OG_ASSIGN(auto rows, tx.query("SELECT path FROM org_unit WHERE kind = 'department'"));
  int n = 0;
  for (const auto& r : rows) n += scope.contains(r.text(0));
  return n;
}

// " AND (…)": the rollup rows that count the events visible to the scope, once each, (under
// `unit` when given, or summoned to it when it is a department). Events by place (dept_id 0)
// in the scope, and events elsewhere by the row of the scope's department they were summoned
// to. With two or more departments in the scope an event elsewhere summoned to both would
// count twice: callers that must count events once then use the events themselves
// (breakdown_from_events). A district's own departments never see such events: its events all
// lie in it.
void append_rollup_visible(std::string& sql, std::vector<store::Value>& params,
                           const org::Scope& scope, int departments,
                           const std::optional<Unit>& unit) {
  if (unit && unit->kind == "department") {
    // the department's rows: events summoned to it, visible by their place or the department
    sql += " AND r.dept_id = ?";
    params.emplace_back(unit->id);
    append_summons_visible(sql, params, scope);
    return;
  }
  if (departments == 0) {
    sql += " AND r.dept_id = 0";
    org::append_scope_filter(sql, params, scope, "r.org_path");
  } else {
    // events in the scope, and events elsewhere summoned to a department in the scope
    sql += " AND ((r.dept_id = 0 AND ";
    org::append_scope_condition(sql, params, scope, "r.org_path");
    sql += ") OR (r.dept_id <> 0 AND ";
    org::append_scope_condition(sql, params, scope, "r.dept_path");
    sql += " AND NOT ";
    org::append_scope_condition(sql, params, scope, "r.org_path");
    sql += "))";
  }
  if (unit) org::append_scope_filter(sql, params, org::Scope::subtree(unit->path), "r.org_path");
}

// " AND …": the event (alias e) is visible to the scope (its place, or a summoned department in
// the scope) and lies under `unit` (a place; department units never come here).
void append_event_visible(std::string& sql, std::vector<store::Value>& params,
                          const org::Scope& scope, const std::optional<Unit>& unit) {
  if (!scope.all) {
    sql += " AND (";
    org::append_scope_condition(sql, params, scope, "e.org_path");
    sql += " OR EXISTS (SELECT 1 FROM event_dept vd WHERE vd.event_id = e.id AND ";
    org::append_scope_condition(sql, params, scope, "vd.dept_path");
    sql += "))";
  }
  if (unit) org::append_scope_filter(sql, params, org::Scope::subtree(unit->path), "e.org_path");
}

// The series counted from the events and their overdue flags, per Asia/Shanghai day of the
// whole days containing [from, to): exact for any scope (see append_rollup_visible).
Result<std::map<std::int64_t, SeriesPoint>> series_from_events(store::Tx& tx,
                                                               const org::Scope& scope,
                                                               std::int64_t from, std::int64_t to,
                                                               const std::optional<Unit>& unit) {
  const std::int64_t start = shanghai_day_start(shanghai_day(from));
  const std::int64_t end = shanghai_day_start(shanghai_day(to - 1) + 1);
  std::map<std::int64_t, SeriesPoint> days;
  // (instant, table, extra condition, figure)
  struct Count {
    const char* instant;
    const char* from;
    const char* where;
    std::int64_t SeriesPoint::*figure;
  };
  for (const Count& c : {Count{"e.reported_at", "event e", "", &SeriesPoint::reported},
                         Count{"e.closed_at", "event e", "", &SeriesPoint::closed},
                         Count{"t.at", "event_transition t JOIN event e ON e.id = t.event_id",
                               " AND t.action = 'overdue'", &SeriesPoint::overdue}}) {
    const std::string at = c.instant;
    std::string sql = "SELECT (" + at + " + " + std::to_string(kShanghaiOffsetMs) + ") / " +
                      std::to_string(kDayMs) + ", COUNT(*) FROM " + c.from + " WHERE " + at +
                      " >= ? AND " + at + " < ?" + c.where;
    std::vector<store::Value> params{start, end};
    append_event_visible(sql, params, scope, unit);
    sql += " GROUP BY 1";
    OG_ASSIGN(auto rows, tx.query(sql, params));
    for (const auto& r : rows) days[r.i64(0)].*c.figure += r.i64(1);
  }
  return days;
}

// The breakdown counted from the period's events (one pass over the KPI covering index, a sum
// per key; `values`: each item's value of the column): exact for any scope, for scopes the
// rollup cannot count once (see above).
Result<std::vector<BreakdownItem>> breakdown_from_events(store::Tx& tx, const org::Scope& scope,
                                                         BreakdownBy by, std::int64_t from,
                                                         std::int64_t to,
                                                         const std::optional<Unit>& unit,
                                                         std::vector<BreakdownItem> out,
                                                         const std::vector<store::Value>& values) {
  const char* column = by == BreakdownBy::event_class ? "e.class_id"
                       : by == BreakdownBy::channel   ? "e.channel"
                                                      : "e.state";
  std::string sql = "SELECT ";
  std::vector<store::Value> params;
  for (std::size_t i = 0; i < values.size(); ++i) {
    sql += std::string(i ? ", " : "") + "SUM(CASE WHEN " + column + " = ? THEN 1 ELSE 0 END)";
    params.push_back(values[i]);
  }
  sql += " FROM event e WHERE e.reported_at >= ? AND e.reported_at < ?";
  params.emplace_back(shanghai_day_start(shanghai_day(from)));
  params.emplace_back(shanghai_day_start(shanghai_day(to - 1) + 1));
  append_event_visible(sql, params, scope, unit);
  OG_ASSIGN(auto row, tx.query_one(sql, params));
  if (row)
    for (std::size_t i = 0; i < out.size(); ++i) out[i].count = row->i64(i);
  return out;
}

std::string day_label(std::int64_t day) {
  return format_utc(day * kDayMs).substr(0, 10);
}

}  // namespace

std::optional<KpiGroup> parse_kpi_group(std::string_view code) {
  for (KpiGroup g : {KpiGroup::grid, KpiGroup::community, KpiGroup::street, KpiGroup::department})
    if (kpi_group_code(g) == code) return g;
  return std::nullopt;
}

std::string_view kpi_group_code(KpiGroup g) {
  switch (g) {
    case KpiGroup::grid:
      return "grid";
    case KpiGroup::community:
      return "community";
    case KpiGroup::street:
      return "street";
    case KpiGroup::department:
      return "department";
  }
  return {};
}

Result<KpiTable> kpi_table(store::Tx& tx, const org::Scope& scope, const KpiQuery& q) {
  OG_ASSIGN(auto parent, parent_path(tx, q.parent_id, "parent_id"));
  if (q.group == KpiGroup::department) return department_table(tx, scope, q, parent);
  return geographic_table(tx, scope, q, parent);
}

Result<std::vector<SeriesPoint>> kpi_series(store::Tx& tx, const org::Scope& scope,
                                            KpiInterval interval, std::int64_t from,
                                            std::int64_t to, std::optional<std::int64_t> org_id) {
  std::string sql =
      "SELECT r.day, r.reported, r.closed_on_day, r.overdue_on_day, r.dept_id FROM kpi_rollup r "
      "WHERE 1 = 1";
  std::vector<store::Value> params;
  append_days(sql, params, from, to, interval == KpiInterval::month);
  OG_ASSIGN(auto unit, optional_unit(tx, org_id));
  OG_ASSIGN(auto depts, departments_counted(tx, scope));
  append_rollup_visible(sql, params, scope, depts, unit);
  OG_ASSIGN(auto rows, tx.query(sql, params));
  std::map<std::int64_t, SeriesPoint> days;
  bool elsewhere = false;  // events outside the scope, counted by a department of it
  for (const auto& r : rows) {
    auto& p = days[r.i64(0)];
    p.reported += r.i64(1);
    p.closed += r.i64(2);
    p.overdue += r.i64(3);
    elsewhere = elsewhere || r.i64(4) != 0;
  }
  // such an event summoned to two of the scope's departments would count twice
  if (elsewhere && depts >= 2 && !(unit && unit->kind == "department")) {
    OG_ASSIGN(days, series_from_events(tx, scope, from, to, unit));
  }
  std::vector<SeriesPoint> out;
  for (std::int64_t d = shanghai_day(from); d <= shanghai_day(to - 1); ++d) {
    std::string label = day_label(d);
    if (interval == KpiInterval::month) label = label.substr(0, 7);
    if (out.empty() || out.back().period != label) out.push_back(SeriesPoint{label, 0, 0, 0});
    if (auto it = days.find(d); it != days.end()) {
      out.back().reported += it->second.reported;
      out.back().closed += it->second.closed;
      out.back().overdue += it->second.overdue;
    }
  }
  return out;
}

Result<std::vector<BreakdownItem>> kpi_breakdown(store::Tx& tx, const org::Scope& scope,
                                                 BreakdownBy by, std::int64_t from, std::int64_t to,
                                                 std::optional<std::int64_t> org_id) {
  std::vector<BreakdownItem> out;
  std::vector<std::string> keys;     // the rollup's key per item
  std::vector<store::Value> values;  // the event column's value per item
  switch (by) {
    case BreakdownBy::event_class: {
      OG_ASSIGN(auto classes, tx.query("SELECT id, code, name FROM event_class ORDER BY code"));
      for (const auto& c : classes) {
        out.push_back(BreakdownItem{c.text(1), c.text(2), 0});
        keys.push_back(std::to_string(c.i64(0)));
        values.emplace_back(c.i64(0));
      }
      break;
    }
    case BreakdownBy::channel:
      for (Channel ch : all_channels()) {
        out.push_back(
            BreakdownItem{std::string(channel_code(ch)), std::string(channel_name_zh(ch)), 0});
        keys.emplace_back(channel_code(ch));
        values.emplace_back(channel_code(ch));
      }
      break;
    case BreakdownBy::state:
      for (State st : all_states()) {
        out.push_back(
            BreakdownItem{std::string(state_code(st)), std::string(state_name_zh(st)), 0});
        keys.emplace_back(state_code(st));
        values.emplace_back(state_code(st));
      }
      break;
  }
  if (out.empty()) return out;
  OG_ASSIGN(auto unit, optional_unit(tx, org_id));
  OG_ASSIGN(auto depts, departments_counted(tx, scope));
  const char* column = by == BreakdownBy::event_class ? "r.class_counts"
                       : by == BreakdownBy::channel   ? "r.channel_counts"
                                                      : "r.state_counts";
  std::string sql = std::string("SELECT r.dept_id, ") + column + " FROM kpi_rollup r WHERE 1 = 1";
  std::vector<store::Value> params;
  append_days(sql, params, from, to);
  append_rollup_visible(sql, params, scope, depts, unit);
  OG_ASSIGN(auto rows, tx.query(sql, params));
  std::map<std::string, std::int64_t> counts;
  bool elsewhere = false;  // events outside the scope, counted by a department of it
  for (const auto& r : rows) {
    add_counts(r.text(1), counts);
    elsewhere = elsewhere || r.i64(0) != 0;
  }
  // such an event summoned to two of the scope's departments would count twice
  if (elsewhere && depts >= 2 && !(unit && unit->kind == "department"))
    return breakdown_from_events(tx, scope, by, from, to, unit, out, values);
  for (std::size_t i = 0; i < out.size(); ++i)
    if (auto it = counts.find(keys[i]); it != counts.end()) out[i].count = it->second;
  return out;
}

}  // namespace onegrid::events
