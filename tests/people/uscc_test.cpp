// 统一社会信用代码: check character, normalisation and every error code.
#include "people/uscc.hpp"

#include <gtest/gtest.h>

#include <array>

namespace onegrid::people {
namespace {

// GB 32100 check character computed independently of the code under test.
char reference_check(const std::string& first17) {
  static constexpr std::string_view alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr std::array<int, 17> w = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                            29, 25, 13, 8,  24, 10, 30, 28};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += static_cast<int>(alphabet.find(first17[i])) * w[i];
  const int check = 31 - sum % 31;
  return check == 31 ? '0' : alphabet[check];
}

void expect_error(std::string_view raw, const std::string& code) {
  const auto r = parse_uscc(raw);
  ASSERT_FALSE(r.ok()) << raw;
  EXPECT_EQ(r.error().code, code) << raw;
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  EXPECT_EQ(r.error().field, "uscc");
}

TEST(Uscc, KnownCodesAreValid) {
  for (std::string_view code :
       {"91350100M000100Y43", "914403001922038216", "91110000802100433B", "91310000717866186P"}) {
    const auto r = parse_uscc(code);
    ASSERT_TRUE(r.ok()) << code << " " << r.error().code;
    EXPECT_EQ(*r, code);
    EXPECT_EQ(uscc_check_char(code.substr(0, 17)), code[17]);
  }
}

TEST(Uscc, CheckCharMatchesReference) {
  for (const std::string base : {"91350100M000100Y4", "12100000400000227", "52110000MJ0000000",
                                 "93440101MA5ABCDEF", "Y1000000000000000", "00000000000000000"}) {
    EXPECT_EQ(uscc_check_char(base), reference_check(base)) << base;
  }
  EXPECT_EQ(uscc_check_char("00000000000000000"), '0');   // sum 0 -> 31 -> '0'
  EXPECT_EQ(uscc_check_char("91350100M000100I4"), '\0');  // I is not in the alphabet
  EXPECT_EQ(uscc_check_char("91350100M000100Y"), '\0');   // 16 characters
}

TEST(Uscc, NormalisesInput) {
  EXPECT_EQ(*parse_uscc("  91350100m000100y43 "), "91350100M000100Y43");
  EXPECT_EQ(*parse_uscc("９１３５０１００Ｍ０００１００Ｙ４３"), "91350100M000100Y43");
  EXPECT_EQ(*parse_uscc("91350100 M000100Y4 3"), "91350100M000100Y43");
  const std::string computed =
      std::string("93440101MA5ABCDEF") + reference_check("93440101MA5ABCDEF");
  EXPECT_TRUE(parse_uscc(computed).ok()) << computed;
}

TEST(Uscc, Errors) {
  expect_error("", "uscc.length");
  expect_error("91350100M000100Y4", "uscc.length");
  expect_error("91350100M000100Y433", "uscc.length");
  expect_error("91350100M000100I43", "uscc.chars");  // I
  expect_error("91350100M000100O43", "uscc.chars");  // O
  expect_error("91350100M000100Z43", "uscc.chars");  // Z
  expect_error("91350100M000100-43", "uscc.chars");
  expect_error("91350100M000100Y4中", "uscc.chars");
  expect_error("91350100M000100Y44", "uscc.check");
  expect_error("91350100M000101Y43", "uscc.check");
}

}  // namespace
}  // namespace onegrid::people
