// The KPI arithmetic: histogram buckets, quantiles (exact and from the histogram, within the
// documented error), rates and the JSON the API returns.

#include <gtest/gtest.h>

#include <random>

#include "events/kpi.hpp"
#include "events/kpi_rollup.hpp"

namespace onegrid::events {
namespace {

constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kHour = 60 * kMin;
constexpr std::int64_t kDay = 24 * kHour;

TEST(Kpi, BucketsAreContiguousAndContainTheirValues) {
  EXPECT_EQ(handling_bucket(0), 0);
  EXPECT_EQ(handling_bucket(-5), 0);
  EXPECT_EQ(handling_bucket(9 * kMin + 59'999), 0);
  EXPECT_EQ(handling_bucket(10 * kMin), 1);
  EXPECT_EQ(handling_bucket(kDay - 1), 143);
  EXPECT_EQ(handling_bucket(kDay), 144);
  EXPECT_EQ(handling_bucket(7 * kDay), 288);
  EXPECT_EQ(handling_bucket(91 * kDay), 624);
  EXPECT_EQ(handling_bucket(10'000 * kDay), kHandlingBuckets - 1);
  for (int b = 0; b + 1 < kHandlingBuckets; ++b) {
    ASSERT_LT(bucket_lower_ms(b), bucket_upper_ms(b)) << b;
    ASSERT_EQ(bucket_upper_ms(b), bucket_lower_ms(b + 1)) << b;
    ASSERT_EQ(handling_bucket(bucket_lower_ms(b)), b);
    ASSERT_EQ(handling_bucket(bucket_upper_ms(b) - 1), b);
  }
}

TEST(Kpi, BucketWidthsAreTheDocumentedOnes) {
  EXPECT_EQ(bucket_upper_ms(3) - bucket_lower_ms(3), 10 * kMin);
  EXPECT_EQ(bucket_upper_ms(handling_bucket(3 * kDay)) - bucket_lower_ms(handling_bucket(3 * kDay)),
            kHour);
  EXPECT_EQ(
      bucket_upper_ms(handling_bucket(30 * kDay)) - bucket_lower_ms(handling_bucket(30 * kDay)),
      6 * kHour);
  EXPECT_EQ(
      bucket_upper_ms(handling_bucket(200 * kDay)) - bucket_lower_ms(handling_bucket(200 * kDay)),
      kDay);
}

TEST(Kpi, BucketSqlMirrorsTheFunction) {
  const auto sql = handling_bucket_sql("x");
  EXPECT_NE(sql.find("((x) / 60000) < 1440"), std::string::npos) << sql;
  EXPECT_NE(sql.find("ELSE 989"), std::string::npos) << sql;
}

TEST(Kpi, ExactQuantileInterpolatesBetweenRanks) {
  EXPECT_FALSE(exact_quantile({}, 0.5));
  EXPECT_DOUBLE_EQ(*exact_quantile({7}, 0.9), 7);
  EXPECT_DOUBLE_EQ(*exact_quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(*exact_quantile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9), 9.1);
  EXPECT_DOUBLE_EQ(*exact_quantile({1, 2, 3}, 0), 1);
  EXPECT_DOUBLE_EQ(*exact_quantile({1, 2, 3}, 1), 3);
}

TEST(Kpi, HistogramQuantileIsWithinOneBucketOfTheExactOne) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> hours(2.0, 1.3);  // median ~7 h, long tail
  for (int n : {1, 2, 5, 37, 1000, 20000}) {
    std::vector<double> ms;
    std::map<int, std::int64_t> hist;
    for (int i = 0; i < n; ++i) {
      const auto v = static_cast<std::int64_t>(hours(rng) * kHour);
      ms.push_back(static_cast<double>(v));
      ++hist[handling_bucket(v)];
    }
    for (double q : {0.0, 0.5, 0.9, 1.0}) {
      const double exact = *exact_quantile(ms, q);
      const double est = *histogram_quantile(hist, q);
      const auto b = handling_bucket(static_cast<std::int64_t>(exact));
      const double width = static_cast<double>(bucket_upper_ms(b) - bucket_lower_ms(b));
      EXPECT_LE(std::abs(est - exact), std::max(width, 1.0)) << "n=" << n << " q=" << q;
    }
  }
  EXPECT_FALSE(histogram_quantile({}, 0.5));
}

TEST(Kpi, RatesAreNullWithoutADenominator) {
  EXPECT_FALSE(rate(0, 0));
  EXPECT_DOUBLE_EQ(*rate(1, 4), 0.25);
}

TEST(Kpi, SumsAddUp) {
  KpiSums a, b;
  a.reported = 3;
  a.closed = 2;
  a.handling_hist[1] = 2;
  b.reported = 1;
  b.complaints = 4;
  b.handling_hist[1] = 1;
  b.handling_hist[7] = 1;
  a.add(b);
  EXPECT_EQ(a.reported, 4);
  EXPECT_EQ(a.complaints, 4);
  EXPECT_EQ(a.handling_hist.at(1), 3);
  EXPECT_EQ(a.handling_hist.at(7), 1);
}

TEST(Kpi, JsonHasEveryFigureAndNullsForEmptyDenominators) {
  KpiSums s;
  auto empty = kpi_json(s, std::nullopt);
  for (const char* k : {"resolved_in_grid_rate", "on_time_report_in_rate", "on_time_close_rate",
                        "reopen_rate", "satisfaction", "satisfied_rate", "population",
                        "complaints_per_1000", "dept_handling_hours", "on_time_submit_rate"})
    EXPECT_TRUE(empty.at(k).is_null()) << k;
  EXPECT_TRUE(empty.at("handling_hours").at("median").is_null());

  s.reported = 10;
  s.accepted = 9;
  s.closed = 4;
  s.closed_on_time = 3;
  s.resolved_in_grid = 1;
  s.reopened = 2;
  s.rated = 4;
  s.rating_sum = 17;
  s.satisfied = 3;
  s.complaints = 5;
  s.summoned = 4;
  s.report_ins = 3;
  s.report_ins_on_time = 2;
  s.handling_ms = 4 * 10 * kHour;
  s.handling_hist[handling_bucket(10 * kHour)] = 4;
  auto j = kpi_json(s, 10000);
  EXPECT_EQ(j.at("reported").as_int64(), 10);
  EXPECT_DOUBLE_EQ(j.at("on_time_close_rate").as_double(), 0.75);
  EXPECT_DOUBLE_EQ(j.at("resolved_in_grid_rate").as_double(), 0.25);
  EXPECT_DOUBLE_EQ(j.at("reopen_rate").as_double(), 0.5);
  EXPECT_DOUBLE_EQ(j.at("satisfaction").as_double(), 4.25);
  EXPECT_DOUBLE_EQ(j.at("satisfied_rate").as_double(), 0.75);
  EXPECT_DOUBLE_EQ(j.at("on_time_report_in_rate").as_double(), 0.5);
  EXPECT_DOUBLE_EQ(j.at("complaints_per_1000").as_double(), 0.5);
  EXPECT_DOUBLE_EQ(j.at("handling_hours").at("mean").as_double(), 10.0);
  EXPECT_NEAR(j.at("handling_hours").at("median").as_double(), 10.0, 1.0 / 6);
  EXPECT_EQ(j.at("population").as_int64(), 10000);
}

TEST(Kpi, HistogramTextRoundTripsAndAdds) {
  std::map<int, std::int64_t> h{{0, 3}, {144, 1}, {989, 12}};
  EXPECT_EQ(format_hist(h), "0:3;144:1;989:12");
  std::map<int, std::int64_t> back;
  add_hist(format_hist(h), back);
  EXPECT_EQ(back, h);
  add_hist("144:2", back);
  EXPECT_EQ(back.at(144), 3);
  add_hist("", back);
  add_hist("garbage", back);  // ignored, never a crash
  EXPECT_EQ(back.size(), 3u);
  EXPECT_EQ(format_hist({}), "");
}

TEST(Kpi, CountsTextRoundTripsAddsAndSubtracts) {
  std::map<std::string, std::int64_t> c{{"closed", 4}, {"hotline", 1}, {"7", 2}};
  EXPECT_EQ(format_counts(c), "7:2;closed:4;hotline:1");
  std::map<std::string, std::int64_t> back;
  add_counts(format_counts(c), back);
  EXPECT_EQ(back, c);
  add_counts("closed:1;hotline:1", back, -1);  // a key that reaches 0 is gone
  EXPECT_EQ(back, (std::map<std::string, std::int64_t>{{"7", 2}, {"closed", 3}}));
  add_counts("closed:x;7:1", back);  // stops at the bad count, never a crash
  add_counts("no-colon", back);
  EXPECT_EQ(back.at("7"), 2);
  EXPECT_EQ(format_counts({{"a", 0}}), "");
  std::map<int, std::int64_t> h{{3, 2}};
  add_hist("3:2;5:1", h, -1);
  EXPECT_EQ(h, (std::map<int, std::int64_t>{{5, -1}}));
}

TEST(Kpi, MonthsOfDays) {
  // day numbers are days since 1970-01-01 (Asia/Shanghai dates)
  const std::int64_t nov5 = 20397;  // 2025-11-05
  EXPECT_EQ(month_first_day(nov5), nov5 - 4);
  EXPECT_EQ(next_month_first_day(nov5), nov5 - 4 + 30);
  EXPECT_EQ(month_first_day(nov5 - 4), nov5 - 4);
  const std::int64_t feb1_2028 = 21215;  // a leap February
  EXPECT_EQ(next_month_first_day(feb1_2028), feb1_2028 + 29);
  EXPECT_EQ(next_month_first_day(feb1_2028 - 1), feb1_2028);  // January 31st
  const std::int64_t jan1_2028 = 21184;
  EXPECT_EQ(next_month_first_day(jan1_2028 - 17), jan1_2028);  // December rolls the year
  EXPECT_EQ(month_first_day(jan1_2028 - 1), jan1_2028 - 31);
}

TEST(Kpi, ShanghaiDays) {
  // 2026-11-05 00:00 Asia/Shanghai is 2026-11-04T16:00Z
  const std::int64_t midnight = 1'793'808'000'000;
  const auto day = shanghai_day(midnight);
  EXPECT_EQ(shanghai_day_start(day), midnight);
  EXPECT_EQ(shanghai_day(midnight - 1), day - 1);
  EXPECT_EQ(shanghai_day(midnight + kDay - 1), day);
  EXPECT_EQ(shanghai_day(0), 0);  // 1970-01-01 08:00 in Shanghai
}

}  // namespace
}  // namespace onegrid::events
