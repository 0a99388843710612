#include "events/kpi.hpp"

#include <algorithm>
#include <cmath>

namespace onegrid::events {
namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHourMs = 60 * kMinute;

// Bucket edges in minutes: 10-minute buckets for the first day, hourly to a week, 6-hourly to
// 13 weeks, daily for a year, then one open-ended bucket.
constexpr std::int64_t kDayMin = 1440, kWeekMin = 10080, kQuarterMin = 131040;
constexpr int kHourly = 144, kSixHourly = 288, kDaily = 624, kLast = kHandlingBuckets - 1;

std::int64_t lower_minutes(int b) {
  if (b < kHourly) return std::int64_t{b} * 10;
  if (b < kSixHourly) return kDayMin + std::int64_t{b - kHourly} * 60;
  if (b < kDaily) return kWeekMin + std::int64_t{b - kSixHourly} * 360;
  return kQuarterMin + std::int64_t{b - kDaily} * 1440;
}

}  // namespace

void KpiSums::add(const KpiSums& o, std::int64_t times) {
  reported += times * o.reported;
  accepted += times * o.accepted;
  rejected += times * o.rejected;
  merged += times * o.merged;
  closed += times * o.closed;
  closed_on_time += times * o.closed_on_time;
  resolved_in_grid += times * o.resolved_in_grid;
  whistled += times * o.whistled;
  reopened += times * o.reopened;
  rated += times * o.rated;
  rating_sum += times * o.rating_sum;
  satisfied += times * o.satisfied;
  complaints += times * o.complaints;
  summoned += times * o.summoned;
  report_ins += times * o.report_ins;
  report_ins_on_time += times * o.report_ins_on_time;
  summoned_lead += times * o.summoned_lead;
  submitted += times * o.submitted;
  submitted_on_time += times * o.submitted_on_time;
  handling_ms += times * o.handling_ms;
  dept_handling_ms += times * o.dept_handling_ms;
  for (const auto& [b, n] : o.handling_hist) {
    auto& c = handling_hist[b];
    c += times * n;
    if (c == 0) handling_hist.erase(b);
  }
}

int handling_bucket(std::int64_t ms) {
  const std::int64_t m = std::max<std::int64_t>(ms, 0) / kMinute;
  if (m < kDayMin) return static_cast<int>(m / 10);
  if (m < kWeekMin) return kHourly + static_cast<int>((m - kDayMin) / 60);
  if (m < kQuarterMin) return kSixHourly + static_cast<int>((m - kWeekMin) / 360);
  return static_cast<int>(std::min<std::int64_t>(kLast, kDaily + (m - kQuarterMin) / 1440));
}

std::int64_t bucket_lower_ms(int bucket) {
  return lower_minutes(std::clamp(bucket, 0, kLast)) * kMinute;
}

std::int64_t bucket_upper_ms(int bucket) {
  bucket = std::clamp(bucket, 0, kLast);
  if (bucket == kLast) return bucket_lower_ms(bucket);  // open-ended: no width to spread over
  return lower_minutes(bucket + 1) * kMinute;
}

std::string handling_bucket_sql(const std::string& ms_expr) {
  const std::string m = "((" + ms_expr + ") / 60000)";
  return "(CASE WHEN " + m + " < 0 THEN 0 WHEN " + m + " < 1440 THEN " + m + " / 10 WHEN " + m +
         " < 10080 THEN 144 + (" + m + " - 1440) / 60 WHEN " + m + " < 131040 THEN 288 + (" + m +
         " - 10080) / 360 WHEN " + m + " < " + std::to_string(kQuarterMin + 365 * 1440) +
         " THEN 624 + (" + m + " - 131040) / 1440 ELSE " + std::to_string(kLast) + " END)";
}

std::optional<double> rate(std::int64_t num, std::int64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

std::optional<double> histogram_quantile(const std::map<int, std::int64_t>& hist, double q) {
  std::int64_t n = 0;
  for (const auto& [b, c] : hist) n += c;
  if (n <= 0) return std::nullopt;
  q = std::clamp(q, 0.0, 1.0);
  // The estimate of the k-th smallest value (0-based): the bucket's values spread evenly.
  auto estimate = [&](std::int64_t k) {
    std::int64_t before = 0;
    for (const auto& [b, c] : hist) {
      if (c <= 0) continue;
      if (k < before + c) {
        const double lo = static_cast<double>(bucket_lower_ms(b));
        const double width = static_cast<double>(bucket_upper_ms(b) - bucket_lower_ms(b));
        return lo + (static_cast<double>(k - before) + 0.5) / static_cast<double>(c) * width;
      }
      before += c;
    }
    return static_cast<double>(bucket_lower_ms(hist.rbegin()->first));
  };
  const double r = q * static_cast<double>(n - 1);
  const auto lo = static_cast<std::int64_t>(std::floor(r));
  const auto hi = static_cast<std::int64_t>(std::ceil(r));
  const double a = estimate(lo);
  return a + (r - static_cast<double>(lo)) * (estimate(hi) - a);
}

std::optional<double> exact_quantile(std::vector<double> values, double q) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const double r = std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(r));
  const auto hi = static_cast<std::size_t>(std::ceil(r));
  return values[lo] + (r - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

boost::json::object kpi_json(const KpiSums& s, std::optional<std::int64_t> population) {
  auto opt = [](std::optional<double> v) -> boost::json::value {
    if (!v) return nullptr;
    return *v;
  };
  auto hours = [](std::optional<double> ms) -> std::optional<double> {
    if (!ms) return std::nullopt;
    return *ms / static_cast<double>(kHourMs);
  };
  boost::json::object o;
  o["reported"] = s.reported;
  o["accepted"] = s.accepted;
  o["rejected"] = s.rejected;
  o["merged"] = s.merged;
  o["resolved_in_grid"] = s.resolved_in_grid;
  o["resolved_in_grid_rate"] = opt(rate(s.resolved_in_grid, s.closed));
  o["whistled"] = s.whistled;
  o["summoned"] = s.summoned;
  o["report_ins"] = s.report_ins;
  o["report_ins_on_time"] = s.report_ins_on_time;
  o["on_time_report_in_rate"] = opt(rate(s.report_ins_on_time, s.summoned));
  o["summoned_lead"] = s.summoned_lead;
  o["submitted"] = s.submitted;
  o["submitted_on_time"] = s.submitted_on_time;
  o["on_time_submit_rate"] = opt(rate(s.submitted_on_time, s.summoned_lead));
  o["dept_handling_hours"] = opt(hours(rate(s.dept_handling_ms, s.submitted)));
  o["closed"] = s.closed;
  o["closed_on_time"] = s.closed_on_time;
  o["on_time_close_rate"] = opt(rate(s.closed_on_time, s.closed));
  o["handling_hours"] =
      boost::json::object{{"mean", opt(hours(rate(s.handling_ms, s.closed)))},
                          {"median", opt(hours(histogram_quantile(s.handling_hist, 0.5)))},
                          {"p90", opt(hours(histogram_quantile(s.handling_hist, 0.9)))}};
  o["reopened"] = s.reopened;
  o["reopen_rate"] = opt(rate(s.reopened, s.closed));
  o["rated"] = s.rated;
  o["satisfaction"] = opt(rate(s.rating_sum, s.rated));
  o["satisfied_rate"] = opt(rate(s.satisfied, s.rated));
  o["complaints"] = s.complaints;
  if (population)
    o["population"] = *population;
  else
    o["population"] = nullptr;
  o["complaints_per_1000"] = population && *population > 0
                                 ? boost::json::value(static_cast<double>(s.complaints) * 1000.0 /
                                                      static_cast<double>(*population))
                                 : boost::json::value(nullptr);
  return o;
}

}  // namespace onegrid::events
