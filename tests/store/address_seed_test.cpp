// Demo standard addresses on real stores: codes unique and shaped as migration 0007 says, every
// building's centre inside its grid's polygon, names and keys consistent, seeding twice adds
// nothing, and asking for more rooms adds them without touching what is there.

#include <cstdio>
#include <map>
#include <set>

#include "demo/address_seed.hpp"
#include "demo/seed.hpp"
#include "org/geo/geojson.hpp"
#include "org/geo/grid_index.hpp"
#include "store_fixture.hpp"

namespace onegrid::store::testing {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (auto end = s.find(sep);; end = s.find(sep, start)) {
    out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

bool digits(const std::string& s, std::size_t from, std::size_t min, std::size_t max) {
  const std::size_t n = s.size() >= from ? s.size() - from : 0;
  if (n < min || n > max) return false;
  for (std::size_t i = from; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// 110105-001-002-E03-B005-U2-F03-R301, cut at the level: segments and their shapes.
bool well_formed(const std::string& level, const std::string& code) {
  static const std::vector<std::string> kLevels{"estate", "building", "unit", "floor", "room"};
  static const std::string kPrefix = "EBUFR";
  static const std::vector<std::pair<std::size_t, std::size_t>> kDigits{
      {2, 3}, {3, 3}, {1, 1}, {2, 2}, {3, 4}};
  const auto seg = split(code, '-');
  std::size_t depth = 0;
  while (depth < kLevels.size() && kLevels[depth] != level) ++depth;
  if (depth == kLevels.size() || seg.size() != 4 + depth) return false;
  if (!digits(seg[0], 0, 6, 6) || !digits(seg[1], 0, 3, 3) || !digits(seg[2], 0, 3, 3))
    return false;
  for (std::size_t i = 0; i <= depth; ++i) {
    const auto& s = seg[3 + i];
    if (s.empty() || s[0] != kPrefix[i] || !digits(s, 1, kDigits[i].first, kDigits[i].second))
      return false;
  }
  return true;
}

class AddressSeed : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_TRUE(migrate(*store_));
    auto seeded = demo::seed_demo(*store_, 1);
    ASSERT_TRUE(seeded) << describe(seeded.error());
  }
  Rows rows(const std::string& sql) {
    Rows out;
    auto st = store_->read([&](Tx& tx) -> Status {
      OG_ASSIGN(out, tx.query(sql));
      return ok_status();
    });
    EXPECT_TRUE(st) << describe(st.error());
    return out;
  }
};

TEST_P(AddressSeed, CodesNamesAndFootprints) {
  auto report = demo::seed_addresses(*store_, {});
  ASSERT_TRUE(report) << describe(report.error());
  EXPECT_EQ(report->communities, 9);
  EXPECT_GE(report->rooms, 3000);
  EXPECT_LE(report->rooms, 6000);
  std::printf("demo addresses: %lld estates, %lld buildings, %lld rooms\n",
              static_cast<long long>(report->estates), static_cast<long long>(report->buildings),
              static_cast<long long>(report->rooms));
  EXPECT_EQ(report->rooms_total, report->rooms);
  EXPECT_GE(report->estates, 18) << "several estates per community";
  EXPECT_GE(report->aliases, report->estates);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM address WHERE level = 'room'"), report->rooms);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM address WHERE level = 'building'"), report->buildings);

  // Codes: unique (the column is UNIQUE) and shaped per level, each extending its parent's.
  const auto all = rows(
      "SELECT a.level, a.code, p.code, a.name, a.full_name, p.full_name, a.match_key, c.code, "
      "a.org_path, g.path FROM address a LEFT JOIN address p ON p.id = a.parent_id JOIN org_unit "
      "c ON c.id = a.community_id LEFT JOIN org_unit g ON g.id = a.grid_id");
  std::set<std::string> codes, keys;
  for (const auto& r : all) {
    const auto level = r.text(0), code = r.text(1), parent = r.text(2);
    EXPECT_TRUE(well_formed(level, code)) << level << " " << code;
    EXPECT_TRUE(codes.insert(code).second) << code;
    if (level == "estate") {
      EXPECT_EQ(code.rfind(r.text(7) + "-E", 0), 0u) << code;
      EXPECT_EQ(r.text(3), r.text(4));
      continue;
    }
    EXPECT_EQ(code.rfind(parent + "-", 0), 0u) << code << " under " << parent;
    EXPECT_EQ(r.text(8), r.text(9)) << "org_path is the grid's path";
    if (level == "room") {
      const auto seg = split(code, '-');
      ASSERT_EQ(seg.size(), 8u);
      EXPECT_EQ(std::stoi(seg[7].substr(1)) / 100, std::stoi(seg[6].substr(1))) << code;
      // 花家地西里5号楼2单元301 ends with the room's name, 301.
      EXPECT_EQ(r.text(4).substr(r.text(4).size() - r.text(3).size()), r.text(3));
      EXPECT_TRUE(keys.insert(r.text(6)).second) << "match key repeats: " << r.text(6);
      const auto key = split(r.text(6), '|');
      ASSERT_EQ(key.size(), 4u) << r.text(6);
      EXPECT_TRUE(!key[0].empty() && digits(key[1], 0, 1, 3) && digits(key[2], 0, 1, 1) &&
                  key[3] == r.text(3))
          << r.text(6);
      EXPECT_EQ(r.text(4), key[0] + key[1] + "号楼" + key[2] + "单元" + key[3]);
    }
  }
  // Estate names are unique in the district; the ones for demo communities start the list.
  EXPECT_EQ(scalar("SELECT COUNT(*) - COUNT(DISTINCT name) FROM address WHERE level = 'estate'"),
            0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM address WHERE level = 'estate' AND name = '花家地西里'"),
            1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM address_alias WHERE alias = '花家地西里小区'"), 1);

  // Every building's centre (and its footprint's first corner) inside its own grid.
  std::vector<org::geo::GridShape> shapes;
  for (const auto& r : rows("SELECT id, code, boundary FROM org_unit WHERE kind = 'grid'")) {
    auto area = org::geo::parse_geometry_text(r.text(2));
    ASSERT_TRUE(area);
    shapes.push_back({r.i64(0), r.text(1), *area});
  }
  const auto index = org::geo::GridIndex::build(shapes);
  const auto buildings =
      rows("SELECT id, grid_id, lon, lat, footprint, floors FROM address WHERE level = 'building'");
  ASSERT_FALSE(buildings.empty());
  for (const auto& b : buildings) {
    EXPECT_EQ(index.locate(b.f64(2), b.f64(3)), b.i64(1)) << "building " << b.i64(0);
    auto fp = org::geo::parse_geometry_text(b.text(4));
    ASSERT_TRUE(fp) << b.text(4);
    ASSERT_EQ(fp->polygons.size(), 1u);
    for (const auto& v : fp->polygons[0].outer) EXPECT_EQ(index.locate(v.lon, v.lat), b.i64(1));
    EXPECT_GE(b.i64(5), 5);
    EXPECT_LE(b.i64(5), 30);
  }

  // The generator's view of the rooms.
  auto listed = demo::list_rooms(*store_);
  ASSERT_TRUE(listed) << describe(listed.error());
  ASSERT_EQ(static_cast<std::int64_t>(listed->size()), report->rooms);
  for (const auto& room : *listed) {
    EXPECT_EQ(room.full_name, room.estate + std::to_string(room.building) + "号楼" +
                                  std::to_string(room.unit) + "单元" + room.room);
    EXPECT_EQ(std::stoi(room.room) / 100, room.floor);
    EXPECT_EQ(room.community_name.substr(room.community_name.size() - 6), "社区");
    EXPECT_EQ(room.street_name.substr(room.street_name.size() - 6), "街道");
    EXPECT_NE(room.grid_id, 0);
  }
}

TEST_P(AddressSeed, IdempotentAndGrowsOnRequest) {
  auto first = demo::seed_addresses(*store_, {});
  ASSERT_TRUE(first) << describe(first.error());
  const auto codes_before = scalar("SELECT COUNT(*) FROM address");
  auto again = demo::seed_addresses(*store_, {});
  ASSERT_TRUE(again) << describe(again.error());
  EXPECT_EQ(again->communities, 0);
  EXPECT_EQ(again->rooms, 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM address"), codes_before);

  // At least 20,000 rooms: added as new estates; the old rows stay as they were.
  const auto first_max = scalar("SELECT MAX(id) FROM address");
  demo::AddressSeedOptions more;
  more.min_rooms = 20'000;
  auto grown = demo::seed_addresses(*store_, more);
  ASSERT_TRUE(grown) << describe(grown.error());
  EXPECT_GE(grown->rooms_total, 20'000);
  EXPECT_EQ(grown->rooms_total, first->rooms + grown->rooms);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM address WHERE id <= " + std::to_string(first_max)),
            codes_before);
  EXPECT_EQ(scalar("SELECT COUNT(*) - COUNT(DISTINCT name) FROM address WHERE level = 'estate'"),
            0);
  // New rows get ids after the seeded ones (the PostgreSQL sequence was moved on).
  const auto id = scalar("SELECT MAX(id) FROM address");
  exec_ok(
      "INSERT INTO address (level, code, name, full_name, community_id, org_path, "
      "created_at, updated_at) SELECT 'estate', 'X-E99', 'x', 'x', id, path, 0, 0 FROM "
      "org_unit WHERE kind = 'community' AND code = '110105-001-001'");
  EXPECT_GT(scalar("SELECT id FROM address WHERE code = 'X-E99'"), id);
}

TEST_P(AddressSeed, DeterministicForTheSameOptions) {
  demo::AddressSeedOptions o;
  o.now = 1'700'000'000'000;
  ASSERT_TRUE(demo::seed_addresses(*store_, o));
  const auto a = rows("SELECT code, full_name, footprint, floors FROM address ORDER BY code");
  exec_ok("DELETE FROM address_alias");
  exec_ok("DELETE FROM address WHERE level = 'room'");
  exec_ok("DELETE FROM address WHERE level = 'floor'");
  exec_ok("DELETE FROM address WHERE level = 'unit'");
  exec_ok("DELETE FROM address WHERE level = 'building'");
  exec_ok("DELETE FROM address WHERE level = 'estate'");
  ASSERT_TRUE(demo::seed_addresses(*store_, o));
  const auto b = rows("SELECT code, full_name, footprint, floors FROM address ORDER BY code");
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t c = 0; c < 4; ++c) ASSERT_EQ(a[i].text(c), b[i].text(c));
}

TEST_P(AddressSeed, MoreThanTheGridsHoldIsAnErrorAndWritesNothing) {
  demo::AddressSeedOptions o;
  o.min_rooms = 50'000'000;
  auto r = demo::seed_addresses(*store_, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "demo.address_capacity");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM address"), 0);
}

ONEGRID_STORE_DRIVERS(AddressSeed);

}  // namespace
}  // namespace onegrid::store::testing
