// Cell clean-up for department extracts: full-width forms, stray spaces, the dozen ways a date is
// written, areas with units, gender spellings. Every function is a single pass over the bytes
// with no allocation beyond the result (most results fit the small-string buffer).

#include "ingest/normalize.hpp"

#include <charconv>
#include <cstdint>

namespace onegrid::ingest {
namespace {

bool is_ascii_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Length of the space character at s[i] (ASCII space, U+00A0, U+3000), 0 if none.
std::size_t space_len(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (is_ascii_space(c)) return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80)
    return 3;
  return 0;
}

// The ASCII form of the full-width character at s[i] (U+FF01..U+FF5E), 0 if it is not one.
char fullwidth_ascii(std::string_view s, std::size_t i) {
  if (i + 2 >= s.size() || static_cast<unsigned char>(s[i]) != 0xEF) return 0;
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  const auto b2 = static_cast<unsigned char>(s[i + 2]);
  // U+FF01..U+FF3F = EF BC 81..BF; U+FF40..U+FF5E = EF BD 80..9E.
  if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) return static_cast<char>(0x21 + (b2 - 0x81));
  if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) return static_cast<char>(0x60 + (b2 - 0x80));
  return 0;
}

// Whether `s` holds a byte that may start a space or a full-width form. Most cells do not, and
// are then copied as they are.
bool needs_cleaning(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || u == 0xC2 || u == 0xE3 || u == 0xEF) return true;
  }
  return false;
}

// One pass: optional full-width mapping, spaces trimmed and collapsed (or removed).
std::string clean(std::string_view s, bool halfwidth, bool remove_all) {
  if (!needs_cleaning(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t n = space_len(s, i)) {
      pending_space = !out.empty();
      i += n;
      continue;
    }
    if (pending_space && !remove_all) out += ' ';
    pending_space = false;
    if (halfwidth) {
      if (char a = fullwidth_ascii(s, i)) {
        out += a;
        i += 3;
        continue;
      }
    }
    out += s[i];
    ++i;
  }
  return out;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm) and back.
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy =
      (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

people::Date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const auto y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
  return people::Date{y, static_cast<int>(m), static_cast<int>(d)};
}

std::optional<people::Date> checked(people::Date d) {
  if (!people::is_valid_date(d)) return std::nullopt;
  return d;
}

int digits_value(std::string_view s, std::size_t from, std::size_t len) {
  int v = 0;
  for (std::size_t i = from; i < from + len; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// What may follow a date: a time of day ("0:00:00", "08:30", "00:00:00.000", "00:00:00Z").
bool is_time_tail(std::string_view s) {
  for (char c : s)
    if (!is_digit(c) && c != ':' && c != '.' && c != ' ' && c != 'Z' && c != '+') return false;
  return true;
}

bool starts_with_at(std::string_view s, std::size_t i, std::string_view what) {
  return s.substr(i, what.size()) == what;
}

}  // namespace

std::string to_halfwidth(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::size_t copied = 0;  // utf8[copied, i) is still to be appended as it is
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c != 0xEF && c != 0xE3) continue;
    char a = fullwidth_ascii(utf8, i);
    if (!a && space_len(utf8, i) == 3) a = ' ';  // the ideographic space
    if (!a) continue;
    out.append(utf8, copied, i - copied);
    out += a;
    i += 2;
    copied = i + 1;
  }
  out.append(utf8, copied);
  return out;
}

std::string clean_spaces(std::string_view utf8, bool remove_all) {
  return clean(utf8, false, remove_all);
}

std::string clean_cell(std::string_view raw) {
  return clean(raw, true, false);
}

std::optional<people::Date> parse_date(std::string_view cell) {
  std::string cleaned;
  std::string_view s = cell;
  if (needs_cleaning(s)) {
    cleaned = clean(s, true, false);
    s = cleaned;
  }
  if (s.empty()) return std::nullopt;

  // Up to three digit groups separated by - / . 年 月 日; a space or 'T' starts a time.
  std::size_t start[3] = {0, 0, 0}, len[3] = {0, 0, 0};
  int groups = 0;
  bool after_group = false;  // a separator is only allowed right after a digit group
  bool fraction = false;     // "36892.5": a serial with a time fraction
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (is_digit(c)) {
      if (after_group || groups == 3) return std::nullopt;
      start[groups] = i;
      while (i < s.size() && is_digit(s[i])) ++i;
      len[groups] = i - start[groups];
      if (len[groups] > 8) return std::nullopt;
      ++groups;
      after_group = true;
      continue;
    }
    if (!after_group) return std::nullopt;
    if (c == ' ' || c == 'T') {
      if (!is_time_tail(s.substr(i + 1))) return std::nullopt;
      break;
    }
    if (c == '.' && groups == 1 && len[0] == 5) {  // serial number with a fraction
      if (!is_time_tail(s.substr(i + 1))) return std::nullopt;
      fraction = true;
      break;
    }
    if (c == '-' || c == '/' || c == '.') {
      ++i;
    } else if (starts_with_at(s, i, "年") || starts_with_at(s, i, "月")) {
      i += 3;
    } else if (starts_with_at(s, i, "日") || starts_with_at(s, i, "号")) {
      i += 3;
      if (i < s.size() && !(s[i] == ' ' || s[i] == 'T')) return std::nullopt;
      if (i < s.size() && !is_time_tail(s.substr(i + 1))) return std::nullopt;
      break;
    } else {
      return std::nullopt;
    }
    after_group = false;
  }
  if (groups == 0) return std::nullopt;

  if (groups == 1) {
    const std::size_t b = start[0];
    switch (len[0]) {
      case 8:
        return checked(
            {digits_value(s, b, 4), digits_value(s, b + 4, 2), digits_value(s, b + 6, 2)});
      case 6:
        return checked({digits_value(s, b, 4), digits_value(s, b + 4, 2), 1});
      case 5: {
        // Excel's serial day: 1 = 1900-01-01, with the phantom 1900-02-29 as day 60, so every
        // serial above 60 is (serial) days after 1899-12-30.
        const int serial = digits_value(s, b, 5);
        if (serial < 20000 || serial > 80000) return std::nullopt;
        return checked(civil_from_days(days_from_civil(1899, 12, 30) + serial));
      }
      default:
        return std::nullopt;
    }
  }
  if (fraction || len[0] != 4 || len[1] < 1 || len[1] > 2) return std::nullopt;
  const int y = digits_value(s, start[0], 4);
  const int m = digits_value(s, start[1], len[1]);
  if (groups == 2) return checked({y, m, 1});
  if (len[2] < 1 || len[2] > 2) return std::nullopt;
  return checked({y, m, digits_value(s, start[2], len[2])});
}

std::optional<double> parse_area(std::string_view cell) {
  std::string cleaned;
  std::string_view s = cell;
  if (needs_cleaning(s)) {
    cleaned = clean(s, true, true);
    s = cleaned;
  }
  std::size_t i = 0;
  while (i < s.size() && (is_digit(s[i]) || s[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + i, v);
  if (ec != std::errc() || end != s.data() + i) return std::nullopt;
  std::string_view unit = s.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  static constexpr std::string_view kUnits[] = {"",   "㎡", "平方米", "平米", "平方",
                                                "m2", "M2", "m²",     "M²",   "平方公尺"};
  for (std::string_view u : kUnits)
    if (unit == u) return v;
  return std::nullopt;
}

std::optional<char> parse_gender(std::string_view cell) {
  std::string s = clean(cell, true, true);
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (s == "男" || s == "男性" || s == "m" || s == "1" || s == "male") return 'M';
  if (s == "女" || s == "女性" || s == "f" || s == "2" || s == "female") return 'F';
  return std::nullopt;
}

}  // namespace onegrid::ingest
