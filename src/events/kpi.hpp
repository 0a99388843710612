#pragma once
// 考核指标: the KPIs of the event loop and their pure arithmetic. kpi_store.hpp aggregates the
// additive sums below in SQL from the event rows (whose columns the workflow derives from the
// transition history) and the summoned departments (event_dept); this file turns sums into
// rates, means and percentiles. tests/store/event_kpi_test.cpp recomputes every figure from raw
// event_transition rows and compares.
//
// Definitions. The cohort of a row is the set of events REPORTED in [from, to) (Asia/Shanghai
// days, `to` inclusive at the API) that belong to the row and are visible to the caller:
//   grid / community / street row: events under that unit (event.org_path in its subtree);
//   department row: events to which the department was summoned (one event_dept row each).
// Every figure below is over the cohort, as the store holds it when asked:
//   reported            events in the cohort.
//   accepted            events accepted at some point (accepted_at set; stays set afterwards).
//   rejected, merged    events now rejected / merged (terminal states).
//   closed              events now closed (a reopened event counts again once re-closed).
//   resolved_in_grid    closed events whose (last) close was the grid's own (resolve_in_grid);
//                       rate = resolved_in_grid / closed.
//   whistled            events whistled at least once (吹哨).
//   summoned            department summons (event_dept rows) of the cohort's events.
//   report_ins          summons reported in (报到); report_ins_on_time: reported_in_at ≤
//                       report_in_due; on_time_report_in_rate = report_ins_on_time / summoned
//                       (a summons not reported in, even one not yet due, is not on time).
//   summoned_lead       summons as lead department; submitted: summons with a result submitted;
//                       submitted_on_time: submitted_at ≤ handle_due;
//                       on_time_submit_rate = submitted_on_time / summoned_lead.
//   dept_handling_hours mean of submitted_at − summoned_at over submitted summons.
//   closed_on_time      closed events with closed_at ≤ reported_at + the sum of the stage
//                       deadlines of their path, using the subclass's current deadlines:
//                       accept + handle for events never whistled; accept + accept (the
//                       street's whistle) + report_in + handle + verify for whistled ones.
//                       on_time_close_rate = closed_on_time / closed.
//   handling_hours      closed events: closed_at − reported_at (the last close), in hours. The
//                       mean is exact; median and p90 come from a histogram (handling_bucket):
//                       linear interpolation inside the bucket holding the rank, so the error
//                       is below the bucket's width: 10 min under a day, 1 h under a week,
//                       6 h under 13 weeks, 1 day beyond (open-ended past about a year).
//   reopened            closed events reopened (返工) at least once; reopen_rate = reopened /
//                       closed.
//   rated               events with a rating; satisfaction = mean rating (1–5);
//                       satisfied_rate = share of ratings 4 or 5.
//   complaints          complaints filed about the cohort's events (complain actions).
//   population          residents of the unit: a community's recorded figure, else the
//                       register's living residents of the community; streets and the district
//                       sum their communities; grids and departments: null unless recorded.
//   complaints_per_1000 complaints × 1000 / population; null without a population.
// Rates are fractions in [0, 1]; every rate, mean and percentile is null when its denominator
// is 0.

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace onegrid::events {

// The additive part of the KPIs: sums that add up across rows, days and units.
struct KpiSums {
  std::int64_t reported = 0, accepted = 0, rejected = 0, merged = 0, closed = 0;
  std::int64_t closed_on_time = 0, resolved_in_grid = 0, whistled = 0, reopened = 0;
  std::int64_t rated = 0, rating_sum = 0, satisfied = 0, complaints = 0;
  std::int64_t summoned = 0, report_ins = 0, report_ins_on_time = 0;
  std::int64_t summoned_lead = 0, submitted = 0, submitted_on_time = 0;
  std::int64_t handling_ms = 0;       // Σ closed_at − reported_at over closed events
  std::int64_t dept_handling_ms = 0;  // Σ submitted_at − summoned_at over submitted summons
  std::map<int, std::int64_t> handling_hist;  // handling_bucket → closed events

  // Adds `times` × o (−1 subtracts); histogram buckets that reach 0 are dropped.
  void add(const KpiSums& o, std::int64_t times = 1);
  bool operator==(const KpiSums&) const = default;
};

// Histogram of handling times: bucket of a duration (ms ≥ 0) and its [lower, upper) ms range.
// The store computes the same buckets in SQL (kHandlingBucketSql).
inline constexpr int kHandlingBuckets = 990;
int handling_bucket(std::int64_t ms);
std::int64_t bucket_lower_ms(int bucket);
std::int64_t bucket_upper_ms(int bucket);
// The SQL of handling_bucket over a duration expression in ms (a BIGINT ≥ 0).
std::string handling_bucket_sql(const std::string& ms_expr);

// num / den, or nullopt when den is 0.
std::optional<double> rate(std::int64_t num, std::int64_t den);
// The q-quantile (0 ≤ q ≤ 1) of a histogram, in ms: the rank q·(n−1) (as exact_quantile),
// interpolated linearly inside its bucket. nullopt for an empty histogram.
std::optional<double> histogram_quantile(const std::map<int, std::int64_t>& hist, double q);
// The exact q-quantile with linear interpolation between closest ranks (R's type 7).
std::optional<double> exact_quantile(std::vector<double> values, double q);

// The KPI object of the API ("reported" … "complaints_per_1000"), without org fields.
boost::json::object kpi_json(const KpiSums& s, std::optional<std::int64_t> population);

}  // namespace onegrid::events
