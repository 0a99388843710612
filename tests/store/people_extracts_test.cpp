// The benchmark's department extracts, generated for ~2,000 persons living in the demo rooms of a
// real store: headers, encodings (GBK civil, BOM health, GB18030 housing), one truth row per data
// row with unique record keys, valid ID numbers but for the deliberately mistyped few, the same
// bytes for the same seed.

#include <iconv.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "demo/address_seed.hpp"
#include "demo/people_extracts.hpp"
#include "demo/seed.hpp"
#include "store_fixture.hpp"

namespace onegrid::store::testing {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80         ? 1
                          : (c >> 5) == 6  ? 2
                          : (c >> 4) == 14 ? 3
                          : (c >> 3) == 30 ? 4
                                           : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// Decodes with iconv; nullopt when the bytes are not valid in `from`.
std::optional<std::string> decode(const std::string& bytes, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* o = out.data();
  std::size_t o_left = out.size();
  const auto r = iconv(cd, &in, &in_left, &o, &o_left);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1)) return std::nullopt;
  out.resize(out.size() - o_left);
  return out;
}

std::vector<std::vector<std::string>> parse(const std::string& text, char sep) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (;;) {
      const auto end = line.find(sep, start);
      f.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    rows.push_back(std::move(f));
  }
  return rows;
}

class PeopleExtracts : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_TRUE(migrate(*store_));
    ASSERT_TRUE(demo::seed_demo(*store_, 1));
    ASSERT_TRUE(demo::seed_addresses(*store_, {}));
    auto rooms = demo::list_rooms(*store_);
    ASSERT_TRUE(rooms) << describe(rooms.error());
    rooms_ = std::move(*rooms);
    dir_ = fs::temp_directory_path() / ("onegrid_extracts_" + random_suffix());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    StoreTest::TearDown();
  }
  std::vector<demo::RoomRef> rooms_;
  fs::path dir_;
};

TEST_P(PeopleExtracts, FilesEncodingsAndTruth) {
  auto report = demo::write_people_extracts(rooms_, {2000, (dir_ / "a").string(), 7});
  ASSERT_TRUE(report) << describe(report.error());
  EXPECT_EQ(report->persons, 2000);
  EXPECT_GT(report->households, 600);

  const auto police_bytes = slurp(dir_ / "a" / "police.csv");
  const auto civil_bytes = slurp(dir_ / "a" / "civil.csv");
  const auto health_bytes = slurp(dir_ / "a" / "health.tsv");
  const auto housing_bytes = slurp(dir_ / "a" / "housing.csv");
  ASSERT_TRUE(valid_utf8(police_bytes));
  EXPECT_FALSE(valid_utf8(civil_bytes)) << "civil.csv is GBK";
  auto civil_text = decode(civil_bytes, "GBK");
  ASSERT_TRUE(civil_text) << "civil.csv decodes as GBK";
  ASSERT_EQ(health_bytes.substr(0, 3), "\xEF\xBB\xBF") << "health.tsv starts with a BOM";
  ASSERT_TRUE(valid_utf8(health_bytes));
  EXPECT_FALSE(valid_utf8(housing_bytes)) << "housing.csv is GB18030";
  auto housing_text = decode(housing_bytes, "GB18030");
  ASSERT_TRUE(housing_text);

  const auto police = parse(police_bytes, ',');
  const auto civil = parse(*civil_text, ',');
  const auto health = parse(health_bytes.substr(3), '\t');
  const auto housing = parse(*housing_text, ',');
  const auto truth = parse(slurp(dir_ / "a" / "truth.csv"), ',');
  using Header = std::vector<std::string>;
  EXPECT_EQ(police.at(0),
            (Header{"序号", "姓名", "性别", "民族", "出生日期", "公民身份号码", "户籍地址",
                    "现住址", "人员类型", "来京日期", "户号", "与户主关系", "联系电话"}));
  EXPECT_EQ(civil.at(0), (Header{"编号", "姓名", "身份证号", "性别", "出生年月", "联系电话",
                                 "居住地址", "人员类别"}));
  EXPECT_EQ(health.at(0), (Header{"记录号", "名字", "证件号码", "出生日期", "手机号码",
                                  "实际居住地址", "健康标签"}));
  EXPECT_EQ(housing.at(0), (Header{"房屋编号", "房屋坐落", "房屋用途", "建筑面积", "产权人",
                                   "产权人证件号码", "产权人电话"}));
  EXPECT_EQ(truth.at(0), (Header{"source", "record_key", "person_key"}));
  for (const auto* file : {&police, &civil, &health, &housing})
    for (const auto& row : *file) ASSERT_EQ(row.size(), file->at(0).size()) << row.at(0);

  // Proportions, roughly: police ~97%, civil ~35%, health ~80%, housing a row per room used.
  EXPECT_EQ(static_cast<std::int64_t>(police.size() - 1), report->police);
  EXPECT_NEAR(static_cast<double>(report->police) / 2000, 0.98, 0.03);
  EXPECT_NEAR(static_cast<double>(report->civil) / 2000, 0.33, 0.08);
  EXPECT_NEAR(static_cast<double>(report->health) / 2000, 0.79, 0.05);
  EXPECT_EQ(report->rooms_used, report->households) << "the demo has a room per household";
  EXPECT_EQ(report->housing, report->rooms_used + (report->rooms_used * 6 + 50) / 100)
      << "a housing row per occupied room, plus ~6% vacant ones";

  // Truth: one row per data row, keys unique per source and equal to the files' key columns.
  const std::size_t data_rows = police.size() + civil.size() + health.size() + housing.size() - 4;
  ASSERT_EQ(truth.size() - 1, data_rows);
  EXPECT_EQ(report->truth, static_cast<std::int64_t>(data_rows));
  std::map<std::string, std::set<std::string>> keys;
  std::map<std::string, std::int64_t> police_people;
  for (std::size_t i = 1; i < truth.size(); ++i) {
    ASSERT_EQ(truth[i].size(), 3u);
    EXPECT_TRUE(keys[truth[i][0]].insert(truth[i][1]).second) << truth[i][0] << " " << truth[i][1];
    const auto person = std::stoll(truth[i][2]);
    EXPECT_GE(person, 1);
    EXPECT_LE(person, 2000);
    if (truth[i][0] == "police") ++police_people[truth[i][2]];
  }
  auto file_keys = [](const std::vector<std::vector<std::string>>& rows) {
    std::set<std::string> out;
    for (std::size_t i = 1; i < rows.size(); ++i) out.insert(rows[i][0]);
    return out;
  };
  EXPECT_EQ(keys["police"], file_keys(police));
  EXPECT_EQ(keys["civil"], file_keys(civil));
  EXPECT_EQ(keys["health"], file_keys(health));
  EXPECT_EQ(keys["housing"], file_keys(housing));
  int duplicated = 0;
  for (const auto& [person, n] : police_people) duplicated += n > 1;
  EXPECT_GE(duplicated, 5) << "~1% of police rows are duplicated";
  EXPECT_LE(duplicated, 60);

  // Police ID numbers: valid, gender from the 17th digit, but for ~0.5% mistyped.
  int ids = 0, invalid = 0, collisions = 0;
  std::map<std::string, int> names;
  for (std::size_t i = 1; i < police.size(); ++i) {
    const auto& id = police[i][5];
    ++names[police[i][1]];
    if (id.size() != 18) continue;  // missing, or a passport number
    ++ids;
    if (demo::id_check_char(std::string_view(id).substr(0, 17)) != id[17]) {
      ++invalid;
      continue;
    }
    EXPECT_EQ((id[16] - '0') % 2 == 1, police[i][2] == "男") << id;
    EXPECT_EQ(id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2), police[i][4]);
  }
  EXPECT_GT(ids, 1900);
  EXPECT_GE(invalid, 1);
  EXPECT_LE(invalid, ids / 50);
  for (const auto& [name, n] : names) collisions += n > 2;
  EXPECT_GT(collisions, 3) << "common names repeat";
  // A known ID number: GB 11643's worked example.
  EXPECT_EQ(demo::id_check_char("11010519491231002"), 'X');
}

TEST_P(PeopleExtracts, SameSeedSameBytes) {
  ASSERT_TRUE(demo::write_people_extracts(rooms_, {500, (dir_ / "a").string(), 3}));
  ASSERT_TRUE(demo::write_people_extracts(rooms_, {500, (dir_ / "b").string(), 3}));
  ASSERT_TRUE(demo::write_people_extracts(rooms_, {500, (dir_ / "c").string(), 4}));
  for (const char* f : {"police.csv", "civil.csv", "health.tsv", "housing.csv", "truth.csv"}) {
    EXPECT_EQ(slurp(dir_ / "a" / f), slurp(dir_ / "b" / f)) << f;
    EXPECT_NE(slurp(dir_ / "a" / f), slurp(dir_ / "c" / f)) << f;
  }
  EXPECT_FALSE(demo::write_people_extracts({}, {10, (dir_ / "d").string(), 1}));
}

ONEGRID_STORE_DRIVERS(PeopleExtracts);

}  // namespace
}  // namespace onegrid::store::testing
