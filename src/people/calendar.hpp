#pragma once
// The calendar day of an instant in China Standard Time (UTC+8, no daylight saving): what
// "today" means for ages, tags and ID-number plausibility.

#include <cstdint>
#include <string>

#include "people/id_number.hpp"

namespace onegrid::people {

Date china_date(std::int64_t unix_ms);

// The latest birth date of someone aged at least `years` on `today` ("YYYY-MM-DD"; 29 February
// falls back to the 28th): `birth_date <= born_by(today, 60)` selects people aged 60 and over.
std::string born_by(const Date& today, int years);

}  // namespace onegrid::people
