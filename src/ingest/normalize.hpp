#pragma once
// Cell clean-up shared by every extract: full-width to half-width, stray spaces, mixed date
// formats, numbers with units. Pure.

#include <optional>
#include <string>
#include <string_view>

#include "people/id_number.hpp"

namespace onegrid::ingest {

// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space to their ASCII forms; every
// other character is kept.
std::string to_halfwidth(std::string_view utf8);

// Trims ASCII/ideographic/non-breaking spaces at both ends and collapses inner runs to one
// space; `remove_all` drops every space (names, ID numbers, phones).
std::string clean_spaces(std::string_view utf8, bool remove_all = false);

// to_halfwidth + clean_spaces: what every cell gets first.
std::string clean_cell(std::string_view raw);

// Dates as departments write them: 1990-01-02, 1990/1/2, 1990.1.2, 19900102, 1990年1月2日,
// 1990-1 / 1990年1月 / 199001 (出生年月: day 1), Excel serial numbers 20000..80000 (1954..2119),
// with or without a trailing time. nullopt when unparseable or not a calendar date.
std::optional<people::Date> parse_date(std::string_view cell);

// "85.5", "85.5㎡", "85.5平方米", "85.5 m2", "八十" (nullopt) -> 85.5.
std::optional<double> parse_area(std::string_view cell);

// "男"/"M"/"1"/"male" -> 'M'; "女"/"F"/"2"/"female" -> 'F'; else nullopt.
std::optional<char> parse_gender(std::string_view cell);

}  // namespace onegrid::ingest
