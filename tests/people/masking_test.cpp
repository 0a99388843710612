// Default masking: the header's examples, short and odd input, and UTF-8 names.
#include "people/masking.hpp"

#include <gtest/gtest.h>

namespace onegrid::people {
namespace {

std::size_t visible(const std::string& masked) {
  std::size_t n = 0;
  for (char c : masked) n += c != '*' ? 1 : 0;
  return n;
}

TEST(Mask, IdNumber) {
  EXPECT_EQ(mask_id_number("110105199001011234"), "110105********1234");
  EXPECT_EQ(mask_id_number("11010519491231002X"), "110105********002X");
  EXPECT_EQ(mask_id_number(""), "");
  EXPECT_EQ(mask_id_number("1"), "*");
  EXPECT_EQ(mask_id_number("12"), "1*");
  EXPECT_EQ(mask_id_number("12345678"), "12****78");
  // Legacy 15 digits: never more than half visible.
  const std::string legacy = mask_id_number("110105491231002");
  EXPECT_EQ(legacy, "1101********002");
  // Every length: same length out, at most 6 + 4 visible, at most half unless the standard 18.
  const std::string digits = "1234567890123456789012345";
  for (std::size_t n = 0; n <= digits.size(); ++n) {
    const std::string m = mask_id_number(digits.substr(0, n));
    ASSERT_EQ(m.size(), n);
    EXPECT_LE(visible(m), 10u) << m;
    if (n != 18) {
      EXPECT_LE(visible(m), n / 2) << m;
    }
  }
}

TEST(Mask, Phone) {
  EXPECT_EQ(mask_phone("13812345678"), "138****5678");
  EXPECT_EQ(mask_phone("010-64771234"), "010-****1234");
  EXPECT_EQ(mask_phone("0571-8765432"), "0571-***5432");
  EXPECT_EQ(mask_phone(""), "");
  EXPECT_EQ(mask_phone("1234"), "1**4");
  EXPECT_EQ(mask_phone("64771234"), "64****34");
  // A dash that is not an area-code separator gets the generic rule.
  EXPECT_EQ(mask_phone("12-34"), "1***4");
  for (std::string_view p : {"1", "12", "123", "1234567", "1234567890"}) {
    const std::string m = mask_phone(p);
    EXPECT_EQ(m.size(), p.size());
    EXPECT_LE(visible(m), p.size() / 2) << m;
  }
}

TEST(Mask, NameIsUtf8Aware) {
  EXPECT_EQ(mask_name("张三"), "张*");
  EXPECT_EQ(mask_name("欧阳娜娜"), "欧***");
  EXPECT_EQ(mask_name("王小明"), "王**");
  EXPECT_EQ(mask_name("李"), "*");
  EXPECT_EQ(mask_name(""), "");
  EXPECT_EQ(mask_name("Tom"), "T**");
  EXPECT_EQ(mask_name("阿卜杜·热合曼"), "阿******");
  // A truncated multi-byte sequence is masked byte by byte, never passed through half.
  EXPECT_EQ(mask_name(std::string("张") + "\xE4\xB8"), "张**");
}

}  // namespace
}  // namespace onegrid::people
