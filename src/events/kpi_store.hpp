#pragma once
// KPIs from the store: per grid, community, street or department over a period, a time series,
// and a breakdown by class, channel or state (see kpi.hpp for what every figure means). Tables
// series and breakdowns are summed from the rollup (kpi_rollup.hpp; whole Asia/Shanghai days,
// months read as month rows): call refresh_kpi_rollup first for figures that include the
// latest transitions. Every query is limited to the caller's
// event.read scope here, in the store layer: geographic rows and totals count only events whose
// org path lies in the scope; department rows count the summons of events in the scope plus
// every summons of the departments in the scope (department staff see their own department).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "events/kpi.hpp"
#include "org/scope.hpp"
#include "store/store.hpp"

namespace onegrid::events {

enum class KpiGroup { grid, community, street, department };
std::optional<KpiGroup> parse_kpi_group(std::string_view code);
std::string_view kpi_group_code(KpiGroup g);

struct KpiQuery {
  KpiGroup group = KpiGroup::community;
  std::int64_t from = 0, to = 0;          // cohort: reported_at in [from, to), ms; the rollup
                                          // answers whole Asia/Shanghai days: from and to are
                                          // taken as the days that contain them (to exclusive)
  std::optional<std::int64_t> parent_id;  // only events under this org unit (and, for
                                          // geographic groups, only units under it)
};

struct KpiRow {
  std::int64_t org_id = 0;
  std::string org_code, org_name;
  KpiSums sums;
  // Residents: a community's recorded figure (org_unit.population, "recorded"), else the
  // register's living persons of the community ("register"); a street sums its communities
  // ("mixed" when their sources differ); grids and departments only a recorded figure.
  std::optional<std::int64_t> population;
  std::string population_source;  // "recorded", "register", "mixed"; "" without a figure
};

struct KpiTable {
  // Units of the group inside the scope (and parent), by code; inactive units only with data.
  std::vector<KpiRow> items;
  // Everything visible in the period. Geographic groups: every event in the scope, including
  // the community "no grid" queues that have no grid row. Department group: the sum of the
  // department rows (an event summoned to two departments counts in both).
  KpiSums total;
  std::optional<std::int64_t> total_population;  // the scope's communities (geographic groups)
  std::string total_population_source;
};

// query.invalid (field parent_id) when the parent does not exist.
Result<KpiTable> kpi_table(store::Tx& tx, const org::Scope& scope, const KpiQuery& q);

// Events reported, closed (by the day of their current close) and flagged overdue (stage or
// department deadline missed, one per flag raised by the sweep) per Asia/Shanghai day or month
// of the whole days containing [from, to); zero periods included. Visible: events whose org
// path is in the scope, and events summoned to a department in the scope, each counted once
// (from the rollup, or from the events themselves when events outside the scope reached two or
// more departments in it).
enum class KpiInterval { day, month };
struct SeriesPoint {
  std::string period;  // "2026-11-05" or "2026-11"
  std::int64_t reported = 0, closed = 0, overdue = 0;
};
// org_id: only events under that unit (in the scope), or summoned to it when it is a department.
Result<std::vector<SeriesPoint>> kpi_series(store::Tx& tx, const org::Scope& scope,
                                            KpiInterval interval, std::int64_t from,
                                            std::int64_t to, std::optional<std::int64_t> org_id);

// Events reported in the whole days containing [from, to) per class, channel or current state
// (every key, zeros too), visible as for kpi_series but each counted once: from the rollup,
// or from the events themselves when events outside the scope reached two or more departments
// in it.
enum class BreakdownBy { event_class, channel, state };
struct BreakdownItem {
  std::string key;   // class code, channel code or state code
  std::string name;  // 中文名
  std::int64_t count = 0;
};
Result<std::vector<BreakdownItem>> kpi_breakdown(store::Tx& tx, const org::Scope& scope,
                                                 BreakdownBy by, std::int64_t from, std::int64_t to,
                                                 std::optional<std::int64_t> org_id);

}  // namespace onegrid::events
