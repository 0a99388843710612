// Field codes and synonyms, the TOML mapping file, header matching.
#include "ingest/fields.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace onegrid::ingest {
namespace {

TEST(Fields, CodesRoundTripAndChineseNames) {
  for (int i = 0; i <= static_cast<int>(Field::owner_phone); ++i) {
    const auto f = static_cast<Field>(i);
    EXPECT_EQ(parse_field(field_code(f)), f) << i;
    EXPECT_FALSE(field_name_zh(f).empty()) << i;
  }
  EXPECT_EQ(field_code(Field::id_number), "id_number");
  EXPECT_EQ(field_name_zh(Field::id_number), "身份证号");
  EXPECT_EQ(field_name_zh(Field::name), "姓名");
  EXPECT_EQ(field_name_zh(Field::actual_address), "现住址");
  EXPECT_EQ(parse_field("nope"), std::nullopt);
}

TEST(Fields, EverySynonymFromTheHeaderComments) {
  const std::pair<const char*, Field> cases[] = {
      {"序号", Field::record_key},
      {"档案号", Field::record_key},
      {"人员编号", Field::record_key},
      {"名字", Field::name},
      {"居民姓名", Field::name},
      {"人员姓名", Field::name},
      {"性别", Field::gender},
      {"出生年月", Field::birth_date},
      {"生日", Field::birth_date},
      {"出生年月日", Field::birth_date},
      {"民族", Field::ethnicity},
      {"证件种类", Field::id_type},
      {"公民身份号码", Field::id_number},
      {"证件号码", Field::id_number},
      {"身份证号码", Field::id_number},
      {"身份证", Field::id_number},
      {"手机号码", Field::phone},
      {"联系方式", Field::phone},
      {"手机号", Field::phone},
      {"户籍地", Field::hukou_address},
      {"户口所在地", Field::hukou_address},
      {"实际居住地址", Field::actual_address},
      {"房屋坐落", Field::actual_address},
      {"来京日期", Field::arrival_date},
      {"居住起始日期", Field::arrival_date},
      {"人口类型", Field::residence_type},
      {"户编号", Field::household_no},
      {"关系", Field::relation},
      {"特殊人群类别", Field::care_tags},
      {"标签", Field::care_tags},
      {"慢病类别", Field::health_tags},
      {"使用情况", Field::room_use},
      {"房屋面积", Field::area},
      {"所有权人", Field::owner_name},
      {"产权人身份证号", Field::owner_id_number},
      {"产权人联系电话", Field::owner_phone},
  };
  std::vector<std::string> headers;
  for (const auto& [h, f] : cases) headers.emplace_back(h);
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const HeaderMap m = map_headers({headers[i]});
    EXPECT_EQ(m.column(cases[i].second), 0u) << headers[i];
    EXPECT_TRUE(m.ignored.empty()) << headers[i];
  }
}

TEST(Fields, HeadersAreCleanedBeforeMatching) {
  const HeaderMap m = map_headers(
      {" 姓 名 ", "*身份证号", "联系电话：", "性别:", "出生日期*", "ｉｄ＿ｎｕｍｂｅｒ", "民族　"});
  EXPECT_EQ(m.column(Field::name), 0u);
  EXPECT_EQ(m.column(Field::id_number), 1u);  // the first of two id_number columns wins
  EXPECT_EQ(m.column(Field::phone), 2u);
  EXPECT_EQ(m.column(Field::gender), 3u);
  EXPECT_EQ(m.column(Field::birth_date), 4u);
  EXPECT_EQ(m.column(Field::ethnicity), 6u);
  EXPECT_EQ(m.ignored, (std::vector<std::string>{"ｉｄ＿ｎｕｍｂｅｒ"}));
  EXPECT_EQ(map_headers({"\xEF\xBB\xBF序号"}).column(Field::record_key), 0u);
}

TEST(Fields, UnknownAndDuplicateColumnsAreIgnored) {
  const HeaderMap m = map_headers({"姓名", "备注", "名字", "", "网格员"});
  EXPECT_EQ(m.column(Field::name), 0u);
  EXPECT_EQ(m.column(Field::phone), std::nullopt);
  EXPECT_EQ(m.columns.size(), 1u);
  EXPECT_EQ(m.ignored, (std::vector<std::string>{"备注", "名字", "网格员"}));
}

TEST(Fields, ParsesAMappingFile) {
  auto m = parse_mapping(R"(
encoding = "gbk"
key = "档案号 "
[columns]
"公民身份号码" = "id_number"
"人员类别" = "residence_type"
"现居住地：" = "actual_address"
)");
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->encoding, "gbk");
  EXPECT_EQ(m->key_column, "档案号");
  EXPECT_EQ(m->columns.size(), 3u);
  EXPECT_EQ(m->columns.at("公民身份号码"), Field::id_number);
  EXPECT_EQ(m->columns.at("现居住地"), Field::actual_address);  // keys are cleaned like headers

  auto empty = parse_mapping("");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->encoding);
  EXPECT_TRUE(empty->columns.empty());
}

TEST(Fields, MappingErrors) {
  auto syntax = parse_mapping("[columns\n\"a\" = ");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().code, "import.mapping_syntax");
  EXPECT_EQ(syntax.error().field, "mapping");
  EXPECT_EQ(syntax.error().kind, ErrorKind::invalid);

  auto field = parse_mapping("[columns]\n\"证件\" = \"passport\"\n");
  ASSERT_FALSE(field.ok());
  EXPECT_EQ(field.error().code, "import.mapping_field");
  EXPECT_NE(field.error().message.find("passport"), std::string::npos);

  for (const char* bad :
       {"encoding = 3", "columns = \"x\"", "[columns]\n\"a\" = 1", "colums = 1"}) {
    auto r = parse_mapping(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "import.mapping_syntax") << bad;
  }
}

TEST(Fields, ExplicitMappingWinsOverSynonyms) {
  auto m = parse_mapping(R"(
key = "档案号"
[columns]
"人员类别" = "residence_type"
"联系方式" = "owner_phone"
"证件号" = "id_number"
)");
  ASSERT_TRUE(m.ok());
  // 人员类别 is a care_tags synonym, 联系方式 a phone synonym: the mapping overrides both.
  const HeaderMap h = map_headers(
      {"序号", "姓名", "人员类别", "联系方式", "档案号", "身份证号", "证件号", "联系电话"}, &*m);
  EXPECT_EQ(h.column(Field::record_key), 4u);
  EXPECT_EQ(h.column(Field::residence_type), 2u);
  EXPECT_EQ(h.column(Field::owner_phone), 3u);
  EXPECT_EQ(h.column(Field::id_number), 6u);  // explicit beats the earlier synonym column
  EXPECT_EQ(h.column(Field::phone), 7u);
  EXPECT_EQ(h.column(Field::name), 1u);
  EXPECT_EQ(h.column(Field::care_tags), std::nullopt);
  EXPECT_EQ(h.ignored, (std::vector<std::string>{"序号", "身份证号"}));
}

TEST(Fields, LoadsAMappingFromDisk) {
  const auto dir = std::filesystem::temp_directory_path() / "onegrid_fields_test";
  std::filesystem::create_directories(dir);
  const auto file = dir / "mapping.toml";
  std::ofstream(file) << "encoding = \"gb18030\"\n[columns]\n\"手机\" = \"phone\"\n";
  auto m = load_mapping(file);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->encoding, "gb18030");
  EXPECT_EQ(m->columns.at("手机"), Field::phone);
  auto missing = load_mapping(dir / "absent.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "import.mapping_syntax");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace onegrid::ingest
