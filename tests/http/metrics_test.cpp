// Prometheus exposition of the request counters, latency histograms and extra gauges.
#include <gtest/gtest.h>

#include <sstream>
#include <thread>
#include <vector>

#include "http/metrics.hpp"

namespace onegrid::http {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (l == line) return true;
  return false;
}

TEST(MetricsTest, CountsRequestsByMethodRouteAndStatus) {
  Metrics m;
  m.observe("GET", "/api/v1/org/units/{id}", 200, 0.002);
  m.observe("GET", "/api/v1/org/units/{id}", 200, 0.003);
  m.observe("GET", "/api/v1/org/units/{id}", 404, 0.001);
  m.observe("POST", "/api/v1/auth/login", 401, 0.2);
  const std::string text = m.render({});
  EXPECT_TRUE(has_line(text, "# TYPE onegrid_http_requests_total counter"));
  EXPECT_TRUE(has_line(text,
                       "onegrid_http_requests_total{method=\"GET\",route=\"/api/v1/org/units/"
                       "{id}\",status=\"200\"} 2"));
  EXPECT_TRUE(has_line(text,
                       "onegrid_http_requests_total{method=\"GET\",route=\"/api/v1/org/units/"
                       "{id}\",status=\"404\"} 1"));
  EXPECT_TRUE(has_line(text,
                       "onegrid_http_requests_total{method=\"POST\",route=\"/api/v1/auth/"
                       "login\",status=\"401\"} 1"));
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics m;
  for (double s : {0.0001, 0.0005, 0.003, 0.003, 0.07, 1.5, 9.0}) m.observe("GET", "/r", 200, s);
  const std::string text = m.render({});
  const std::string b = "onegrid_http_request_duration_seconds_bucket{route=\"/r\",le=\"";
  EXPECT_TRUE(has_line(text, "# TYPE onegrid_http_request_duration_seconds histogram"));
  EXPECT_TRUE(has_line(text, b + "0.0005\"} 2"));  // le is inclusive
  EXPECT_TRUE(has_line(text, b + "0.001\"} 2"));
  EXPECT_TRUE(has_line(text, b + "0.0025\"} 2"));
  EXPECT_TRUE(has_line(text, b + "0.005\"} 4"));
  EXPECT_TRUE(has_line(text, b + "0.05\"} 4"));
  EXPECT_TRUE(has_line(text, b + "0.1\"} 5"));
  EXPECT_TRUE(has_line(text, b + "1\"} 5"));
  EXPECT_TRUE(has_line(text, b + "2.5\"} 6"));
  EXPECT_TRUE(has_line(text, b + "+Inf\"} 7"));
  EXPECT_TRUE(has_line(text, "onegrid_http_request_duration_seconds_count{route=\"/r\"} 7"));
  const std::string sum = "onegrid_http_request_duration_seconds_sum{route=\"/r\"} ";
  const auto at = text.find(sum);
  ASSERT_NE(at, std::string::npos);
  EXPECT_NEAR(std::stod(text.substr(at + sum.size())), 10.5766, 1e-9);
}

TEST(MetricsTest, EveryBucketIsListedInOrder) {
  Metrics m;
  m.observe("GET", "/r", 200, 0.01);
  const std::string text = m.render({});
  std::size_t pos = 0;
  for (const char* le : {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
                         "0.25", "0.5", "1", "2.5", "+Inf"}) {
    const auto at = text.find(std::string("le=\"") + le + "\"}", pos);
    ASSERT_NE(at, std::string::npos) << le;
    pos = at;
  }
}

TEST(MetricsTest, EscapesLabelValues) {
  Metrics m;
  m.observe("GET", "/a\"b\\c\nd", 200, 0.001);
  const std::string text = m.render({});
  EXPECT_NE(text.find("route=\"/a\\\"b\\\\c\\nd\""), std::string::npos);
  // No raw newline inside a sample line.
  EXPECT_EQ(text.find("/a\"b"), std::string::npos);
}

TEST(MetricsTest, RendersExtraGauges) {
  Metrics m;
  const std::string text = m.render({{"onegrid_store_pool_size", "Store connections held", 8},
                                     {"onegrid_ratio", "A fraction\nwith a newline", 0.25}});
  EXPECT_TRUE(has_line(text, "# HELP onegrid_store_pool_size Store connections held"));
  EXPECT_TRUE(has_line(text, "# TYPE onegrid_store_pool_size gauge"));
  EXPECT_TRUE(has_line(text, "onegrid_store_pool_size 8"));
  EXPECT_TRUE(has_line(text, "# HELP onegrid_ratio A fraction\\nwith a newline"));
  EXPECT_TRUE(has_line(text, "onegrid_ratio 0.25"));
  EXPECT_EQ(Metrics::kContentType, "text/plain; version=0.0.4; charset=utf-8");
}

TEST(MetricsTest, ObserveIsThreadSafe) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 1000; ++i) m.observe("GET", t % 2 ? "/a" : "/b", 200, 0.001);
    });
  for (auto& th : threads) th.join();
  const std::string text = m.render({});
  EXPECT_TRUE(has_line(
      text, "onegrid_http_requests_total{method=\"GET\",route=\"/a\",status=\"200\"} 2000"));
  EXPECT_TRUE(has_line(text, "onegrid_http_request_duration_seconds_count{route=\"/b\"} 2000"));
}

}  // namespace
}  // namespace onegrid::http
