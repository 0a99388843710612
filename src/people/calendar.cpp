// China Standard Time calendar days; see calendar.hpp.
#include "people/calendar.hpp"

#include <chrono>

namespace onegrid::people {

Date china_date(std::int64_t unix_ms) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(unix_ms)) + hours(8));
  const year_month_day ymd(day);
  return Date{static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
              static_cast<int>(unsigned(ymd.day()))};
}

std::string born_by(const Date& today, int years) {
  Date d{today.year - years, today.month, today.day};
  if (d.month == 2 && d.day == 29 && !is_valid_date(d)) d.day = 28;
  return format_date(d);
}

}  // namespace onegrid::people
