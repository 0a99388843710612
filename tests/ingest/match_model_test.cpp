// The Fellegi–Sunter scorer: the register's merge/review/separate rules, field levels, and
// Jaro–Winkler values.
#include "ingest/match_model.hpp"

#include <gtest/gtest.h>

#include "ingest/pinyin.hpp"

namespace onegrid::ingest {
namespace {

using people::Date;

MatchRecord person(std::string name, std::optional<Date> birth, std::optional<char> gender,
                   std::string phone = {}, std::string address = {}) {
  MatchRecord r;
  r.name = std::move(name);
  r.name_initials = pinyin_initials(r.name);
  r.birth = birth;
  r.gender = gender;
  r.phone = std::move(phone);
  r.address_key = std::move(address);
  return r;
}

const Date kBirth{1985, 3, 12};
const char* kPhone = "13800138000";
const char* kRoom = "花家地西里|5|2|301";

std::string level(const MatchScore& s, std::string_view field) {
  for (const auto& f : s.fields)
    if (f.field == field) return f.level;
  return "?";
}

TEST(MatchModel, SameNameBirthAndPhoneMerge) {
  const auto s =
      score_pair(person("王秀英", kBirth, 'F', kPhone), person("王秀英", kBirth, 'F', kPhone));
  EXPECT_EQ(s.decision, Decision::merge) << s.total;
  // Even without gender.
  EXPECT_EQ(score_pair(person("王秀英", kBirth, {}, kPhone), person("王秀英", kBirth, {}, kPhone))
                .decision,
            Decision::merge);
}

TEST(MatchModel, SameNameAndBirthMergeOnlyWithTheAddress) {
  const auto with_room =
      score_pair(person("李娜", kBirth, 'F', {}, kRoom), person("李娜", kBirth, 'F', {}, kRoom));
  EXPECT_EQ(with_room.decision, Decision::merge) << with_room.total;

  const auto alone = score_pair(person("李娜", kBirth, 'F'), person("李娜", kBirth, 'F'));
  EXPECT_EQ(alone.decision, Decision::review) << alone.total;
  const auto alone_no_gender = score_pair(person("李娜", kBirth, {}), person("李娜", kBirth, {}));
  EXPECT_EQ(alone_no_gender.decision, Decision::review) << alone_no_gender.total;

  const auto elsewhere = score_pair(person("李娜", kBirth, 'F', "13900000001", kRoom),
                                    person("李娜", kBirth, 'F', "13700000002", "望京西园|1|1|101"));
  EXPECT_EQ(elsewhere.decision, Decision::review) << elsewhere.total;
}

TEST(MatchModel, HomophoneNameWithBirthAndPhoneMerges) {
  const auto s =
      score_pair(person("张伟", kBirth, 'M', kPhone), person("张炜", kBirth, 'M', kPhone));
  EXPECT_EQ(level(s, "name"), "initials");
  EXPECT_EQ(s.decision, Decision::merge) << s.total;
  const auto no_phone = score_pair(person("张伟", kBirth, 'M'), person("张炜", kBirth, 'M'));
  EXPECT_EQ(no_phone.decision, Decision::review) << no_phone.total;
}

TEST(MatchModel, CommonNameWithAnotherBirthDateIsSeparate) {
  const auto s = score_pair(person("张伟", kBirth, 'M'), person("张伟", Date{1972, 11, 30}, 'M'));
  EXPECT_EQ(level(s, "birth_date"), "disagree");
  EXPECT_EQ(s.decision, Decision::separate) << s.total;
}

TEST(MatchModel, ASharedPhoneAloneNeverMerges) {
  // Family members share a phone (and a room, and twins a birth date) but not a name.
  const auto phone_only =
      score_pair(person("王建国", {}, {}, kPhone), person("王丽", {}, {}, kPhone));
  EXPECT_NE(phone_only.decision, Decision::merge) << phone_only.total;
  EXPECT_EQ(phone_only.decision, Decision::separate) << phone_only.total;
  const auto family = score_pair(person("王建国", Date{1950, 1, 1}, 'M', kPhone, kRoom),
                                 person("刘桂兰", Date{1952, 6, 8}, 'F', kPhone, kRoom));
  EXPECT_EQ(family.decision, Decision::separate) << family.total;
  const auto twins = score_pair(person("李明", kBirth, 'M', kPhone, kRoom),
                                person("李亮", kBirth, 'M', kPhone, kRoom));
  EXPECT_NE(twins.decision, Decision::merge) << twins.total;
}

TEST(MatchModel, BirthDateTyposAndSwapsAreSimilar) {
  auto birth_level = [](Date a, Date b) {
    return level(score_pair(person("张伟", a, {}), person("张伟", b, {})), "birth_date");
  };
  EXPECT_EQ(birth_level({1985, 3, 12}, {1985, 3, 12}), "exact");
  EXPECT_EQ(birth_level({1985, 3, 12}, {1985, 3, 13}), "similar");
  EXPECT_EQ(birth_level({1985, 3, 12}, {1986, 3, 12}), "similar");
  EXPECT_EQ(birth_level({1985, 3, 4}, {1985, 4, 3}), "similar");  // day and month swapped
  EXPECT_EQ(birth_level({1985, 3, 12}, {1986, 4, 12}), "disagree");
  EXPECT_EQ(birth_level({1985, 3, 4}, {1986, 4, 3}), "disagree");
}

TEST(MatchModel, LevelsWeightsAndMissingFields) {
  const auto s =
      score_pair(person("张伟", kBirth, 'M', kPhone, kRoom), person("张伟", {}, {}, "", ""));
  ASSERT_EQ(s.fields.size(), 5u);
  EXPECT_EQ(s.fields[0].field, "name");
  EXPECT_EQ(s.fields[0].level, "exact");
  EXPECT_GT(s.fields[0].weight, 0);
  for (std::size_t i = 1; i < 5; ++i) {
    EXPECT_EQ(s.fields[i].level, "missing") << s.fields[i].field;
    EXPECT_EQ(s.fields[i].weight, 0.0);
  }
  EXPECT_DOUBLE_EQ(s.total, s.fields[0].weight);

  const auto d =
      score_pair(person("张伟", kBirth, 'M', kPhone, "花家地西里|5|2|301"),
                 person("王芳", Date{1990, 7, 1}, 'F', "13900000000", "望京西园|1|1|101"));
  EXPECT_EQ(level(d, "name"), "disagree");
  EXPECT_EQ(level(d, "birth_date"), "disagree");
  EXPECT_EQ(level(d, "gender"), "disagree");
  EXPECT_EQ(level(d, "phone"), "disagree");
  EXPECT_EQ(level(d, "address"), "disagree");
  const auto building = score_pair(person("a", {}, {}, "", "花家地西里|5|2|301"),
                                   person("a", {}, {}, "", "花家地西里|5|1|702"));
  EXPECT_EQ(level(building, "address"), "similar");  // same estate and building, other room
  EXPECT_GT(building.fields[4].weight, 0.0);
  EXPECT_EQ(
      level(score_pair(person("a", {}, {}, "", "|5|2|301"), person("a", {}, {}, "", "|5|1|101")),
            "address"),
      "disagree");  // no estate: a building number alone says little
  double sum = 0;
  for (const auto& f : d.fields) {
    EXPECT_LT(f.weight, 0.0) << f.field;
    sum += f.weight;
  }
  EXPECT_DOUBLE_EQ(d.total, sum);
}

TEST(MatchModel, NameLevels) {
  auto name_level = [](const char* a, const char* b) {
    return level(score_pair(person(a, {}, {}), person(b, {}, {})), "name");
  };
  EXPECT_EQ(name_level("欧阳娜娜", "欧阳娜莎"), "similar");
  EXPECT_EQ(name_level("MARTHA", "MARHTA"), "similar");
  EXPECT_EQ(name_level("王秀英", "王秀莹"), "initials");
  EXPECT_EQ(name_level("张伟", "张伟伟"), "similar");
  EXPECT_EQ(name_level("张伟", "周文"), "initials");  // same sounds' initials, nothing shared
  EXPECT_EQ(name_level("张伟", "李强"), "disagree");
  EXPECT_EQ(level(score_pair(person("", {}, {}), person("张伟", {}, {})), "name"), "missing");
}

TEST(MatchModel, ThresholdsAreConfigurable) {
  const auto a = person("李娜", kBirth, 'F'), b = person("李娜", kBirth, 'F');
  EXPECT_EQ(score_pair(a, b, MatchThresholds{10.0, 4.0}).decision, Decision::merge);
  EXPECT_EQ(score_pair(a, b, MatchThresholds{30.0, 20.0}).decision, Decision::separate);
}

TEST(MatchModel, JaroWinklerKnownValues) {
  EXPECT_NEAR(jaro_winkler("MARTHA", "MARHTA"), 0.961, 0.001);
  EXPECT_NEAR(jaro_winkler("DWAYNE", "DUANE"), 0.840, 0.001);
  EXPECT_NEAR(jaro_winkler("DIXON", "DICKSONX"), 0.813, 0.001);
  EXPECT_DOUBLE_EQ(jaro_winkler("same", "same"), 1.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", "xyz"), 0.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("a", ""), 0.0);
  EXPECT_NEAR(jaro_winkler("张伟", "伟张"), jaro_winkler("ab", "ba"), 1e-12);
}

TEST(MatchModel, JaroWinklerCountsCodePointsNotBytes) {
  // By bytes 张伟/张炜 would share the lead byte of every character; by code points one of two.
  EXPECT_NEAR(jaro_winkler("张伟", "张炜"), jaro_winkler("ab", "ac"), 1e-12);
  EXPECT_NEAR(jaro_winkler("王秀英", "王秀莹"), jaro_winkler("abc", "abd"), 1e-12);
  EXPECT_NEAR(jaro_winkler("欧阳娜娜", "欧阳娜莎"), jaro_winkler("abcc", "abcd"), 1e-12);
  EXPECT_NEAR(jaro_winkler("王秀英", "王秀莹"), 0.8222, 0.001);
}

}  // namespace
}  // namespace onegrid::ingest
