// Phone normalisation: mobiles, landlines, country prefixes, separators and rejections.
#include "people/phone.hpp"

#include <gtest/gtest.h>

namespace onegrid::people {
namespace {

std::string norm(std::string_view raw) {
  const auto r = normalize_phone(raw);
  EXPECT_TRUE(r.ok()) << raw;
  return r.ok() ? *r : "<" + r.error().code + ">";
}

void expect_invalid(std::string_view raw) {
  const auto r = normalize_phone(raw);
  ASSERT_FALSE(r.ok()) << raw << " -> " << *r;
  EXPECT_EQ(r.error().code, "phone.invalid");
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  EXPECT_EQ(r.error().field, "phone");
}

TEST(Phone, Mobiles) {
  EXPECT_EQ(norm("13812345678"), "13812345678");
  EXPECT_EQ(norm("138-1234-5678"), "13812345678");
  EXPECT_EQ(norm("138 1234 5678"), "13812345678");
  EXPECT_EQ(norm("138.1234.5678"), "13812345678");
  EXPECT_EQ(norm("+86 138-1234-5678"), "13812345678");
  EXPECT_EQ(norm("+8613812345678"), "13812345678");
  EXPECT_EQ(norm("008613812345678"), "13812345678");
  EXPECT_EQ(norm("8613812345678"), "13812345678");
  EXPECT_EQ(norm("(+86)19912345678"), "19912345678");
  EXPECT_EQ(norm("１３８ １２３４ ５６７８"), "13812345678");
  EXPECT_EQ(norm("１３８－１２３４－５６７８"), "13812345678");
  EXPECT_EQ(norm("＋８６\u3000１３８１２３４５６７８"), "13812345678");
}

TEST(Phone, Landlines) {
  EXPECT_EQ(norm("010-64771234"), "010-64771234");
  EXPECT_EQ(norm("01064771234"), "010-64771234");
  EXPECT_EQ(norm("(010)64771234"), "010-64771234");
  EXPECT_EQ(norm("（010）64771234"), "010-64771234");
  EXPECT_EQ(norm("010 6477 1234"), "010-64771234");
  EXPECT_EQ(norm("021-5432 1098"), "021-54321098");
  EXPECT_EQ(norm("0571-87654321"), "0571-87654321");
  EXPECT_EQ(norm("0571-8765432"), "0571-8765432");  // 7-digit local number
  EXPECT_EQ(norm("0755 2345 6789"), "0755-23456789");
  EXPECT_EQ(norm("+86 10 6477 1234"), "010-64771234");
  EXPECT_EQ(norm("0086-571-87654321"), "0571-87654321");
}

TEST(Phone, Rejections) {
  expect_invalid("");
  expect_invalid("无");
  expect_invalid("64771234");         // no area code
  expect_invalid("1381234567");       // 10 digits
  expect_invalid("138123456789");     // 12 digits
  expect_invalid("12812345678");      // 12x is not a mobile prefix
  expect_invalid("010-647712");       // local number too short
  expect_invalid("010-647712345");    // too long
  expect_invalid("010-04771234");     // local number starts with 0
  expect_invalid("011-64771234");     // 011 is not an area code
  expect_invalid("0010-64771234");    // area code cannot start 00
  expect_invalid("+1 415 555 0100");  // not +86
  expect_invalid("138+12345678");     // '+' inside
  expect_invalid("138-1234-5678 转 1");
  expect_invalid("tel:13812345678");
  expect_invalid("400-123-4567");
}

}  // namespace
}  // namespace onegrid::people
