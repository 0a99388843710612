// The people module's UTF-8 helpers: code-point splitting and full-width folding.
#include "people/text.hpp"

#include <gtest/gtest.h>

namespace onegrid::people::text {
namespace {

TEST(PeopleText, CodePoints) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(code_points(""), V{});
  EXPECT_EQ(code_points("a张😀"), (V{"a", "张", "😀"}));
  // Stray continuation byte and truncated sequence become single bytes.
  EXPECT_EQ(code_points("\x80"
                        "b\xE5\xBC"),
            (V{"\x80", "b", "\xE5", "\xBC"}));
}

TEST(PeopleText, FoldsFullWidthSpacesAndDashes) {
  EXPECT_EQ(fold_ascii("１２３ＡＢｘ（）＋－"), "123ABx()+-");
  EXPECT_EQ(fold_ascii("a\u3000b\u00A0c"), "a b c");
  EXPECT_EQ(fold_ascii("010\u2014123\u2212"), "010-123-");
  EXPECT_EQ(fold_ascii("张三、"), "张三、");
  EXPECT_EQ(fold_ascii_no_spaces(" 1 2\t3\u30004\r\n"), "1234");
}

}  // namespace
}  // namespace onegrid::people::text
