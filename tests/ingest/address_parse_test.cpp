// Free-text addresses: every spelling of one room gives one key; prefixes, numerals, hyphen
// forms, floors, estates that look like prefixes.
#include "ingest/address_parse.hpp"

#include <gtest/gtest.h>

namespace onegrid::ingest {
namespace {

TEST(AddressParse, TheHeaderExamplesShareOneKey) {
  for (const char* s : {
           "北京市朝阳区望京街道花家地西里社区花家地西里5号楼2单元301室",
           "花家地西里5号楼2单元301",
           "花家地西里5-2-301",
           "花家地西里5栋2门301",
           "北京市朝阳区花家地西里5号楼2单元301室",
           "北京朝阳区花家地西里5号楼2单元301",
           "朝阳区望京街道花家地西里5号楼2单元301号",
           "花家地西里小区5号楼2单元301室",
           "花家地西里 5号楼 2单元 301室",
           "花家地西里５号楼２单元３０１室",
           "花家地西里五号楼二单元301室",
           "花家地西里5幢2单元301",
           "花家地西里5座2单元301",
           "花家地西里5#楼2单元301",
           "花家地西里5号2单元301",
           "花家地西里5号楼-2单元-301",
           "花家地西里5号楼2-301",
           "花家地西里5－2－301",
           "花家地西里5—2—301室",
           "花家地西里5号楼2单元3层301",
           "花家地西里社区5号楼2单元301",
           "望京街道花家地西里社区居委会花家地西里5号楼2单元301室",
       }) {
    const ParsedAddress a = parse_address(s);
    EXPECT_EQ(address_key(a), "花家地西里|5|2|301") << s;
    EXPECT_EQ(a.floor, 3) << s;
    EXPECT_TRUE(a.complete()) << s;
  }
}

TEST(AddressParse, WithoutAnEstate) {
  const ParsedAddress a = parse_address("5号楼2门301室");
  EXPECT_EQ(a.estate, "");
  EXPECT_EQ(a.building, 5);
  EXPECT_EQ(a.unit, 2);
  EXPECT_EQ(a.room, "301");
  EXPECT_EQ(a.floor, 3);
  EXPECT_FALSE(a.complete());
  EXPECT_EQ(address_key(a), "|5|2|301");
}

struct Case {
  const char* text;
  const char* key;
  std::optional<int> floor;
};

TEST(AddressParse, Spellings) {
  const Case cases[] = {
      // No unit: 0 in the key.
      {"花家地西里5-301", "花家地西里|5|0|301", 3},
      {"花家地西里5号楼301室", "花家地西里|5|0|301", 3},
      {"花家地西里5号楼1502", "花家地西里|5|0|1502", 15},
      {"花家地西里5号楼B1-01", "花家地西里|5|0|B1-01", std::nullopt},
      {"花家地西里5号楼b1-01", "花家地西里|5|0|B1-01", std::nullopt},
      // 号院 belongs to the estate.
      {"望京西路5号院5号楼2单元301", "望京西路5号院|5|2|301", 3},
      {"望京西路五号院3号楼1单元101", "望京西路五号院|3|1|101", 1},
      // Chinese numerals.
      {"花家地西里十二号楼二单元1201", "花家地西里|12|2|1201", 12},
      {"花家地西里二十一号楼十单元101", "花家地西里|21|10|101", 1},
      {"花家地西里十号楼1单元101", "花家地西里|10|1|101", 1},
      {"花家地西里5号楼2单元十二层1203", "花家地西里|5|2|1203", 12},
      {"花家地西里5号楼2单元3楼302", "花家地西里|5|2|302", 3},
      // Digits and numerals inside estate names are kept there.
      {"望京西园四区4号楼3单元602", "望京西园四区|4|3|602", 6},
      {"三里屯北小区3号楼1单元101", "三里屯北|3|1|101", 1},
      {"十里堡北里6号楼301", "十里堡北里|6|0|301", 3},
      {"首开广场2期3号楼2单元1001", "首开广场2期|3|2|1001", 10},
      {"798艺术区7号楼101", "798艺术区|7|0|101", 1},
      // Estates ending in 区/园/苑/家园 are not prefixes.
      {"北京市朝阳区望京花园东区2号楼301", "望京花园东区|2|0|301", 3},
      {"融泽嘉园一区8号楼2单元502", "融泽嘉园一区|8|2|502", 5},
      {"北京市海淀区学院路街道清华园1号楼101", "清华园|1|0|101", 1},
      {"天通苑北一区5号楼2单元301", "天通苑北一区|5|2|301", 3},
      {"回龙观新龙城家园5号楼2单元301", "回龙观新龙城家园|5|2|301", 3},
      // Other prefixes.
      {"上海市浦东新区花木街道联洋社区联洋花园5号楼2单元301", "联洋花园|5|2|301", 3},
      {"北京市大兴区黄村镇狼垡村委会狼垡三村5号楼1单元101", "狼垡三村|5|1|101", 1},
      // A community whose name is the estate's, with nothing before the building.
      {"花家地西里社区5号楼2门301室", "花家地西里|5|2|301", 3},
      // Trailing 号 on the room; rooms with leading zeros keep them.
      {"花家地西里5号楼2单元301号", "花家地西里|5|2|301", 3},
      {"花家地西里5号楼2单元0301", "花家地西里|5|2|0301", 3},
      {"花家地西里5号楼2单元", "花家地西里|5|2|", std::nullopt},
      // No building.
      {"花家地西里2单元301", "花家地西里||2|301", 3},
      // A lettered building has no number: it stays with the estate.
      {"海淀区中关村街道科源社区科源小区A座1201", "科源A座||0|1201", 12},
      {"科源A座1201室", "科源A座||0|1201", 12},
      {"科源小区B栋2单元301", "科源B栋||2|301", 3},
      // Latin letters in estate names, rooms written in numerals, 乡 as a prefix.
      {"建外SOHO 5号楼 1502", "建外SOHO|5|0|1502", 15},
      {"花家地西里五号楼二单元三零一室", "花家地西里|5|2|301", 3},
      {"北京市丰台区卢沟桥乡万丰路288号院3号楼1单元1101", "万丰路288号院|3|1|1101", 11},
      {"西城区金融街街道丰盛社区丰汇园小区12号楼3门1203", "丰汇园|12|3|1203", 12},
      {"丰汇园小区12#楼3门1203", "丰汇园|12|3|1203", 12},
      {"北京市东城区东直门街道东直门外大街42号院1号楼2单元603", "东直门外大街42号院|1|2|603", 6},
      {"北京市昌平区回龙观镇龙跃苑二区5号楼2单元301", "龙跃苑二区|5|2|301", 3},
      {"望京西园3区311楼1-101", "望京西园3区|311|1|101", 1},
      {"天通苑东三区8号楼5单元8楼801", "天通苑东三区|8|5|801", 8},
      // The key separator never appears inside a part.
      {"花家|地西里5号楼2单元301", "花家-地西里|5|2|301", 3},
  };
  for (const auto& c : cases) {
    const ParsedAddress a = parse_address(c.text);
    EXPECT_EQ(address_key(a), c.key) << c.text;
    EXPECT_EQ(a.floor, c.floor) << c.text;
  }
}

TEST(AddressParse, ExplicitFloorWinsOverTheRoomNumber) {
  const ParsedAddress a = parse_address("花家地西里5号楼2单元3层1502");
  EXPECT_EQ(a.floor, 3);
  EXPECT_EQ(a.room, "1502");
}

TEST(AddressParse, TrailingNoiseKeepsWhatWasRead) {
  const ParsedAddress a = parse_address("花家地西里5号楼2单元301室(出租)");
  EXPECT_EQ(a.estate, "花家地西里");
  EXPECT_EQ(a.building, 5);
  EXPECT_EQ(a.unit, 2);
  EXPECT_EQ(a.room, "301");
}

TEST(AddressParse, UnreadableTextStaysTheEstate) {
  EXPECT_EQ(address_key(parse_address("花家地西里")), "花家地西里||0|");
  EXPECT_EQ(address_key(parse_address("北京市朝阳区花家地西里小区")), "花家地西里||0|");
  EXPECT_EQ(address_key(parse_address("")), "||0|");
  const ParsedAddress junk = parse_address("\xFF\xFE???");
  EXPECT_FALSE(junk.building);
  EXPECT_FALSE(junk.complete());
}

TEST(AddressParse, NeverReadsPastTheEnd) {
  // Truncated UTF-8 and lone markers: only must not crash (ASan checks the reads).
  for (const char* s :
       {"花家地西里5号", "5", "五", "十", "5号楼2单元\xE5", "5-", "5--301", "-5-2-301", "号楼",
        "单元301", "5号楼2单元3层", "\xE4\xB8", "花家地西里5号楼2-"}) {
    const ParsedAddress a = parse_address(s);
    (void)address_key(a);
  }
  EXPECT_EQ(parse_address("花家地西里5号").building, 5);
}

}  // namespace
}  // namespace onegrid::ingest
