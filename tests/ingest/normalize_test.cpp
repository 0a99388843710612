// Cell clean-up: full-width forms, spaces, dates in every departmental spelling, areas, gender.
#include "ingest/normalize.hpp"

#include <gtest/gtest.h>

namespace onegrid::ingest {
namespace {

using people::Date;

TEST(Normalize, FullWidthToHalfWidth) {
  EXPECT_EQ(to_halfwidth("１２３ＡＢＣａｂｃ！～"), "123ABCabc!~");
  EXPECT_EQ(to_halfwidth("张　伟"), "张 伟");  // the ideographic space
  EXPECT_EQ(to_halfwidth("５号楼－２－３０１"), "5号楼-2-301");
  EXPECT_EQ(to_halfwidth("中文，（注）"), "中文,(注)");
  EXPECT_EQ(to_halfwidth("中文。、【】"),
            "中文。、【】");  // CJK punctuation is not full-width ASCII
  EXPECT_EQ(to_halfwidth(""), "");
}

TEST(Normalize, SpacesTrimmedCollapsedOrRemoved) {
  EXPECT_EQ(clean_spaces("  a   b \t c  "), "a b c");
  EXPECT_EQ(clean_spaces("\xC2\xA0张\xE3\x80\x80\xE3\x80\x80伟\xC2\xA0"), "张 伟");
  EXPECT_EQ(clean_spaces(" 1101 0519 9001 ", true), "110105199001");
  EXPECT_EQ(clean_spaces("   "), "");
  EXPECT_EQ(clean_spaces("\xE3\x80\x80张 伟\xE3\x80\x80", true), "张伟");
}

TEST(Normalize, CleanCellDoesBoth) {
  EXPECT_EQ(clean_cell("　张伟　１３８ ００１３ "), "张伟 138 0013");
  EXPECT_EQ(clean_cell("plain"), "plain");
}

TEST(Normalize, DatesInEveryCommonSpelling) {
  const Date d{1990, 1, 2};
  for (const char* s :
       {"1990-01-02", "1990-1-2", "1990/1/2", "1990/01/02", "1990.1.2", "19900102", "1990年1月2日",
        "1990年01月02日", "1990年1月2号", " 1990-01-02 ", "1990-01-02 00:00:00", "1990/1/2 0:00",
        "1990-01-02T00:00:00", "1990-01-02T00:00:00Z", "１９９０－０１－０２", "32875", "32875.5",
        "1990年1月2日 08:30"})
    EXPECT_EQ(parse_date(s), d) << s;
}

TEST(Normalize, YearMonthOnlyMeansDayOne) {
  const Date d{1985, 7, 1};
  for (const char* s : {"1985-07", "1985-7", "1985/7", "1985.07", "1985年7月", "198507"})
    EXPECT_EQ(parse_date(s), d) << s;
}

TEST(Normalize, ExcelSerialsUseThe1900Convention) {
  // 1900-01-01 is serial 1 and Excel counts a 1900-02-29, so modern serials are days after
  // 1899-12-30; only 20000..80000 are taken as dates.
  EXPECT_EQ(parse_date("20000"), (Date{1954, 10, 3}));
  EXPECT_EQ(parse_date("36526"), (Date{2000, 1, 1}));
  EXPECT_EQ(parse_date("44927"), (Date{2023, 1, 1}));
  EXPECT_EQ(parse_date("80000"), (Date{2119, 1, 11}));
  EXPECT_EQ(parse_date("19999"), std::nullopt);
  EXPECT_EQ(parse_date("80001"), std::nullopt);
}

TEST(Normalize, InvalidDatesAreRejected) {
  for (const char* s :
       {"1990-02-30", "1990-13-01", "19900230", "1990年2月30日", "1990-00-10", "1990-1-0",
        "1900-02-29", "1991-02-29", "abc", "", "1990", "90-1-2", "1990-01-02-03", "1990--01",
        "1990-01-02 noon", "1990年1月2日x", "123456789", "1990-123-1", "出生1990-01-02"})
    EXPECT_EQ(parse_date(s), std::nullopt) << s;
  EXPECT_EQ(parse_date("2000-02-29"), (Date{2000, 2, 29}));  // a real leap day
}

TEST(Normalize, AreasWithUnits) {
  for (const char* s :
       {"85.5", "85.5㎡", "85.5平方米", "85.5平米", "85.5 m2", "85.5m²", "８５．５", " 85.5 ㎡ "})
    EXPECT_EQ(parse_area(s), 85.5) << s;
  EXPECT_EQ(parse_area("120"), 120.0);
  for (const char* s : {"八十", "", "㎡", "85.5亩", "-3", "85.5.5", "abc"})
    EXPECT_EQ(parse_area(s), std::nullopt) << s;
}

TEST(Normalize, GenderSpellings) {
  for (const char* s : {"男", "M", "m", "1", "male", "Male", " 男 ", "男性", "Ｍ"})
    EXPECT_EQ(parse_gender(s), 'M') << s;
  for (const char* s : {"女", "F", "f", "2", "female", "FEMALE", "女性"})
    EXPECT_EQ(parse_gender(s), 'F') << s;
  for (const char* s : {"", "未知", "0", "9", "x"}) EXPECT_EQ(parse_gender(s), std::nullopt) << s;
}

}  // namespace
}  // namespace onegrid::ingest
