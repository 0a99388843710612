// Value's lenient accessors, Row lookups by column name, and Tx's convenience calls.
#include <charconv>
#include <cmath>
#include <limits>
#include <mutex>
#include <set>
#include <stdexcept>

#include "store/driver.hpp"
#include "store/store.hpp"

namespace onegrid::store {
namespace {

std::string format_double(double d) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);  // shortest text that round-trips
  return std::string(buf, r.ptr);
}

std::int64_t clamp_to_int(double d) {
  if (std::isnan(d)) return 0;
  constexpr double lo = -9223372036854775808.0;  // -2^63, exact
  if (d < lo) return std::numeric_limits<std::int64_t>::min();
  if (d >= -lo) return std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(d);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

double parse_double(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double d = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  if (r.ec != std::errc()) return 0;
  return d;
}

std::int64_t parse_int(std::string_view s) {
  s = trim(s);
  std::string_view digits = s;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  std::int64_t i = 0;
  auto r = std::from_chars(digits.data(), digits.data() + digits.size(), i);
  if (r.ec == std::errc() && r.ptr == digits.data() + digits.size()) return i;
  return clamp_to_int(parse_double(s));  // "3.0", "1e3", NUMERIC text
}

}  // namespace

std::int64_t Value::as_int() const {
  switch (v_.index()) {
    case 1:
      return std::get<1>(v_);
    case 2:
      return clamp_to_int(std::get<2>(v_));
    case 3:
      return parse_int(std::get<3>(v_));
    default:
      return 0;
  }
}

double Value::as_real() const {
  switch (v_.index()) {
    case 1:
      return static_cast<double>(std::get<1>(v_));
    case 2:
      return std::get<2>(v_);
    case 3:
      return parse_double(std::get<3>(v_));
    default:
      return 0;
  }
}

std::string Value::as_text() const {
  switch (v_.index()) {
    case 1:
      return std::to_string(std::get<1>(v_));
    case 2:
      return format_double(std::get<2>(v_));
    case 3:
      return std::get<3>(v_);
    case 4: {
      const auto& b = std::get<4>(v_).bytes;
      return std::string(b.begin(), b.end());
    }
    default:
      return {};
  }
}

const Blob& Value::as_blob() const {
  static const Blob empty;
  if (const auto* b = std::get_if<Blob>(&v_)) return *b;
  return empty;
}

const Value& Row::at(std::string_view column) const {
  if (columns != nullptr) {
    for (std::size_t i = 0; i < columns->size() && i < values.size(); ++i)
      if ((*columns)[i] == column) return values[i];
  }
  throw std::out_of_range("store::Row has no column named '" + std::string(column) + "'");
}

std::optional<std::int64_t> Row::opt_i64(std::size_t i) const {
  const Value& v = at(i);
  if (v.is_null()) return std::nullopt;
  return v.as_int();
}

std::optional<std::string> Row::opt_text(std::size_t i) const {
  const Value& v = at(i);
  if (v.is_null()) return std::nullopt;
  return v.as_text();
}

Result<std::optional<Row>> Tx::query_one(std::string_view sql,
                                         std::initializer_list<Value> params) {
  return query_one(sql, std::span<const Value>(params.begin(), params.size()));
}

Result<std::optional<Row>> Tx::query_one(std::string_view sql, std::span<const Value> params) {
  OG_ASSIGN(Rows rows, query(sql, params));
  if (rows.rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.rows.front()));
}

Result<std::int64_t> Tx::insert(std::string_view sql, std::initializer_list<Value> params) {
  return insert(sql, std::span<const Value>(params.begin(), params.size()));
}

Result<std::int64_t> Tx::insert(std::string_view sql, std::span<const Value> params) {
  OG_ASSIGN(Rows rows, query(sql, params));
  if (rows.rows.empty() || rows.rows.front().values.empty())
    return conflict(
        "store.not_inserted",
        "INSERT … RETURNING produced no row (ON CONFLICT DO NOTHING?): " + std::string(sql));
  return rows.rows.front().values.front().as_int();
}

const std::vector<std::string>* intern_columns(const std::vector<std::string>& names) {
  static std::mutex mu;
  // Node-based, so element addresses are stable; never destroyed, so rows outlive static teardown.
  static auto* lists = new std::set<std::vector<std::string>>();
  std::lock_guard lock(mu);
  return &*lists->insert(names).first;
}

void Tx::before_commit(std::string_view key, std::function<Status(Tx&)> fn) {
  for (const auto& [k, f] : before_commit_)
    if (k == key) return;
  before_commit_.emplace_back(std::string(key), std::move(fn));
}

Status Tx::run_before_commit() {
  auto work = std::move(before_commit_);
  before_commit_.clear();
  for (auto& [key, fn] : work) {
    try {
      OG_TRY(fn(*this));
    } catch (const std::exception& e) {
      return internal_error("store.error", "before-commit work " + key + " threw: " + e.what());
    }
  }
  return ok_status();
}

}  // namespace onegrid::store
