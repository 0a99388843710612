#include "events/kpi_rollup.hpp"

#include <charconv>
#include <chrono>
#include <map>
#include <set>
#include <span>
#include <type_traits>

#include "events/kpi_sql.hpp"

namespace onegrid::events {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kShanghaiOffsetMs = 8 * 3'600'000;
constexpr const char* kSetting = "kpi_rollup_transition";
constexpr std::int64_t kLookback = 1000;               // transitions re-checked per refresh
constexpr std::int64_t kLockKey = 0x4F6E654B5049526C;  // PostgreSQL advisory lock
constexpr std::size_t kDaysPerTx = 8;                  // a full rebuild's transaction size
constexpr std::size_t kRowsPerInsert = 50;

enum : std::int64_t { kDayGrain = 0, kMonthGrain = 1 };

using Counts = std::map<std::string, std::int64_t>;

void add_to(Counts& into, const Counts& from, std::int64_t times) {
  for (const auto& [k, n] : from) {
    auto& c = into[k];
    c += times * n;
    if (c == 0) into.erase(k);
  }
}

struct Key {
  std::string org_path;
  std::int64_t dept_id = 0;
  auto operator<=>(const Key&) const = default;
};
// One rollup row: its place, then what it sums.
struct Agg {
  std::int64_t grid = 0, community = 0, street = 0;
  std::string dept_path;
  KpiSums sums;
  std::int64_t closed_on_day = 0, overdue_on_day = 0;
  Counts classes, channels, states;  // events per class id, channel, current state

  // Adds `times` × o (−1 subtracts) and takes o's place.
  void add(const Agg& o, std::int64_t times) {
    grid = o.grid;
    community = o.community;
    street = o.street;
    dept_path = o.dept_path;
    sums.add(o.sums, times);
    closed_on_day += times * o.closed_on_day;
    overdue_on_day += times * o.overdue_on_day;
    add_to(classes, o.classes, times);
    add_to(channels, o.channels, times);
    add_to(states, o.states, times);
  }
  bool empty() const {
    return sums == KpiSums{} && closed_on_day == 0 && overdue_on_day == 0 && classes.empty() &&
           channels.empty() && states.empty();
  }
};
using Rows = std::map<Key, Agg>;

// The row's place: columns org_path, grid, community, street (then dept_id, dept_path).
Agg& slot(Rows& rows, const store::Row& r, bool dept) {
  auto& a = rows[Key{r.text(0), dept ? r.i64(4) : 0}];
  a.grid = r.i64(1);
  a.community = r.i64(2);
  a.street = r.i64(3);
  if (dept) a.dept_path = r.text(5);
  return a;
}

// Columns [at, at + 4): class id, channel, state, events.
void add_mix(Agg& a, const store::Row& r, std::size_t at) {
  const std::int64_t n = r.i64(at + 3);
  a.classes[std::to_string(r.i64(at))] += n;
  a.channels[r.text(at + 1)] += n;
  a.states[r.text(at + 2)] += n;
}

constexpr const char* kInsert =
    "INSERT INTO kpi_rollup (grain, day, org_path, dept_id, dept_path, grid_id, community_id, "
    "street_id, reported, accepted, rejected, merged, closed, closed_on_time, resolved_in_grid, "
    "whistled, reopened, rated, rating_sum, satisfied, complaints, handling_ms, summoned, "
    "report_ins, report_ins_on_time, summoned_lead, submitted, submitted_on_time, "
    "dept_handling_ms, closed_on_day, overdue_on_day, handling_hist, class_counts, "
    "channel_counts, state_counts) VALUES ";
constexpr std::size_t kInsertColumns = 35;

Status insert_rows(store::Tx& tx, std::int64_t grain, std::int64_t day, const Rows& rows) {
  std::vector<store::Value> values;
  values.reserve(rows.size() * kInsertColumns);
  for (const auto& [k, a] : rows) {
    const auto& s = a.sums;
    for (std::int64_t v : {grain, day}) values.emplace_back(v);
    values.emplace_back(k.org_path);
    values.emplace_back(k.dept_id);
    values.emplace_back(a.dept_path);
    for (std::int64_t v : {a.grid,
                           a.community,
                           a.street,
                           s.reported,
                           s.accepted,
                           s.rejected,
                           s.merged,
                           s.closed,
                           s.closed_on_time,
                           s.resolved_in_grid,
                           s.whistled,
                           s.reopened,
                           s.rated,
                           s.rating_sum,
                           s.satisfied,
                           s.complaints,
                           s.handling_ms,
                           s.summoned,
                           s.report_ins,
                           s.report_ins_on_time,
                           s.summoned_lead,
                           s.submitted,
                           s.submitted_on_time,
                           s.dept_handling_ms,
                           a.closed_on_day,
                           a.overdue_on_day})
      values.emplace_back(v);
    values.emplace_back(format_hist(s.handling_hist));
    for (const Counts* c : {&a.classes, &a.channels, &a.states})
      values.emplace_back(format_counts(*c));
  }
  std::string one = "(";
  for (std::size_t c = 0; c < kInsertColumns; ++c) one += c ? ", ?" : "?";
  one += ")";
  const std::size_t n = rows.size();
  for (std::size_t i = 0; i < n; i += kRowsPerInsert) {
    const std::size_t k = std::min(kRowsPerInsert, n - i);
    std::string sql = kInsert;
    for (std::size_t r = 0; r < k; ++r) sql += (r ? ", " : "") + one;
    OG_TRY(tx.exec(sql, std::span<const store::Value>(values.data() + i * kInsertColumns,
                                                      k * kInsertColumns)));
  }
  return ok_status();
}

// The stored rows of one day or month.
Result<Rows> read_rows(store::Tx& tx, std::int64_t grain, std::int64_t day) {
  OG_ASSIGN(auto stored,
            tx.query("SELECT r.org_path, r.grid_id, r.community_id, r.street_id, r.dept_id, "
                     "r.dept_path, " +
                         kpi_sql::rollup_sum_columns() +
                         ", r.closed_on_day, r.overdue_on_day, r.class_counts, "
                         "r.channel_counts, r.state_counts FROM kpi_rollup r WHERE r.grain = ? "
                         "AND r.day = ?",
                     {grain, day}));
  Rows rows;
  constexpr std::size_t at = 6 + kpi_sql::kRollupSumColumns;
  for (const auto& r : stored) {
    auto& a = slot(rows, r, true);
    kpi_sql::add_rollup_sums(r, 6, a.sums);
    a.closed_on_day = r.i64(at);
    a.overdue_on_day = r.i64(at + 1);
    add_counts(r.text(at + 2), a.classes);
    add_counts(r.text(at + 3), a.channels);
    add_counts(r.text(at + 4), a.states);
  }
  return rows;
}

Status replace_rows(store::Tx& tx, std::int64_t grain, std::int64_t day, const Rows& rows) {
  OG_TRY(tx.exec("DELETE FROM kpi_rollup WHERE grain = ? AND day = ?", {grain, day}));
  return insert_rows(tx, grain, day, rows);
}

// Computes one day's rollup rows from the events, summons and transitions.
Result<Rows> compute_day(store::Tx& tx, std::int64_t day) {
  using namespace kpi_sql;
  const std::int64_t from = shanghai_day_start(day), to = from + kDayMs;
  const std::string place = "e.org_path, COALESCE(e.grid_id, 0), e.community_id, e.street_id";
  const std::string dept_place = place + ", d.dept_id, d.dept_path";
  const std::string mix = ", e.class_id, e.channel, e.state, COUNT(*)";
  const std::string reported = " WHERE e.reported_at >= ? AND e.reported_at < ?";
  const std::string closed = " WHERE e.closed_at >= ? AND e.closed_at < ?";
  const std::string flagged =
      " WHERE t.action = 'overdue' AND t.at >= ? AND t.at < ? AND t.event_id = e.id";
  Rows rows;

  OG_ASSIGN(auto events,
            tx.query("SELECT " + place + ", " + bucket_column() + ", " + event_columns() +
                         " FROM event e JOIN event_subclass s ON s.id = "
                         "e.subclass_id" +
                         reported + " GROUP BY 1, 2, 3, 4, 5",
                     {from, to}));
  for (const auto& r : events)
    add_event_sums(r, 5, static_cast<int>(r.i64(4)), slot(rows, r, false).sums);
  OG_ASSIGN(auto summons, tx.query("SELECT " + place + ", " + summons_columns() +
                                       " FROM event_dept d JOIN event e ON e.id = d.event_id" +
                                       reported + " GROUP BY 1, 2, 3, 4",
                                   {from, to}));
  for (const auto& r : summons) add_summons_sums(r, 4, slot(rows, r, false).sums);
  OG_ASSIGN(auto depts, tx.query("SELECT " + dept_place + ", " + bucket_column() + ", " +
                                     event_columns() + ", " + summons_columns() +
                                     " FROM event_dept d JOIN event e ON e.id = d.event_id JOIN "
                                     "event_subclass s ON s.id = e.subclass_id" +
                                     reported + " GROUP BY 1, 2, 3, 4, 5, 6, 7",
                                 {from, to}));
  for (const auto& r : depts) {
    auto& a = slot(rows, r, true);
    add_event_sums(r, 7, static_cast<int>(r.i64(6)), a.sums);
    add_summons_sums(r, 7 + kEventColumns, a.sums);
  }
  OG_ASSIGN(auto mixes, tx.query("SELECT " + place + mix + " FROM event e" + reported +
                                     " GROUP BY 1, 2, 3, 4, 5, 6, 7",
                                 {from, to}));
  for (const auto& r : mixes) add_mix(slot(rows, r, false), r, 4);
  OG_ASSIGN(auto dept_mixes, tx.query("SELECT " + dept_place + mix +
                                          " FROM event_dept d JOIN event e ON e.id = d.event_id" +
                                          reported + " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9",
                                      {from, to}));
  for (const auto& r : dept_mixes) add_mix(slot(rows, r, true), r, 6);
  OG_ASSIGN(auto closes, tx.query("SELECT " + place + ", COUNT(*) FROM event e" + closed +
                                      " GROUP BY 1, 2, 3, 4",
                                  {from, to}));
  for (const auto& r : closes) slot(rows, r, false).closed_on_day += r.i64(4);
  OG_ASSIGN(auto dept_closes, tx.query("SELECT " + dept_place +
                                           ", COUNT(*) FROM event e JOIN event_dept d ON "
                                           "d.event_id = e.id" +
                                           closed + " GROUP BY 1, 2, 3, 4, 5, 6",
                                       {from, to}));
  for (const auto& r : dept_closes) slot(rows, r, true).closed_on_day += r.i64(6);
  OG_ASSIGN(auto flags, tx.query("SELECT " + place + ", COUNT(*) FROM event_transition t, event e" +
                                     flagged + " GROUP BY 1, 2, 3, 4",
                                 {from, to}));
  for (const auto& r : flags) slot(rows, r, false).overdue_on_day += r.i64(4);
  OG_ASSIGN(auto dept_flags,
            tx.query("SELECT " + dept_place +
                         ", COUNT(*) FROM event_transition t, event e JOIN event_dept d ON "
                         "d.event_id = e.id" +
                         flagged + " GROUP BY 1, 2, 3, 4, 5, 6",
                     {from, to}));
  for (const auto& r : dept_flags) slot(rows, r, true).overdue_on_day += r.i64(6);
  return rows;
}

// Rebuilds the days from the events, then moves each of their months by what the days changed.
Status rebuild_days(store::Tx& tx, std::span<const std::int64_t> days) {
  std::map<std::int64_t, Rows> month_change;
  for (const std::int64_t day : days) {
    OG_ASSIGN(Rows now, compute_day(tx, day));
    OG_ASSIGN(Rows old, read_rows(tx, kDayGrain, day));
    auto& change = month_change[month_first_day(day)];
    for (const auto& [k, a] : old) change[k].add(a, -1);
    for (const auto& [k, a] : now) change[k].add(a, 1);
    OG_TRY(replace_rows(tx, kDayGrain, day, now));
  }
  for (const auto& [month, change] : month_change) {
    OG_ASSIGN(Rows rows, read_rows(tx, kMonthGrain, month));
    for (const auto& [k, a] : change) rows[k].add(a, 1);
    std::erase_if(rows, [](const auto& kv) { return kv.second.empty(); });
    OG_TRY(replace_rows(tx, kMonthGrain, month, rows));
  }
  return ok_status();
}

// "key:count;…" of the non-zero counts.
template <class Map>
std::string format_any(const Map& counts) {
  std::string out;
  for (const auto& [k, c] : counts) {
    if (c == 0) continue;
    if (!out.empty()) out += ';';
    if constexpr (std::is_same_v<typename Map::key_type, std::string>)
      out += k;
    else
      out += std::to_string(k);
    out += ':';
    out += std::to_string(c);
  }
  return out;
}

std::optional<std::int64_t> parse_i64(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::int64_t shanghai_day(std::int64_t ms) {
  const auto shifted = ms + kShanghaiOffsetMs;
  return shifted >= 0 ? shifted / kDayMs : -((-shifted + kDayMs - 1) / kDayMs);
}

std::int64_t shanghai_day_start(std::int64_t day) {
  return day * kDayMs - kShanghaiOffsetMs;
}

std::int64_t month_first_day(std::int64_t day) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{day}}};
  return sys_days{ymd.year() / ymd.month() / 1}.time_since_epoch().count();
}

std::int64_t next_month_first_day(std::int64_t day) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{day}}};
  return sys_days{(ymd.year() / ymd.month() + months{1}) / 1}.time_since_epoch().count();
}

std::string format_hist(const std::map<int, std::int64_t>& hist) {
  return format_any(hist);
}

std::string format_counts(const std::map<std::string, std::int64_t>& counts) {
  return format_any(counts);
}

void add_counts(std::string_view text, std::map<std::string, std::int64_t>& counts,
                std::int64_t times) {
  for (std::size_t p = 0; p < text.size();) {
    const auto colon = text.find(':', p);
    if (colon == std::string_view::npos) return;
    auto end = text.find(';', colon);
    if (end == std::string_view::npos) end = text.size();
    std::int64_t c = 0;
    auto r = std::from_chars(text.data() + colon + 1, text.data() + end, c);
    if (r.ec != std::errc() || r.ptr != text.data() + end) return;
    auto& into = counts[std::string(text.substr(p, colon - p))];
    into += times * c;
    if (into == 0) counts.erase(std::string(text.substr(p, colon - p)));
    p = end + 1;
  }
}

void add_hist(std::string_view text, std::map<int, std::int64_t>& hist, std::int64_t times) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    int b = 0;
    std::int64_t c = 0;
    auto r1 = std::from_chars(p, end, b);
    if (r1.ec != std::errc() || r1.ptr >= end || *r1.ptr != ':') return;
    auto r2 = std::from_chars(r1.ptr + 1, end, c);
    if (r2.ec != std::errc()) return;
    auto& into = hist[b];
    into += times * c;
    if (into == 0) hist.erase(b);
    p = r2.ptr;
    if (p < end && *p == ';') ++p;
  }
}

Result<RollupReport> refresh_kpi_rollup(store::Store& store, bool full) {
  RollupReport report;
  std::int64_t top = 0;
  std::set<std::int64_t> days;
  OG_TRY(store.read([&](store::Tx& tx) -> Status {
    // Plain rows rather than optionals: g++ -O3 warns (maybe-uninitialized) on the latter.
    OG_ASSIGN(auto setting, tx.query("SELECT value FROM setting WHERE key = ?", {kSetting}));
    std::int64_t seen = -1;
    if (!setting.empty())
      if (auto v = parse_i64(setting[0].text(0))) seen = *v;
    OG_ASSIGN(auto max, tx.query("SELECT COALESCE(MAX(id), 0) FROM event_transition"));
    top = max.empty() ? 0 : max[0].i64(0);
    if (full || seen < 0) {
      report.full = true;
      OG_ASSIGN(auto range, tx.query("SELECT MIN(reported_at), MAX(reported_at) FROM event"));
      if (range.empty() || range[0].is_null(0)) return ok_status();
      OG_ASSIGN(auto closed, tx.query("SELECT MAX(closed_at) FROM event WHERE closed_at IS NOT "
                                      "NULL"));
      OG_ASSIGN(auto flagged, tx.query("SELECT MAX(at) FROM event_transition WHERE action = "
                                       "'overdue'"));
      std::int64_t last = range[0].i64(1);
      if (!closed.empty() && !closed[0].is_null(0)) last = std::max(last, closed[0].i64(0));
      if (!flagged.empty() && !flagged[0].is_null(0)) last = std::max(last, flagged[0].i64(0));
      for (auto d = shanghai_day(range[0].i64(0)); d <= shanghai_day(last); ++d) days.insert(d);
      return ok_status();
    }
    if (seen >= top) return ok_status();  // nothing new
    OG_ASSIGN(auto touched,
              tx.query("SELECT e.reported_at, t.at, CASE WHEN t.action = 'reopen' AND "
                       "t.from_state = 'closed' THEN (SELECT MAX(p.at) FROM event_transition p "
                       "WHERE p.event_id = t.event_id AND p.id < t.id AND p.to_state = 'closed' "
                       "AND p.from_state <> 'closed') ELSE NULL END FROM event_transition t "
                       "JOIN event e ON e.id = t.event_id WHERE t.id > ?",
                       {seen - kLookback}));
    for (const auto& r : touched) {
      days.insert(shanghai_day(r.i64(0)));
      days.insert(shanghai_day(r.i64(1)));
      if (!r.is_null(2)) days.insert(shanghai_day(r.i64(2)));
    }
    return ok_status();
  }));
  if (!report.full && days.empty()) return report;

  const std::vector<std::int64_t> list(days.begin(), days.end());
  for (std::size_t i = 0; i < list.size() || (i == 0 && report.full); i += kDaysPerTx) {
    OG_TRY(store.write([&](store::Tx& tx) -> Status {
      if (tx.driver() == store::Driver::postgres)
        OG_TRY(tx.exec("SELECT pg_advisory_xact_lock(?)", {kLockKey}));
      if (report.full && i == 0) OG_TRY(tx.exec("DELETE FROM kpi_rollup"));
      const std::size_t n = std::min(list.size() - std::min(list.size(), i), kDaysPerTx);
      return rebuild_days(tx, std::span<const std::int64_t>(list.data() + i, n));
    }));
  }
  OG_TRY(store.write([&](store::Tx& tx) -> Status {
    OG_TRY(
        tx.exec("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                "SET value = excluded.value",
                {kSetting, std::to_string(top)}));
    return ok_status();
  }));
  report.days = static_cast<int>(list.size());
  return report;
}

}  // namespace onegrid::events
