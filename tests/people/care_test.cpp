// Care tags: the table, department words, multi-valued cells, age and derived tags.
#include "people/care.hpp"

#include <gtest/gtest.h>

#include <set>

namespace onegrid::people {
namespace {

using Tags = std::vector<std::string>;

TEST(Care, TableIsCompleteAndUnique) {
  const std::set<std::string_view> expected = {
      "elderly_60",   "elderly_80", "living_alone",    "disabled",      "low_income", "veteran",
      "party_member", "volunteer",  "chronic_disease", "incapacitated", "maternal"};
  std::set<std::string_view> codes;
  for (const CareTagInfo& t : care_tags()) {
    EXPECT_TRUE(codes.insert(t.code).second) << t.code;
    EXPECT_FALSE(t.name_zh.empty());
    EXPECT_FALSE(t.name_en.empty());
    EXPECT_EQ(t.derived,
              t.code == "elderly_60" || t.code == "elderly_80" || t.code == "living_alone")
        << t.code;
  }
  EXPECT_EQ(codes, expected);
  ASSERT_TRUE(find_care_tag("living_alone"));
  EXPECT_EQ(find_care_tag("living_alone")->name_zh, "独居老人");
  EXPECT_EQ(find_care_tag("elderly_80")->name_zh, "80岁以上高龄老人");
  EXPECT_EQ(find_care_tag("low_income")->name_zh, "低保");
  EXPECT_FALSE(find_care_tag("unknown"));
  EXPECT_FALSE(find_care_tag(""));
}

TEST(Care, WordsMapToTags) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"低保", "low_income"},
      {"低保户", "low_income"},
      {"最低生活保障", "low_income"},
      {"特困", "low_income"},
      {"残疾", "disabled"},
      {"残疾人", "disabled"},
      {"肢体残疾", "disabled"},
      {"视力残疾", "disabled"},
      {"退役军人", "veteran"},
      {"优抚对象", "veteran"},
      {"军属", "veteran"},
      {"党员", "party_member"},
      {"中共党员", "party_member"},
      {"志愿者", "volunteer"},
      {"慢性病", "chronic_disease"},
      {"慢病", "chronic_disease"},
      {"高血压", "chronic_disease"},
      {"糖尿病", "chronic_disease"},
      {"失能", "incapacitated"},
      {"半失能", "incapacitated"},
      {"孕产妇", "maternal"},
      {"孕妇", "maternal"},
      {" 低保 ", "low_income"},
      {"\u3000党员\u3000", "party_member"},
      {"low_income", "low_income"},
      {"失能半失能", "incapacitated"},
  };
  for (const auto& [word, code] : cases) {
    const auto tag = care_tag_from_word(word);
    ASSERT_TRUE(tag) << word;
    EXPECT_EQ(*tag, code) << word;
    EXPECT_TRUE(find_care_tag(*tag)) << word;
  }
}

TEST(Care, UnrelatedAndDerivedWordsAreUnknown) {
  for (std::string_view word :
       {"", " ", "是", "否", "无", "正常", "群众", "学生", "低", "保", "党", "残", "独居老人",
        "elderly_60", "living_alone", "高龄老人", "感冒", "低保低保"}) {
    EXPECT_FALSE(care_tag_from_word(word)) << word;
  }
}

TEST(Care, CellsSplitOnEverySeparator) {
  auto r = care_tags_from_cell("低保；残疾、退役军人");
  EXPECT_EQ(r.tags, (Tags{"low_income", "disabled", "veteran"}));
  EXPECT_TRUE(r.unknown.empty());

  r = care_tags_from_cell("低保,残疾");
  EXPECT_EQ(r.tags, (Tags{"low_income", "disabled"}));

  r = care_tags_from_cell("党员;志愿者，高血压/糖尿病 孕妇\u3000失能");
  EXPECT_EQ(r.tags,
            (Tags{"party_member", "volunteer", "chronic_disease", "maternal", "incapacitated"}));

  r = care_tags_from_cell("低保户、低保；；外来务工、 ,学生,外来务工");
  EXPECT_EQ(r.tags, (Tags{"low_income"})) << "duplicates collapse";
  EXPECT_EQ(r.unknown, (Tags{"外来务工", "学生"}));

  r = care_tags_from_cell("");
  EXPECT_TRUE(r.tags.empty());
  EXPECT_TRUE(r.unknown.empty());
}

TEST(Care, AgeInWholeYears) {
  EXPECT_EQ(age_on({1990, 6, 15}, {2026, 6, 14}), 35);
  EXPECT_EQ(age_on({1990, 6, 15}, {2026, 6, 15}), 36);
  EXPECT_EQ(age_on({1990, 6, 15}, {2026, 12, 31}), 36);
  EXPECT_EQ(age_on({2000, 2, 29}, {2023, 2, 28}), 22);
  EXPECT_EQ(age_on({2000, 2, 29}, {2023, 3, 1}), 23);
  EXPECT_EQ(age_on({2026, 1, 1}, {2026, 1, 1}), 0);
  EXPECT_EQ(age_on({2027, 1, 1}, {2026, 1, 1}), 0);
}

TEST(Care, DerivedTags) {
  const Date today{2026, 12, 2};
  EXPECT_EQ(derived_care_tags(std::nullopt, today, 1), Tags{});
  EXPECT_EQ(derived_care_tags(Date{1990, 1, 1}, today, 1), Tags{});
  EXPECT_EQ(derived_care_tags(Date{1966, 12, 3}, today, 1), Tags{}) << "59 until tomorrow";
  EXPECT_EQ(derived_care_tags(Date{1966, 12, 2}, today, 2), (Tags{"elderly_60"}));
  EXPECT_EQ(derived_care_tags(Date{1966, 12, 2}, today, 1), (Tags{"elderly_60", "living_alone"}));
  EXPECT_EQ(derived_care_tags(Date{1946, 12, 2}, today, 3), (Tags{"elderly_60", "elderly_80"}));
  EXPECT_EQ(derived_care_tags(Date{1940, 5, 1}, today, 1),
            (Tags{"elderly_60", "elderly_80", "living_alone"}));
  EXPECT_EQ(derived_care_tags(Date{1940, 5, 1}, today, 0), (Tags{"elderly_60", "elderly_80"}))
      << "not a current occupant of any room";
}

}  // namespace
}  // namespace onegrid::people
