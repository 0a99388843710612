// The org tree over HTTP: CRUD with versions and history, grid validation, point → grid,
// GeoJSON export/import.

#include <algorithm>
#include <thread>

#include "integration/fixture.hpp"

namespace onegrid::testing {
namespace {

using boost::json::object;
using boost::json::value;

value rect(double lon0, double lat0, double lon1, double lat1) {
  return {
      {"type", "Polygon"},
      {"coordinates", {{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}}}};
}

// The bounding box of a demo unit's boundary.
std::array<double, 4> bbox(const value& geometry) {
  std::array<double, 4> b{1e9, 1e9, -1e9, -1e9};
  const auto& coords = geometry.at("coordinates");
  const auto& rings =
      geometry.at("type") == "Polygon" ? coords.as_array() : coords.at(0).as_array();
  for (const auto& p : rings.at(0).as_array()) {
    double x = p.at(0).to_number<double>(), y = p.at(1).to_number<double>();
    b[0] = std::min(b[0], x), b[1] = std::min(b[1], y), b[2] = std::max(b[2], x),
    b[3] = std::max(b[3], y);
  }
  return b;
}

TEST(Org, DemoDistrictShape) {
  auto& s = DemoServer::get();
  auto units =
      call("GET", "/api/v1/org/units?limit=2000", s.token("admin")).json().at("items").as_array();
  std::map<std::string, int> kinds;
  for (const auto& u : units) kinds[std::string(u.at("kind").as_string())]++;
  EXPECT_EQ(kinds["district"], 1);
  EXPECT_EQ(kinds["street"], 3);
  EXPECT_EQ(kinds["community"], 9);
  EXPECT_GE(kinds["grid"], 55);
  EXPECT_LE(kinds["grid"], 65);
  EXPECT_GE(kinds["department"], 8);
  auto users =
      call("GET", "/api/v1/users?limit=500", s.token("admin")).json().at("items").as_array();
  EXPECT_GE(users.size(), 250u);
  // every grid has its one worker
  auto grids = call("GET", "/api/v1/org/units?kind=grid&limit=2000", s.token("admin"))
                   .json()
                   .at("items")
                   .as_array();
  for (const auto& g : grids) {
    if (g.at("code").as_string().starts_with("110105-")) {
      EXPECT_FALSE(g.at("worker_id").is_null()) << g;
    }
  }
}

TEST(Org, EveryDemoCommunityValidatesClean) {
  auto& s = DemoServer::get();
  auto r = call("GET", "/api/v1/org/units/" + std::to_string(s.unit_id(kDistrict)) + "/validation",
                s.token("admin"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = r.json().at("items").as_array();
  EXPECT_GE(items.size(), 9u);
  for (const auto& c : items) {
    // other tests add grids to community 1 and import a community; judge the demo's own
    if (c.at("community_id").as_int64() == s.unit_id(kCommunity1) ||
        c.at("community_name") == "导入社区")
      continue;
    EXPECT_TRUE(c.at("ok").as_bool()) << c;
  }
}

TEST(Org, CreateEditWithVersionsAndHistory) {
  auto& s = DemoServer::get();
  const auto& t = s.token("street");
  auto created = call("POST", "/api/v1/org/units", t,
                      json_text(object{{"kind", "department"},
                                       {"parent_id", s.unit_id(kStreet1)},
                                       {"code", "110105-001-S01"},
                                       {"name", "街道综合执法队"}}));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("etag"), "\"v1\"");
  EXPECT_FALSE(created.header("location").empty());
  const std::string url = "/api/v1/org/units/" + std::to_string(created.json().at("id").as_int64());
  // no If-Match → 412 with a clear code
  auto blind = call("PATCH", url, t, R"({"name":"综合执法队"})");
  EXPECT_EQ(blind.status, 428);
  EXPECT_EQ(blind.json().at("code").as_string(), "http.if_match_required");
  auto edited = call("PATCH", url, t, R"({"name":"综合执法队"})", {{"If-Match", "\"v1\""}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.header("etag"), "\"v2\"");
  // a second editor still holding v1 loses
  auto stale = call("PATCH", url, t, R"({"name":"另一个名字"})", {{"If-Match", "\"v1\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.json().at("code").as_string(), "org.version_mismatch");
  EXPECT_EQ(call("GET", url, t).json().at("name").as_string(), "综合执法队");
  auto history = call("GET", url + "/history", t).json().at("items").as_array();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].at("snapshot").at("name").as_string(), "街道综合执法队");
  EXPECT_EQ(history[1].at("snapshot").at("name").as_string(), "综合执法队");
  auto dup = call("POST", "/api/v1/org/units", t,
                  json_text(object{{"kind", "department"},
                                   {"parent_id", s.unit_id(kStreet1)},
                                   {"code", "110105-001-S01"},
                                   {"name", "重复"}}));
  EXPECT_EQ(dup.status, 409);
  auto bad_parent = call("POST", "/api/v1/org/units", s.token("admin"),
                         json_text(object{{"kind", "grid"},
                                          {"parent_id", s.unit_id(kStreet1)},
                                          {"code", "X-GRID-UNDER-STREET"},
                                          {"name", "错误网格"}}));
  EXPECT_EQ(bad_parent.status, 400);
  EXPECT_EQ(bad_parent.json().at("code").as_string(), "org.invalid_parent");
  auto gone = call("DELETE", url, t, "", {{"If-Match", "\"v2\""}});
  EXPECT_EQ(gone.status, 200) << gone.body;
  EXPECT_FALSE(gone.json().at("active").as_bool());
  auto with_kids = call("DELETE", "/api/v1/org/units/" + std::to_string(s.unit_id(kCommunity1)),
                        s.token("admin"), "", {{"If-Match", "\"v1\""}});
  EXPECT_TRUE(with_kids.status == 409 || with_kids.status == 412) << with_kids.body;
}

TEST(Org, ConcurrentEditsOneWinsOtherGets412) {
  auto& s = DemoServer::get();
  auto created = call("POST", "/api/v1/org/units", s.token("admin"),
                      json_text(object{{"kind", "department"},
                                       {"parent_id", s.unit_id(kDistrict)},
                                       {"code", "110105-RACE"},
                                       {"name", "并发测试部门"}}));
  ASSERT_EQ(created.status, 201);
  const std::string url = "/api/v1/org/units/" + std::to_string(created.json().at("id").as_int64());
  std::vector<int> statuses(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      statuses[i] = call("PATCH", url, s.token("admin"),
                         json_text(object{{"name_en", "writer " + std::to_string(i)}}),
                         {{"If-Match", "\"v1\""}})
                        .status;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 412), 7);
  EXPECT_EQ(call("GET", url, s.token("admin")).header("etag"), "\"v2\"");
}

TEST(Org, OverlapsAndGapsAreReported) {
  auto& s = DemoServer::get();
  auto community =
      call("GET", "/api/v1/org/units/" + std::to_string(s.unit_id(kCommunity1)), s.token("admin"))
          .json();
  auto b = bbox(community.at("boundary"));
  // a grid straddling the community's south-west corner overlaps grid 1 … and sticks out
  double w = (b[2] - b[0]) / 10, h = (b[3] - b[1]) / 10;
  auto r = call("POST", "/api/v1/org/units", s.token("community"),
                json_text(object{{"kind", "grid"},
                                 {"parent_id", s.unit_id(kCommunity1)},
                                 {"code", "110105-001-001-99"},
                                 {"name", "测试重叠网格"},
                                 {"boundary", rect(b[0] - w, b[1] - h, b[0] + w, b[1] + h)}}));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto new_id = r.json().at("id").as_int64();
  EXPECT_GT(r.json().at("area_m2").to_number<double>(), 1000.0);
  auto v =
      call("GET", "/api/v1/org/units/" + std::to_string(s.unit_id(kCommunity1)) + "/validation",
           s.token("community"));
  ASSERT_EQ(v.status, 200) << v.body;
  auto report = v.json().at("items").at(0);
  EXPECT_FALSE(report.at("ok").as_bool());
  bool named = false;
  for (const auto& o : report.at("report").at("overlaps").as_array()) {
    named = named || o.at("id_a").as_int64() == new_id || o.at("id_b").as_int64() == new_id;
    EXPECT_GT(o.at("area_m2").to_number<double>(), 1.0);
  }
  EXPECT_TRUE(named) << report;
  bool outside = false;
  for (const auto& o : report.at("report").at("outside").as_array())
    outside = outside || o.at("id").as_int64() == new_id;
  EXPECT_TRUE(outside) << report;
  // remove it again so other tests see a clean community
  auto del = call("DELETE", "/api/v1/org/units/" + std::to_string(new_id), s.token("community"), "",
                  {{"If-Match", "\"v1\""}});
  EXPECT_EQ(del.status, 200) << del.body;
}

TEST(Org, LocatePointToGrid) {
  auto& s = DemoServer::get();
  auto grid =
      call("GET", "/api/v1/org/units/" + std::to_string(s.unit_id(kGrid1)), s.token("admin"))
          .json();
  auto b = bbox(grid.at("boundary"));
  // the centre of the bbox of a convex-ish demo grid lies inside it
  char q[128];
  std::snprintf(q, sizeof q, "/api/v1/org/locate?lon=%.7f&lat=%.7f", (b[0] + b[2]) / 2,
                (b[1] + b[3]) / 2);
  auto r = call("GET", q, s.token("gridworker"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("inside").as_bool());
  EXPECT_EQ(r.json().at("grid").at("id").as_int64(), s.unit_id(kGrid1));
  // far from everything: nearest grid, inside=false; for the grid worker only if it is theirs
  auto far = call("GET", "/api/v1/org/locate?lon=116.0&lat=39.5", s.token("admin"));
  ASSERT_EQ(far.status, 200) << far.body;
  EXPECT_FALSE(far.json().at("inside").as_bool());
  // a grid edit moves the index: a new grid elsewhere is found right after it is created
  auto created = call("POST", "/api/v1/org/units", s.token("admin"),
                      json_text(object{{"kind", "grid"},
                                       {"parent_id", s.unit_id(kFarCommunity)},
                                       {"code", "110105-003-003-90"},
                                       {"name", "飞地网格"},
                                       {"boundary", rect(117.0, 40.5, 117.01, 40.51)}}));
  ASSERT_EQ(created.status, 201) << created.body;
  auto hit = call("GET", "/api/v1/org/locate?lon=117.005&lat=40.505", s.token("admin"));
  EXPECT_EQ(hit.json().at("grid").at("code").as_string(), "110105-003-003-90");
  EXPECT_TRUE(hit.json().at("inside").as_bool());
  auto not_yours = call("GET", "/api/v1/org/locate?lon=117.005&lat=40.505", s.token("gridworker"));
  EXPECT_EQ(not_yours.status, 404);
  call("DELETE", "/api/v1/org/units/" + std::to_string(created.json().at("id").as_int64()),
       s.token("admin"), "", {{"If-Match", "\"v1\""}});
}

TEST(Org, GeoJsonExportImportRoundTrip) {
  auto& s = DemoServer::get();
  auto exported = call("GET", "/api/v1/org/geojson?within=" + std::to_string(s.unit_id(kStreet1)),
                       s.token("admin"));
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.header("content-type").find("geo+json"), std::string::npos);
  auto fc = exported.json();
  EXPECT_GT(fc.at("features").as_array().size(), 20u);
  // re-importing what was exported changes nothing
  auto again = call("POST", "/api/v1/org/geojson", s.token("admin"), exported.body,
                    {{"Content-Type", "application/geo+json"}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("created").as_int64(), 0);
  EXPECT_EQ(again.json().at("updated").as_int64(), 0);
  // a new community with a grid, dry run first
  auto& feats = fc.at("features").as_array();
  feats.clear();
  feats.push_back(object{{"type", "Feature"},
                         {"geometry", rect(116.60, 40.10, 116.61, 40.11)},
                         {"properties",
                          {{"code", "110105-001-009"},
                           {"kind", "community"},
                           {"name", "导入社区"},
                           {"parent_code", kStreet1}}}});
  feats.push_back(object{{"type", "Feature"},
                         {"geometry", rect(116.60, 40.10, 116.605, 40.11)},
                         {"properties",
                          {{"code", "110105-001-009-01"},
                           {"kind", "grid"},
                           {"name", "导入社区第1网格"},
                           {"parent_code", "110105-001-009"}}}});
  auto dry = call("POST", "/api/v1/org/geojson?dry_run=true", s.token("admin"), json_text(fc),
                  {{"Content-Type", "application/geo+json"}});
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json().at("created").as_int64(), 2);
  EXPECT_EQ(call("GET", "/api/v1/org/units?q=110105-001-009", s.token("admin"))
                .json()
                .at("items")
                .as_array()
                .size(),
            0u);
  auto real = call("POST", "/api/v1/org/geojson", s.token("admin"), json_text(fc),
                   {{"Content-Type", "application/geo+json"}});
  ASSERT_EQ(real.status, 201) << real.body;
  EXPECT_EQ(call("GET", "/api/v1/org/units?q=110105-001-009", s.token("admin"))
                .json()
                .at("items")
                .as_array()
                .size(),
            2u);
  // a bad feature names itself
  feats.push_back(object{
      {"type", "Feature"},
      {"geometry", nullptr},
      {"properties",
       {{"code", "X-ORPHAN"}, {"kind", "grid"}, {"name", "孤儿"}, {"parent_code", "NOPE"}}}});
  auto bad = call("POST", "/api/v1/org/geojson", s.token("admin"), json_text(fc),
                  {{"Content-Type", "application/geo+json"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json().at("field").as_string(), "features[2].properties.parent_code");
  // moving a unit to another parent by import is refused, naming the feature
  boost::json::object move{{"type", "FeatureCollection"},
                           {"features",
                            {object{{"type", "Feature"},
                                    {"geometry", nullptr},
                                    {"properties",
                                     {{"code", kGrid1},
                                      {"kind", "grid"},
                                      {"name", "搬家网格"},
                                      {"parent_code", kFarCommunity}}}}}}};
  auto moved = call("POST", "/api/v1/org/geojson", s.token("admin"), json_text(move),
                    {{"Content-Type", "application/geo+json"}});
  EXPECT_EQ(moved.status, 400) << moved.body;
  EXPECT_EQ(moved.json().at("code").as_string(), "org.import_move_unsupported");
  // only district officers and administrators may import
  auto denied = call("POST", "/api/v1/org/geojson", s.token("street"), json_text(fc),
                     {{"Content-Type", "application/geo+json"}});
  EXPECT_EQ(denied.status, 403);
}

}  // namespace
}  // namespace onegrid::testing
