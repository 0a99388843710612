#include "base/clock.hpp"

#include <cstdio>
#include <ctime>

namespace onegrid {
namespace {

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm).
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool valid_date(int y, int m, int d) {
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

}  // namespace

std::string format_utc(std::int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  int millis = static_cast<int>(ms - static_cast<std::int64_t>(secs) * 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

bool parse_instant(const std::string& text, std::int64_t& ms) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3 || consumed != 10)
    return false;
  if (!valid_date(y, mo, d)) return false;
  std::int64_t offset_min = 8 * 60;  // a bare date is Beijing midnight
  double frac = 0;
  std::size_t pos = 10;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != ' ') return false;
    int n = 0;
    if (std::sscanf(text.c_str() + pos + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &n) != 3 || n != 8)
      return false;
    if (h > 23 || mi > 59 || s > 60) return false;
    pos += 1 + 8;
    if (pos < text.size() && text[pos] == '.') {
      std::size_t start = pos;
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == start + 1) return false;
      frac = std::stod("0" + text.substr(start, pos - start));
    }
    if (pos == text.size()) return false;  // a time needs an explicit zone
    if (text[pos] == 'Z' && pos + 1 == text.size()) {
      offset_min = 0;
    } else if ((text[pos] == '+' || text[pos] == '-') && pos + 6 == text.size()) {
      int oh = 0, om = 0;
      if (std::sscanf(text.c_str() + pos + 1, "%2d:%2d", &oh, &om) != 2 || oh > 23 || om > 59)
        return false;
      offset_min = (text[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
      return false;
    }
  }
  const std::int64_t secs =
      days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
      mi * 60 + s - offset_min * 60;
  ms = secs * 1000 + static_cast<std::int64_t>(frac * 1000 + 0.5);
  return true;
}

}  // namespace onegrid
