#pragma once
// 公民身份号码 (GB 11643-1999): validation, the legacy 15-digit upgrade, and what the number says
// about its holder (birth date, gender, region). Pure; no I/O.

#include <string>
#include <string_view>

#include "base/result.hpp"

namespace onegrid::people {

struct Date {
  int year = 0, month = 0, day = 0;
  bool operator==(const Date&) const = default;
  auto operator<=>(const Date&) const = default;
};

std::string format_date(const Date& d);  // "1990-01-02"
bool is_valid_date(const Date& d);       // real calendar date (leap years), year 1850..2200

struct IdNumber {
  std::string value;              // 18 characters, digits and an upper-case check 'X'
  Date birth;                     // from digits 7..14
  char gender = 'M';              // 'M' | 'F' from digit 17 (odd = male)
  std::string region;             // first six digits (行政区划代码)
  bool upgraded_from_15 = false;  // the input was a legacy 15-digit number
};

// The MOD 11-2 check character for the first 17 digits ('0'..'9' or 'X').
char id_check_char(std::string_view first17);

// Parses an ID number after trimming spaces and mapping full-width digits/letters and a
// lower-case 'x'. A 15-digit legacy number is upgraded (century 19, check digit appended).
// `today` bounds the birth date (not in the future, age ≤ 130).
// Errors (ErrorKind::invalid, field "id_number"): "id.length", "id.chars",
// "id.birth_date", "id.check_digit".
Result<IdNumber> parse_id_number(std::string_view raw, const Date& today);

}  // namespace onegrid::people
