#pragma once
// SQL shared by the KPI files (internal to src/events): the aggregate columns over event rows
// (alias e, subclass alias s) and summons (alias d), the handling-time bucket, the rollup's sum
// columns, and readers that add a result row's columns into KpiSums.

#include <cstddef>
#include <string>

#include "events/kpi.hpp"
#include "store/store.hpp"

namespace onegrid::events::kpi_sql {

inline constexpr int kEventColumns = 14;
inline constexpr int kSummonsColumns = 7;
// 14 aggregates over e (needs `JOIN event_subclass s ON s.id = e.subclass_id`).
const std::string& event_columns();
// 7 aggregates over d.
const std::string& summons_columns();
// The handling bucket of a closed event, -1 for others.
const std::string& bucket_column();

// Adds columns [at, at + 14) (and the bucket's closed events to the histogram when ≥ 0).
void add_event_sums(const store::Row& r, std::size_t at, int bucket, KpiSums& s);
// Adds columns [at, at + 7).
void add_summons_sums(const store::Row& r, std::size_t at, KpiSums& s);

// The rollup's sum columns (table kpi_rollup, alias r) in KpiSums order, then the histogram.
inline constexpr int kRollupSumColumns = kEventColumns + kSummonsColumns + 1;
const std::string& rollup_sum_columns();
// Adds columns [at, at + kRollupSumColumns) of a rollup row, `times` over (−1 subtracts).
void add_rollup_sums(const store::Row& r, std::size_t at, KpiSums& s, std::int64_t times = 1);

}  // namespace onegrid::events::kpi_sql
