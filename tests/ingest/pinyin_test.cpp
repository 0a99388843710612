// Pinyin initials: level-1 characters by GB2312 order, the name table, surname readings, ASCII.
#include "ingest/pinyin.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace onegrid::ingest {
namespace {

TEST(Pinyin, CommonNames) {
  EXPECT_EQ(pinyin_initials("张伟"), "zw");
  EXPECT_EQ(pinyin_initials("王秀英"), "wxy");
  EXPECT_EQ(pinyin_initials("欧阳娜娜"), "oynn");
  EXPECT_EQ(pinyin_initials("李娜"), "ln");
  EXPECT_EQ(pinyin_initials("刘洋"), "ly");
  EXPECT_EQ(pinyin_initials("陈静"), "cj");
  EXPECT_EQ(pinyin_initials("司马光"), "smg");
}

TEST(Pinyin, BoundaryCharactersOfLevelOne) {
  // The first character of each initial in GB2312 order, and the last of level 1.
  EXPECT_EQ(pinyin_initials("啊芭擦搭蛾发噶哈击喀垃妈拿哦啪期然撒塌挖昔压匝"),
            "abcdefghjklmnopqrstwxyz");
  EXPECT_EQ(pinyin_initials("座"), "z");
}

TEST(Pinyin, HomophonesShareInitials) {
  EXPECT_EQ(pinyin_initials("张炜"), "zw");
  EXPECT_EQ(pinyin_initials("张玮"), "zw");
  EXPECT_EQ(pinyin_initials("王秀莹"), "wxy");
}

TEST(Pinyin, NameCharactersOutsideLevelOne) {
  // Level 2 of GB2312 (ordered by radical) and characters GB2312 lacks entirely.
  EXPECT_EQ(pinyin_initials("琪璐昊晗骞钰妍婧"), "qlhhqyyj");
  EXPECT_EQ(pinyin_initials("彧祎珺喆翀堃芃垚"), "yyjzckpy");
  EXPECT_EQ(pinyin_initials("皓琦璇萱煜淼鑫懿晟"), "hqxxymxys");
  EXPECT_EQ(pinyin_initials("瑶禹溪"), "yyx");  // these three are level 1
  EXPECT_EQ(pinyin_initials("李梓涵"), "lzh");
  EXPECT_EQ(pinyin_initials("王睿"), "wr");
}

TEST(Pinyin, SurnameReadingsApplyToTheFirstCharacterOnly) {
  EXPECT_EQ(pinyin_initials("单伟"), "sw");
  EXPECT_EQ(pinyin_initials("曾强"), "zq");
  EXPECT_EQ(pinyin_initials("解放"), "xf");
  EXPECT_EQ(pinyin_initials("仇敏"), "qm");
  EXPECT_EQ(pinyin_initials("区华"), "oh");
  EXPECT_EQ(pinyin_initials("查良镛"), "zly");
  EXPECT_EQ(pinyin_initials("朴树"), "ps");
  EXPECT_EQ(pinyin_initials("翟军"), "zj");
  EXPECT_EQ(pinyin_initials("简单"), "jd");  // not a surname here: the common reading
  EXPECT_EQ(pinyin_initials(" 单伟"), "sw");
}

TEST(Pinyin, AsciiIsLowerCasedAndOtherCharactersSkipped) {
  EXPECT_EQ(pinyin_initials("John Smith"), "johnsmith");
  EXPECT_EQ(pinyin_initials("阿卜杜·热合曼"), "abdrhm");
  EXPECT_EQ(pinyin_initials("张3伟!"), "zw");
  EXPECT_EQ(pinyin_initials("Tom张"), "tomz");
  EXPECT_EQ(pinyin_initials(""), "");
  EXPECT_EQ(pinyin_initials("𠀀"), "");
  EXPECT_EQ(pinyin_initials("\xFF\xE5"), "");  // malformed bytes never crash
}

TEST(Pinyin, SafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<std::string> results(4);
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&results, i] {
      for (int k = 0; k < 200; ++k) results[i] = pinyin_initials("欧阳娜娜张炜");
    });
  for (auto& t : threads) t.join();
  for (const auto& r : results) EXPECT_EQ(r, "oynnzw");
}

}  // namespace
}  // namespace onegrid::ingest
