// 公民身份号码: check character, parsing, the 15-digit upgrade, birth-date rules, input clean-up.
#include "people/id_number.hpp"

#include <gtest/gtest.h>

#include <array>

namespace onegrid::people {
namespace {

const Date kToday{2026, 12, 2};

// The GB 11643 check character computed independently of the code under test.
char reference_check(const std::string& first17) {
  static constexpr std::array<int, 17> w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * w[i];
  return "10X98765432"[sum % 11];
}
std::string with_check(const std::string& first17) {
  return first17 + reference_check(first17);
}

void expect_error(std::string_view raw, const std::string& code) {
  const auto r = parse_id_number(raw, kToday);
  ASSERT_FALSE(r.ok()) << raw;
  EXPECT_EQ(r.error().code, code) << raw;
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  EXPECT_EQ(r.error().field, "id_number");
}

TEST(IdNumber, DateHelpers) {
  EXPECT_EQ(format_date({1990, 1, 2}), "1990-01-02");
  EXPECT_EQ(format_date({2026, 12, 31}), "2026-12-31");
  EXPECT_TRUE(is_valid_date({2000, 2, 29}));  // divisible by 400
  EXPECT_TRUE(is_valid_date({2024, 2, 29}));
  EXPECT_FALSE(is_valid_date({1900, 2, 29}));  // divisible by 100 only
  EXPECT_FALSE(is_valid_date({2023, 2, 29}));
  EXPECT_FALSE(is_valid_date({2023, 4, 31}));
  EXPECT_TRUE(is_valid_date({2023, 12, 31}));
  EXPECT_FALSE(is_valid_date({2023, 13, 1}));
  EXPECT_FALSE(is_valid_date({2023, 0, 1}));
  EXPECT_FALSE(is_valid_date({2023, 1, 0}));
  EXPECT_TRUE(is_valid_date({1850, 1, 1}));
  EXPECT_FALSE(is_valid_date({1849, 12, 31}));
  EXPECT_TRUE(is_valid_date({2200, 12, 31}));
  EXPECT_FALSE(is_valid_date({2201, 1, 1}));
}

TEST(IdNumber, CheckCharMatchesReference) {
  EXPECT_EQ(id_check_char("11010519491231002"), 'X');
  EXPECT_EQ(id_check_char("11010119900307803"), 'X');
  for (const std::string base : {"32010619851103001", "44030419990101123", "51010720000229456",
                                 "65010219700615789", "11010119800101000"}) {
    EXPECT_EQ(id_check_char(base), reference_check(base)) << base;
  }
  EXPECT_EQ(id_check_char("1101051949123100"), '\0');   // 16 digits
  EXPECT_EQ(id_check_char("1101051949123100A"), '\0');  // not a digit
}

TEST(IdNumber, ParsesValidNumbers) {
  const auto r = parse_id_number("11010519491231002X", kToday);
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_EQ(r->value, "11010519491231002X");
  EXPECT_EQ(r->birth, (Date{1949, 12, 31}));
  EXPECT_EQ(r->gender, 'F');  // digit 17 is 2
  EXPECT_EQ(r->region, "110105");
  EXPECT_FALSE(r->upgraded_from_15);

  const std::string male = with_check("32010619851103001");
  const auto m = parse_id_number(male, kToday);
  ASSERT_TRUE(m.ok()) << male;
  EXPECT_EQ(m->gender, 'M');
  EXPECT_EQ(m->birth, (Date{1985, 11, 3}));
  EXPECT_EQ(m->region, "320106");

  const auto leap = parse_id_number(with_check("51010720000229456"), kToday);
  ASSERT_TRUE(leap.ok());
  EXPECT_EQ(leap->birth, (Date{2000, 2, 29}));
}

TEST(IdNumber, CleansInput) {
  // Lower-case x, inner and surrounding spaces, full-width digits and letters.
  for (std::string_view raw :
       {"11010519491231002x", " 110105 19491231 002X ", "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ", "110105\u300019491231002X"}) {
    const auto r = parse_id_number(raw, kToday);
    ASSERT_TRUE(r.ok()) << raw << " " << r.error().code;
    EXPECT_EQ(r->value, "11010519491231002X") << raw;
  }
}

TEST(IdNumber, UpgradesLegacyFifteenDigits) {
  const auto r = parse_id_number("110105491231002", kToday);
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_EQ(r->value, "11010519491231002X");
  EXPECT_TRUE(r->upgraded_from_15);
  EXPECT_EQ(r->birth, (Date{1949, 12, 31}));
  EXPECT_EQ(r->gender, 'F');

  const auto m = parse_id_number("320106851103001", kToday);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->value, with_check("32010619851103001"));
  EXPECT_EQ(m->gender, 'M');

  expect_error("11010549123100X", "id.chars");       // no check character in the legacy form
  expect_error("110105490230002", "id.birth_date");  // 1949-02-30
}

TEST(IdNumber, RejectsBadCheckCharacter) {
  expect_error("110105194912310021", "id.check_digit");
  const std::string good = with_check("44030419990101123");
  std::string bad = good;
  bad[17] = bad[17] == '0' ? '1' : '0';
  expect_error(bad, "id.check_digit");
  // A single changed sequence digit is caught too.
  bad = good;
  bad[14] = bad[14] == '9' ? '8' : '9';
  bad[17] = good[17];
  expect_error(bad, "id.check_digit");
}

TEST(IdNumber, RejectsImpossibleBirthDates) {
  expect_error(with_check("11010520230229123"), "id.birth_date");  // 2023 is not a leap year
  expect_error(with_check("11010519901301123"), "id.birth_date");  // month 13
  expect_error(with_check("11010519900431123"), "id.birth_date");  // April 31
  expect_error(with_check("11010520261203123"), "id.birth_date");  // tomorrow
  expect_error(with_check("11010520300101123"), "id.birth_date");  // future year
  expect_error("440524188001010014", "id.birth_date");             // would be 146 years old
  // Today itself is fine; 130 years old is fine (to the last day), 131 is not.
  EXPECT_TRUE(parse_id_number(with_check("11010520261202123"), kToday).ok());
  EXPECT_TRUE(parse_id_number(with_check("11010518961202123"), kToday).ok());
  EXPECT_TRUE(parse_id_number(with_check("11010518951203123"), kToday).ok());
  expect_error(with_check("11010518951202123"), "id.birth_date");
}

TEST(IdNumber, RejectsWrongLengthAndCharacters) {
  expect_error("", "id.length");
  expect_error("1101051949123100", "id.length");
  expect_error("11010519491231002X1", "id.length");
  expect_error("110105194912310X2X", "id.chars");
  expect_error("11010519491231002Y", "id.chars");
  expect_error("11010519491231002张", "id.chars");
  expect_error("11010519491231-02X", "id.chars");
}

}  // namespace
}  // namespace onegrid::people
