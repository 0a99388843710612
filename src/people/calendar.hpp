#pragma once
// The calendar day of an instant in China Standard Time (UTC+8, no daylight saving): what
// "today" means for ages, tags and ID-number plausibility.

#include <cstdint>

#include "people/id_number.hpp"

namespace onegrid::people {

Date china_date(std::int64_t unix_ms);

}  // namespace onegrid::people
