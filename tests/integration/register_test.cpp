// The 一标三实 register over HTTP on the real binary: an extract imported through the API (dry
// run, commit, roll-back), people found by blind-indexed ID, masked by default and unmasked only
// with the permission and a purpose (audited), scope and field profiles per role, building,
// household and statistics views, and bad input answered with stable codes.

#include <algorithm>
#include <boost/json.hpp>

#include "fixture.hpp"
#include "people/id_number.hpp"

namespace onegrid::testing {
namespace {

namespace json = boost::json;

std::string id_number(const std::string& first17) {
  return first17 + people::id_check_char(first17);
}

// "%E5%BC%A0" style escaping for query values.
std::string url_escape(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

class Register : public ::testing::Test {
 protected:
  static const std::string& community() { return DemoServer::get().token("community"); }

  // A room of the community worker's community, as "花家地西里5号楼2单元301" with its id.
  static std::pair<std::string, std::int64_t> a_room(int nth = 0) {
    const auto cid = DemoServer::get().unit_id(kCommunity1);
    auto estates =
        items_of(call("GET", "/api/v1/addresses?community_id=" + std::to_string(cid), community()));
    EXPECT_FALSE(estates.empty());
    if (estates.empty()) return {"", 0};
    const auto& estate = estates[0].as_object();
    auto buildings = items_of(
        call("GET", "/api/v1/addresses?parent_id=" + std::to_string(estate.at("id").as_int64()),
             community()));
    EXPECT_FALSE(buildings.empty());
    const auto bid = buildings[0].at("id").as_int64();
    auto view = call("GET", "/api/v1/buildings/" + std::to_string(bid), community());
    EXPECT_EQ(view.status, 200) << view.body;
    const json::value vj = view.json();
    const auto& unit = vj.at("units").as_array()[0].as_object();
    const auto& floor = unit.at("floors").as_array()[0].as_object();
    const auto& rooms = floor.at("rooms").as_array();
    const auto& room = rooms[static_cast<std::size_t>(nth) % rooms.size()].as_object();
    const std::string text = std::string(estate.at("name").as_string()) +
                             std::string(buildings[0].at("name").as_string()) +
                             std::string(unit.at("name").as_string()) +
                             std::string(room.at("name").as_string());
    return {text, room.at("id").as_int64()};
  }

  static HttpClient::Reply import(const std::string& source, const std::string& csv, bool dry_run,
                                  const std::string& token = community(),
                                  const std::string& extra = "") {
    return call("POST",
                "/api/v1/imports?source=" + source + "&dry_run=" + (dry_run ? "true" : "false") +
                    "&file_name=test.csv" + extra,
                token, csv, {{"Content-Type", "text/csv"}});
  }
};

TEST_F(Register, ImportDryRunCommitSearchAndRollBack) {
  const auto [addr, room_id] = a_room();
  const std::string id = id_number("11010519800101771");
  const std::string csv =
      "序号,姓名,性别,出生日期,公民身份号码,现住址,人员类型,联系电话\n"
      "T1,测试甲,男,1980-01-01," +
      id + "," + addr +
      ",户籍人口,13600001234\n"
      "T2,测试乙,女,1982-02-02,110105198202020001," +
      addr +
      ",户籍人口,\n"
      "T3,,,,,,,\n";
  auto dry = import("police", csv, true);
  ASSERT_EQ(dry.status, 200) << dry.body;
  const json::value dj = dry.json();
  const auto& report = dj.as_object();
  EXPECT_EQ(report.at("dry_run"), true);
  EXPECT_EQ(report.at("rows").at("total"), 3);
  EXPECT_EQ(report.at("rows").at("error"), 1);
  bool check_digit = false;
  for (const auto& i : report.at("issues").as_array())
    check_digit = check_digit || i.at("code") == "id.check_digit";
  EXPECT_TRUE(check_digit) << dry.body;
  EXPECT_EQ(items_of(call("GET", "/api/v1/people?id_number=" + id, community())).size(), 0u)
      << "a dry run writes nothing";

  auto commit = import("police", csv, false);
  ASSERT_EQ(commit.status, 201) << commit.body;
  const auto batch = commit.json().at("batch_id").as_int64();
  ASSERT_GT(batch, 0);
  auto found = items_of(call("GET", "/api/v1/people?id_number=" + id, community()));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].at("name"), "测试甲");
  EXPECT_EQ(std::string(found[0].at("id_number").as_string()),
            id.substr(0, 6) + "********" + id.substr(14));
  EXPECT_EQ(found[0].at("phone"), "136****1234");
  EXPECT_EQ(found[0].at("room_id"), room_id);
  // The full ID never appears in a list or a card.
  const auto person = found[0].at("id").as_int64();
  auto card = call("GET", "/api/v1/people/" + std::to_string(person), community());
  ASSERT_EQ(card.status, 200) << card.body;
  EXPECT_EQ(card.body.find(id), std::string::npos);
  EXPECT_EQ(card.json().at("records").as_array().size(), 1u);

  auto batches = items_of(call("GET", "/api/v1/imports", community()));
  ASSERT_FALSE(batches.empty());
  EXPECT_EQ(batches[0].at("id"), batch);
  auto links = call("GET", "/api/v1/person-links.csv", community());
  ASSERT_EQ(links.status, 200);
  EXPECT_NE(links.body.find("police,T1," + std::to_string(person)), std::string::npos);

  auto rb = call("POST", "/api/v1/imports/" + std::to_string(batch) + "/rollback", community());
  ASSERT_EQ(rb.status, 200) << rb.body;
  EXPECT_GE(rb.json().at("removed_persons").as_int64(), 2);
  EXPECT_EQ(items_of(call("GET", "/api/v1/people?id_number=" + id, community())).size(), 0u);
  auto again = call("POST", "/api/v1/imports/" + std::to_string(batch) + "/rollback", community());
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.json().at("code"), "import.already_rolled_back");
}

TEST_F(Register, UnmaskNeedsPermissionAndPurposeAndIsAudited) {
  const auto [addr, room_id] = a_room(1);
  const std::string id = id_number("11010519750505882");
  auto commit = import("police",
                       "序号,姓名,出生日期,公民身份号码,现住址,联系电话\nU1,测试丙,1975-05-05," +
                           id + "," + addr + ",13911112222\n",
                       false);
  ASSERT_EQ(commit.status, 201) << commit.body;
  auto found = items_of(call("GET", "/api/v1/people?id_number=" + id, community()));
  ASSERT_EQ(found.size(), 1u);
  const std::string path = "/api/v1/people/" + std::to_string(found[0].at("id").as_int64());

  auto no_purpose =
      call("POST", path + "/unmask", community(),
           json_text(json::object{{"fields", json::array{"id_number"}}, {"purpose", "看"}}));
  EXPECT_EQ(no_purpose.status / 100, 4);
  EXPECT_EQ(no_purpose.json().at("code"), "unmask.purpose");
  auto bad_field = call(
      "POST", path + "/unmask", community(),
      json_text(json::object{{"fields", json::array{"password"}}, {"purpose", "入户走访核实"}}));
  EXPECT_EQ(bad_field.json().at("code"), "unmask.field");
  auto grid_worker =
      call("POST", path + "/unmask", DemoServer::get().token("gridworker"),
           json_text(json::object{{"fields", json::array{"phone"}}, {"purpose", "入户走访核实"}}));
  EXPECT_EQ(grid_worker.status, 403) << "grid workers read masked data only";

  auto ok = call("POST", path + "/unmask", community(),
                 json_text(json::object{{"fields", json::array{"id_number", "phone"}},
                                        {"purpose", "入户走访核实"}}));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(std::string(ok.json().at("id_number").as_string()), id);
  EXPECT_EQ(ok.json().at("phone"), "13911112222");
  EXPECT_EQ(ok.header("cache-control"), "no-store");
  auto audit =
      items_of(call("GET", "/api/v1/audit?action=person.unmask", DemoServer::get().token("admin")));
  ASSERT_FALSE(audit.empty());
  const std::string entry = json_text(audit[0]);
  EXPECT_NE(entry.find("入户走访核实"), std::string::npos) << entry;
  EXPECT_NE(entry.find("community"), std::string::npos) << entry;
  EXPECT_EQ(entry.find(id), std::string::npos) << "the audit log never holds the value";
}

TEST_F(Register, ScopeAndFieldProfilesPerRole) {
  // The demo's residents: the community worker sees their community's only; department staff
  // see names masked; residents see nothing.
  auto all = items_of(call("GET", "/api/v1/people?limit=200", DemoServer::get().token("admin")));
  ASSERT_FALSE(all.empty());
  const auto cid = DemoServer::get().unit_id(kCommunity1);
  auto mine = items_of(call("GET", "/api/v1/people?limit=200", community()));
  for (const auto& p : mine)
    EXPECT_TRUE(p.at("community_id") == cid || p.at("community_id").is_null()) << json_text(p);
  auto far = call("GET",
                  "/api/v1/people?limit=200&community_id=" +
                      std::to_string(DemoServer::get().unit_id(kFarCommunity)),
                  community());
  ASSERT_EQ(far.status, 200);
  EXPECT_TRUE(items_of(far).empty()) << "another community's residents are out of scope";

  auto dept = items_of(call("GET", "/api/v1/people?limit=20", DemoServer::get().token("dept")));
  ASSERT_FALSE(dept.empty());
  for (const auto& p : dept) {
    const std::string name(p.at("name").as_string());
    EXPECT_NE(name.find('*'), std::string::npos) << "department staff see masked names";
    EXPECT_LE(p.at("birth_date").as_string().size(), 4u) << "and birth years only";
  }
  EXPECT_EQ(call("GET", "/api/v1/people", DemoServer::get().token("resident")).status, 403);
  EXPECT_EQ(import("police", "姓名\n张三\n", true, DemoServer::get().token("gridworker")).status,
            403);
}

TEST_F(Register, BuildingHouseholdAndStatistics) {
  auto stats = call("GET", "/api/v1/register/stats?by=community", DemoServer::get().token("admin"));
  ASSERT_EQ(stats.status, 200) << stats.body;
  const json::value sj = stats.json();
  const auto& total = sj.at("total").as_object();
  EXPECT_GT(total.at("residents").as_int64(), 200);
  EXPECT_GT(total.at("elderly_60").as_int64(), 0);
  EXPECT_GE(total.at("residents").as_int64(), total.at("migrants").as_int64());
  auto grid = call("GET", "/api/v1/register/stats?by=grid", community());
  ASSERT_EQ(grid.status, 200);
  EXPECT_EQ(call("GET", "/api/v1/register/stats?by=planet", community()).json().at("code"),
            "stats.by");

  // A household of the demo: its members all point back to it.
  auto people = items_of(call("GET", "/api/v1/people?limit=200", DemoServer::get().token("admin")));
  std::int64_t household = 0;
  for (const auto& p : people)
    if (p.at("household_id").is_int64()) household = p.at("household_id").as_int64();
  ASSERT_GT(household, 0);
  auto h = call("GET", "/api/v1/households/" + std::to_string(household),
                DemoServer::get().token("admin"));
  ASSERT_EQ(h.status, 200) << h.body;
  const json::value hj = h.json();
  for (const auto& m : hj.at("members").as_array()) EXPECT_EQ(m.at("household_id"), household);
  EXPECT_EQ(call("GET", "/api/v1/households/999999999", community()).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/buildings/999999999", community()).status, 404);
}

TEST_F(Register, EventAddressTextBecomesAStandardAddress) {
  // A 12345 call with only an address as the caller said it: the event is tied to the room,
  // placed at its building and in its grid.
  const auto [addr, room_id] = a_room(2);
  std::string spoken = addr;
  spoken.replace(spoken.find("号楼"), std::string("号楼").size(), "栋");
  json::object t{{"subclass_id", subclass_id("0205")},
                 {"title", "楼道堆物"},
                 {"ticket", "12345-20261202-0077"},
                 {"address", "北京市朝阳区" + spoken + "室"}};
  auto r =
      call("POST", "/api/v1/events/hotline", DemoServer::get().token("district"), json_text(t));
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value e = r.json();
  ASSERT_TRUE(e.at("standard_address").is_object()) << r.body;
  EXPECT_EQ(e.at("standard_address").at("id"), room_id);
  EXPECT_EQ(std::string(e.at("standard_address").at("name").as_string()), addr);
  EXPECT_TRUE(e.at("location").is_array()) << "placed at the building";
  EXPECT_TRUE(e.at("grid_id").is_int64());
  // Text the register does not know stays text.
  t["ticket"] = "12345-20261202-0078";
  t["address"] = "月亮湾小区99号楼";
  t["community_id"] = DemoServer::get().unit_id(kCommunity1);
  auto other =
      call("POST", "/api/v1/events/hotline", DemoServer::get().token("district"), json_text(t));
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_TRUE(other.json().at("standard_address").is_null());
}

TEST_F(Register, Open311AddressStringBecomesAStandardAddress) {
  // An Open311 client sends only the address as people write it; the request lands at the room.
  const auto [addr, room_id] = a_room(3);
  json::object req{{"api_key", "onegrid-demo-open311"},
                   {"service_code", "0101"},
                   {"address_string", addr + "室"},
                   {"description", "单元门口堆放杂物"}};
  auto r = call("POST", "/open311/v2/requests.json", "", json_text(req));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id(r.json().as_array().at(0).at("service_request_id").as_string());
  auto e = call("GET", "/api/v1/events/" + id, DemoServer::get().token("admin"));
  ASSERT_EQ(e.status, 200) << e.body;
  const json::value ej = e.json();
  ASSERT_TRUE(ej.at("standard_address").is_object()) << e.body;
  EXPECT_EQ(ej.at("standard_address").at("id"), room_id);
  EXPECT_TRUE(ej.at("location").is_array()) << "placed at the building";
}

// The command line imports the four departments' generated extracts as one job (here a dry
// run against the live demo store): a report per file, then the job's total, and nothing kept.
TEST_F(Register, CommandLineImportsSeveralExtractsAsOneJob) {
  auto& srv = DemoServer::get().process();
  const std::vector<std::string> store{"--store",      srv.store_url(), "--data-dir",
                                       srv.data_dir(), "--log-level",   "warn"};
  auto with = [&](std::vector<std::string> a) {
    a.insert(a.end(), store.begin(), store.end());
    return a;
  };
  const std::string dir = srv.data_dir() + "/job-extracts";
  std::string out;
  ASSERT_EQ(run_onegrid(with({"bench-data", "people", "--persons", "300", "--out", dir}), out), 0)
      << out;
  const auto batches = [&] {
    std::string list;
    EXPECT_EQ(run_onegrid(with({"import-batch", "list"}), list), 0) << list;
    return std::count(list.begin(), list.end(), '\n');
  };
  const auto before = batches();
  EXPECT_EQ(run_onegrid(with({"import", "--dry-run", "--source", "police,civil,health,housing",
                              dir + "/police.csv", dir + "/civil.csv", dir + "/health.tsv",
                              dir + "/housing.csv"}),
                        out),
            0)
      << out;
  EXPECT_NE(out.find("police.csv: dry run"), std::string::npos) << out;
  EXPECT_NE(out.find("housing.csv: dry run"), std::string::npos) << out;
  EXPECT_NE(out.find("together: 4 files"), std::string::npos) << out;
  EXPECT_NE(out.find("rolled back (dry run)"), std::string::npos) << out;
  EXPECT_EQ(batches(), before) << "a dry run keeps no batch";
  // one source for every file, or one per file
  EXPECT_NE(run_onegrid(with({"import", "--dry-run", "--source", "police,civil",
                              dir + "/police.csv", dir + "/civil.csv", dir + "/health.tsv"}),
                        out),
            0);
  EXPECT_NE(out.find("import.sources"), std::string::npos) << out;
  EXPECT_EQ(batches(), before);
}

TEST_F(Register, BadInputGetsStableCodesAndChangesNothing) {
  auto unknown = import("planet", "姓名\n张三\n", true);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json().at("code"), "import.unknown_source");
  auto empty = call("POST", "/api/v1/imports?source=police", community(), "",
                    {{"Content-Type", "text/csv"}});
  EXPECT_EQ(empty.status / 100, 4);
  EXPECT_EQ(empty.json().at("code"), "import.empty");
  auto no_columns = import("police", "颜色,尺寸\n红,大\n", true);
  EXPECT_EQ(no_columns.json().at("code"), "import.no_columns");
  auto bad_encoding = import("police", "姓名\n张三\n", true, community(), "&encoding=ebcdic");
  EXPECT_EQ(bad_encoding.json().at("code"), "import.encoding");
  auto bad_map = import("police", "姓名\n张三\n", true, community(),
                        "&map." + url_escape("颜色") + "=favourite_colour");
  EXPECT_EQ(bad_map.json().at("code"), "import.mapping_field");
  auto bad_tag = call("GET", "/api/v1/people?tag=unicorn", community());
  EXPECT_EQ(bad_tag.json().at("code"), "people.query");
  auto reviews = items_of(call("GET", "/api/v1/reviews?state=any&limit=5", community()));
  if (!reviews.empty()) {
    auto wrong = call(
        "POST", "/api/v1/reviews/" + std::to_string(reviews[0].at("id").as_int64()) + "/resolve",
        community(), json_text(json::object{{"action", "explode"}}));
    EXPECT_EQ(wrong.status / 100, 4);
  }
  EXPECT_EQ(call("POST", "/api/v1/imports/999999/rollback", community()).status, 404);
}

}  // namespace
}  // namespace onegrid::testing
