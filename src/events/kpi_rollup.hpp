#pragma once
// The KPI rollup (table kpi_rollup, migrations 0004 and 0009): per Asia/Shanghai day, event org
// path and summoned department, the additive KPI sums of the events reported that day, their
// counts per class, channel and current state, plus the events closed and the overdue flags
// raised on that day. Month rows (grain 1) hold the sum of their days. kpi_store.hpp answers
// from it, so a KPI query reads a few thousand rollup rows instead of scanning millions of
// events, and a year reads 12 month rows per place instead of 365 day rows.
//
// Freshness: every change that matters to a KPI appends an event_transition row (report, every
// workflow action, rating, complaint, overdue flag). A refresh rebuilds, from the events, the
// days those new transitions touch — the day the event was reported, the day of the transition
// and, for a reopening, the day of the close it undid — and moves each of their months by the
// difference between the day's new and old rows. It remembers the highest transition id it saw
// (setting kpi_rollup_transition) and looks back 1,000 transitions before that id, so
// transactions that took an id earlier but committed later (PostgreSQL) are not missed. With
// nothing new it costs two indexed reads. The first refresh (or `full`) rebuilds every day.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "events/kpi.hpp"
#include "store/store.hpp"

namespace onegrid::events {

struct RollupReport {
  int days = 0;  // days rebuilt
  bool full = false;
};

// Brings kpi_rollup up to date with the transitions; safe to call concurrently and often (the
// KPI endpoints call it before reading; the periodic job may call it to keep that cheap).
Result<RollupReport> refresh_kpi_rollup(store::Store& store, bool full = false);

// The Asia/Shanghai day number of an instant (ms), and the instant its day starts.
std::int64_t shanghai_day(std::int64_t ms);
std::int64_t shanghai_day_start(std::int64_t day);
// The first day of the calendar month holding `day`, and of the month after it.
std::int64_t month_first_day(std::int64_t day);
std::int64_t next_month_first_day(std::int64_t day);

// "bucket:count;…" ⇄ histogram (kpi_rollup.handling_hist); add_hist adds `times` × each count.
std::string format_hist(const std::map<int, std::int64_t>& hist);
void add_hist(std::string_view text, std::map<int, std::int64_t>& hist, std::int64_t times = 1);
// "key:count;…" ⇄ counts per key (kpi_rollup.class_counts, channel_counts, state_counts).
std::string format_counts(const std::map<std::string, std::int64_t>& counts);
void add_counts(std::string_view text, std::map<std::string, std::int64_t>& counts,
                std::int64_t times = 1);

}  // namespace onegrid::events
