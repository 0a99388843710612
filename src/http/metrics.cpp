// Prometheus text format 0.0.4: counters and histograms kept under one small mutex.
#include "http/metrics.hpp"

#include <charconv>
#include <cmath>

namespace onegrid::http {
namespace {

constexpr std::array<std::string_view, Metrics::kBuckets.size()> kBucketLabels{
    "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025",
    "0.05",   "0.1",   "0.25",   "0.5",   "1",    "2.5"};

// Label values escape backslash, double quote and newline.
void append_label_value(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

// HELP text escapes backslash and newline.
void append_help(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

void append_number(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, ec == std::errc() ? end : buf);
  }
}

void append_header(std::string& out, std::string_view name, std::string_view help,
                   std::string_view type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  append_help(out, help);
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

}  // namespace

void Metrics::observe(std::string_view method, std::string_view route_pattern, int status,
                      double seconds) {
  if (!(seconds >= 0)) seconds = 0;  // also catches NaN
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;

  std::lock_guard lock(mu_);
  auto key = std::make_tuple(method, route_pattern, status);
  auto it = requests_.find(key);
  if (it == requests_.end())
    it = requests_
             .emplace(std::make_tuple(std::string(method), std::string(route_pattern), status), 0)
             .first;
  ++it->second;

  auto h = durations_.find(route_pattern);
  if (h == durations_.end()) h = durations_.emplace(std::string(route_pattern), Histogram{}).first;
  if (bucket < kBuckets.size()) ++h->second.buckets[bucket];
  ++h->second.count;
  h->second.sum += seconds;
}

std::string Metrics::render(const std::vector<Gauge>& extra_gauges) const {
  std::string out;
  {
    std::lock_guard lock(mu_);
    out.reserve(256 + requests_.size() * 96 + durations_.size() * 1400);
    append_header(out, "onegrid_http_requests_total", "HTTP requests served", "counter");
    for (const auto& [key, n] : requests_) {
      const auto& [method, route, status] = key;
      out += "onegrid_http_requests_total{method=\"";
      append_label_value(out, method);
      out += "\",route=\"";
      append_label_value(out, route);
      out += "\",status=\"";
      out += std::to_string(status);
      out += "\"} ";
      out += std::to_string(n);
      out += '\n';
    }

    append_header(out, "onegrid_http_request_duration_seconds",
                  "Time from a complete request to its response, by route", "histogram");
    for (const auto& [route, h] : durations_) {
      std::string label = "route=\"";
      append_label_value(label, route);
      label += '"';
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += h.buckets[i];
        out += "onegrid_http_request_duration_seconds_bucket{" + label + ",le=\"";
        out += kBucketLabels[i];
        out += "\"} " + std::to_string(cumulative) + '\n';
      }
      out += "onegrid_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
             std::to_string(h.count) + '\n';
      out += "onegrid_http_request_duration_seconds_sum{" + label + "} ";
      append_number(out, h.sum);
      out += '\n';
      out += "onegrid_http_request_duration_seconds_count{" + label + "} " +
             std::to_string(h.count) + '\n';
    }
  }

  for (const Gauge& g : extra_gauges) {
    append_header(out, g.name, g.help, "gauge");
    out += g.name;
    out += ' ';
    append_number(out, g.value);
    out += '\n';
  }
  return out;
}

}  // namespace onegrid::http
