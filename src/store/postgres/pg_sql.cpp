// PostgreSQL driver text helpers: placeholder rewriting, parameter formatting, value decoding.
#include "store/postgres/pg_sql.hpp"

#include <charconv>
#include <cmath>

namespace onegrid::store::postgres {
namespace {

// Type OIDs from pg_type.dat (stable across PostgreSQL versions).
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700,
              kFloat8 = 701, kNumeric = 1700;

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

// At sql[i] == '$': the length of a dollar-quote tag like $$ or $body$, else 0.
std::size_t dollar_tag(std::string_view sql, std::size_t i) {
  if (i > 0 && ident_char(sql[i - 1])) return 0;  // part of an identifier
  std::size_t j = i + 1;
  if (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') return 0;  // $1 parameter
  while (j < sql.size() && sql[j] != '$') {
    if (!ident_char(sql[j])) return 0;
    ++j;
  }
  return j < sql.size() ? j - i + 1 : 0;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string rewrite_placeholders(std::string_view sql, int& count) {
  std::string out;
  out.reserve(sql.size() + 16);
  count = 0;
  std::size_t i = 0;
  auto copy_until = [&](std::size_t end) {
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == '?') {
      out += '$' + std::to_string(++count);
      ++i;
    } else if (c == '\'' || c == '"') {
      // '…' literal ('' escapes) or "…" identifier; E'…' literals also take backslash escapes.
      const bool backslash = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                             (i < 2 || !ident_char(sql[i - 2]));
      std::size_t j = i + 1;
      while (j < sql.size() && sql[j] != c) j += (backslash && sql[j] == '\\') ? 2 : 1;
      copy_until(std::min(j + 1, sql.size()));
    } else if (c == '-' && next == '-') {
      const auto nl = sql.find('\n', i);
      copy_until(nl == std::string_view::npos ? sql.size() : nl);
    } else if (c == '/' && next == '*') {
      std::size_t j = i + 2;
      int depth = 1;  // PostgreSQL block comments nest
      while (j < sql.size() && depth > 0) {
        const std::string_view two = sql.substr(j, 2);
        depth += two == "/*" ? 1 : two == "*/" ? -1 : 0;
        j += (two == "/*" || two == "*/") ? 2 : 1;
      }
      copy_until(j);
    } else if (c == '$' && dollar_tag(sql, i) > 0) {
      const std::size_t len = dollar_tag(sql, i);
      const auto close = sql.find(sql.substr(i, len), i + len);
      copy_until(close == std::string_view::npos ? sql.size() : close + len);
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

std::string format_param(std::int64_t v) {
  return std::to_string(v);
}

std::string format_param(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest exact round-trip form
  return std::string(buf, r.ptr);
}

bool decode_bytea_hex(std::string_view text, Blob& out) {
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) return false;
  out.bytes.clear();
  out.bytes.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i < text.size(); i += 2) {
    const int hi = hex_digit(text[i]), lo = hex_digit(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.bytes.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return true;
}

Value decode_value(Oid type, const char* text, int length) {
  const std::string_view s(text, static_cast<std::size_t>(length));
  switch (type) {
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid: {
      std::int64_t v = 0;
      if (std::from_chars(s.data(), s.data() + s.size(), v).ec == std::errc())
        return Value(static_cast<long long>(v));
      break;
    }
    case kFloat4:
    case kFloat8:
    case kNumeric: {
      if (s == "NaN") return Value(std::nan(""));
      if (s == "Infinity") return Value(HUGE_VAL);
      if (s == "-Infinity") return Value(-HUGE_VAL);
      double d = 0;
      if (std::from_chars(s.data(), s.data() + s.size(), d).ec == std::errc()) return Value(d);
      break;
    }
    case kBool:
      return Value(s == "t");
    case kBytea: {
      Blob b;
      if (decode_bytea_hex(s, b)) return Value(std::move(b));
      break;
    }
    default:
      break;
  }
  return Value(std::string(s));
}

}  // namespace onegrid::store::postgres
