#pragma once
// The KPI rollup (table kpi_daily, migration 0004): per Asia/Shanghai day, event org path and
// summoned department, the additive KPI sums of the events reported that day, plus the events
// closed and the overdue flags raised on that day. kpi_store.hpp answers from it, so a KPI
// query reads a few thousand rollup rows instead of scanning millions of events.
//
// Freshness: every change that matters to a KPI appends an event_transition row (report, every
// workflow action, rating, complaint, overdue flag). A refresh rebuilds, from the events, the
// days those new transitions touch — the day the event was reported, the day of the transition
// and, for a reopening, the day of the close it undid — and remembers the highest transition id
// it saw (setting kpi_rollup_transition). It looks back 1,000 transitions before that id, so
// transactions that took an id earlier but committed later (PostgreSQL) are not missed. With
// nothing new it costs two indexed reads. The first refresh (or `full`) rebuilds every day.

#include <cstdint>
#include <map>
#include <string>

#include "base/result.hpp"
#include "events/kpi.hpp"
#include "store/store.hpp"

namespace onegrid::events {

struct RollupReport {
  int days = 0;  // days rebuilt
  bool full = false;
};

// Brings kpi_daily up to date with the transitions; safe to call concurrently and often (the
// KPI endpoints call it before reading; the periodic job may call it to keep that cheap).
Result<RollupReport> refresh_kpi_rollup(store::Store& store, bool full = false);

// The Asia/Shanghai day number of an instant (ms), and the instant its day starts.
std::int64_t shanghai_day(std::int64_t ms);
std::int64_t shanghai_day_start(std::int64_t day);

// "bucket:count;…" ⇄ histogram (kpi_daily.handling_hist).
std::string format_hist(const std::map<int, std::int64_t>& hist);
void add_hist(const std::string& text, std::map<int, std::int64_t>& hist);

}  // namespace onegrid::events
