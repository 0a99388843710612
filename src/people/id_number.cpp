// 公民身份号码 (GB 11643-1999): MOD 11-2 check character, legacy 15-digit upgrade, birth date,
// gender and region (see id_number.hpp).
#include "people/id_number.hpp"

#include <array>
#include <cstdio>

#include "people/text.hpp"

namespace onegrid::people {
namespace {

constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckChars = "10X98765432";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}
int number(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}
bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

Error id_error(std::string code, std::string message) {
  return invalid_input(std::move(code), std::move(message), "id_number");
}

}  // namespace

std::string format_date(const Date& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

bool is_valid_date(const Date& d) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.year < 1850 || d.year > 2200 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  const int days = kDays[d.month - 1] + (d.month == 2 && is_leap(d.year) ? 1 : 0);
  return d.day <= days;
}

// '\0' when `first17` is not exactly 17 ASCII digits.
char id_check_char(std::string_view first17) {
  if (first17.size() != 17 || !all_digits(first17)) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckChars[sum % 11];
}

Result<IdNumber> parse_id_number(std::string_view raw, const Date& today) {
  std::string s = text::fold_ascii_no_spaces(raw);
  if (!s.empty() && s.back() == 'x') s.back() = 'X';

  // Length in characters, so a stray CJK character reports as a bad character, not a bad length.
  const std::size_t length = text::code_points(s).size();
  if (length != 18 && length != 15) {
    return id_error("id.length", "an ID number has 18 characters (or 15 for the legacy form)");
  }
  const bool legacy = length == 15;
  const bool chars_ok = legacy ? s.size() == 15 && all_digits(s)
                               : s.size() == 18 && all_digits(std::string_view(s).substr(0, 17)) &&
                                     (is_digit(s[17]) || s[17] == 'X');
  if (!chars_ok) {
    return id_error("id.chars", legacy ? "a 15-character ID number is all digits"
                                       : "an ID number is 17 digits and a digit or X");
  }

  // Legacy: YYMMDD of the 1900s at 6..11, sequence at 12..14, no check character.
  std::string full = legacy ? s.substr(0, 6) + "19" + s.substr(6) : s.substr(0, 17);
  const std::string_view v = full;
  const Date birth{number(v.substr(6, 4)), number(v.substr(10, 2)), number(v.substr(12, 2))};
  // Age ≤ 130 <=> born after the same day 131 years before today.
  const Date too_old{today.year - 131, today.month, today.day};
  if (!is_valid_date(birth) || birth > today || !(birth > too_old)) {
    return id_error("id.birth_date", "the birth date in the ID number is not a possible date");
  }

  const char check = id_check_char(v);
  if (!legacy && s[17] != check) {
    return id_error("id.check_digit", "the ID number's check character does not match");
  }
  full += check;  // a legacy number gets the check character it never had

  IdNumber id;
  id.value = std::move(full);
  id.birth = birth;
  id.gender = (id.value[16] - '0') % 2 == 1 ? 'M' : 'F';
  id.region = id.value.substr(0, 6);
  id.upgraded_from_15 = legacy;
  return id;
}

}  // namespace onegrid::people
