// KPIs over HTTP on a real store: the shapes of /api/v1/kpis, /kpis/series and /kpis/breakdown,
// their 400s, and scope — a community worker sees only their community, department staff only
// their department's row, while the district sees every community.

#include <chrono>
#include <cstdio>

#include "integration/fixture.hpp"

namespace onegrid::testing {
namespace {

using boost::json::object;
using boost::json::value;

std::int64_t report(const std::string& who, object body) {
  body["subclass_id"] = subclass_id("0101");
  body["title"] = "KPI 测试事件";
  auto r = call("POST", "/api/v1/events", DemoServer::get().token(who), json_text(body));
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json().at("id").as_int64() : 0;
}

// Events for the KPIs, once per test program: one resolved in community 1's grid, one whistled
// there (D01 leads and reports in), one in the far community.
void ensure_events() {
  static bool done = false;
  if (done) return;
  done = true;
  auto in_grid = report("gridworker", {});
  ASSERT_EQ(act("community", in_grid, "accept").status, 200);
  ASSERT_EQ(act("community", in_grid, "handle_in_grid").status, 200);
  ASSERT_EQ(act("community", in_grid, "resolve_in_grid", object{{"note", "已清理"}}).status, 200);
  auto whistled = report("gridworker", {});
  ASSERT_EQ(act("community", whistled, "accept").status, 200);
  ASSERT_EQ(act("street", whistled, "whistle").status, 200);
  ASSERT_EQ(act("dept", whistled, "report_in").status, 200);
  report("admin", object{{"grid_id", DemoServer::get().unit_id(kFarGrid)}});
}

HttpClient::Reply kpis(const std::string& who, const std::string& query) {
  return call("GET", "/api/v1/kpis" + query, DemoServer::get().token(who));
}

// The row of org unit `id` in a KPI reply, or null.
value row_of(const value& reply, std::int64_t id) {
  for (const auto& item : reply.at("items").as_array())
    if (item.at("org_id").as_int64() == id) return item;
  return nullptr;
}

void expect_figures(const value& v) {
  for (const char* k :
       {"reported", "accepted", "rejected", "resolved_in_grid", "whistled", "report_ins",
        "report_ins_on_time", "closed", "closed_on_time", "reopened", "rated", "complaints"})
    EXPECT_TRUE(v.at(k).is_int64()) << k << " in " << v;
  for (const char* k : {"resolved_in_grid_rate", "on_time_report_in_rate", "on_time_close_rate",
                        "reopen_rate", "satisfied_rate"}) {
    const auto& r = v.at(k);
    EXPECT_TRUE(r.is_null() || (r.is_double() && r.as_double() >= 0 && r.as_double() <= 1))
        << k << " = " << r;
  }
  for (const char* k : {"mean", "median", "p90"})
    EXPECT_TRUE(v.at("handling_hours").at(k).is_null() || v.at("handling_hours").at(k).is_number())
        << k;
  EXPECT_TRUE(v.at("satisfaction").is_null() || v.at("satisfaction").is_number());
  EXPECT_TRUE(v.at("population").is_null() || v.at("population").is_int64());
  EXPECT_TRUE(v.at("complaints_per_1000").is_null() || v.at("complaints_per_1000").is_number());
}

TEST(Kpi, TableShapeAndTheDistrictSeesEveryCommunity) {
  ensure_events();
  auto& s = DemoServer::get();
  auto r = kpis("district", "?group=community");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = r.json();
  EXPECT_EQ(j.at("group"), "community");
  EXPECT_EQ(j.at("from").as_string().size(), 10u);
  EXPECT_EQ(j.at("to").as_string().size(), 10u);
  ASSERT_EQ(j.at("items").as_array().size(), 9u);  // the demo's nine communities
  for (const auto& item : j.at("items").as_array()) {
    expect_figures(item);
    EXPECT_TRUE(item.at("org_code").is_string());
    EXPECT_TRUE(item.at("org_name").is_string());
    EXPECT_TRUE(item.at("population").is_int64()) << item;  // the demo seeds every community
  }
  expect_figures(j.at("total"));
  const auto c1 = row_of(j, s.unit_id(kCommunity1));
  ASSERT_TRUE(c1.is_object());
  EXPECT_GE(c1.at("reported").as_int64(), 2);
  EXPECT_GE(c1.at("closed").as_int64(), 1);
  EXPECT_GE(c1.at("resolved_in_grid").as_int64(), 1);
  EXPECT_GE(c1.at("whistled").as_int64(), 1);
  EXPECT_FALSE(c1.at("handling_hours").at("mean").is_null());
  EXPECT_GE(row_of(j, s.unit_id(kFarCommunity)).at("reported").as_int64(), 1);
  // the total is the sum of the communities (every event lies in one)
  std::int64_t sum = 0;
  for (const auto& item : j.at("items").as_array()) sum += item.at("reported").as_int64();
  EXPECT_EQ(j.at("total").at("reported").as_int64(), sum);

  // streets sum their communities' residents; grids under a parent
  auto streets = kpis("district", "?group=street").json();
  EXPECT_EQ(streets.at("items").as_array().size(), 3u);
  auto grids =
      kpis("district", "?group=grid&parent_id=" + std::to_string(s.unit_id(kCommunity1))).json();
  ASSERT_FALSE(grids.at("items").as_array().empty());
  for (const auto& g : grids.at("items").as_array())
    EXPECT_TRUE(g.at("org_code").as_string().starts_with(kCommunity1)) << g;
  EXPECT_GE(row_of(grids, s.unit_id(kGrid1)).at("reported").as_int64(), 2);
}

TEST(Kpi, CommunityWorkerSeesOnlyTheirCommunity) {
  ensure_events();
  auto& s = DemoServer::get();
  auto mine = kpis("community", "?group=community");
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto j = mine.json();
  ASSERT_EQ(j.at("items").as_array().size(), 1u);
  EXPECT_EQ(j.at("items").as_array()[0].at("org_id").as_int64(), s.unit_id(kCommunity1));
  const auto all = kpis("district", "?group=community").json();
  EXPECT_EQ(j.at("total").at("reported"), row_of(all, s.unit_id(kCommunity1)).at("reported"));
  EXPECT_LT(j.at("total").at("reported").as_int64(), all.at("total").at("reported").as_int64());
  // no street row (the street is above the scope), and the far community's grids are not there
  EXPECT_TRUE(kpis("community", "?group=street").json().at("items").as_array().empty());
  EXPECT_TRUE(row_of(kpis("community", "?group=grid").json(), s.unit_id(kFarGrid)).is_null());
  // series and breakdown count the same events
  auto series = call("GET", "/api/v1/kpis/series?interval=month", s.token("community"));
  ASSERT_EQ(series.status, 200) << series.body;
  std::int64_t reported = 0;
  for (const auto& p : items_of(series)) reported += p.at("reported").as_int64();
  auto year = kpis("community",
                   "?group=community&from=" + std::string(series.json().at("from").as_string()));
  EXPECT_EQ(reported, year.json().at("total").at("reported").as_int64());
}

TEST(Kpi, DepartmentStaffSeeTheirDepartment) {
  ensure_events();
  auto& s = DemoServer::get();
  auto r = kpis("dept", "?group=department");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = r.json();
  ASSERT_EQ(j.at("items").as_array().size(), 1u) << j;
  const auto& d01 = j.at("items").as_array()[0];
  EXPECT_EQ(d01.at("org_id").as_int64(), s.unit_id("110105-D01"));
  EXPECT_GE(d01.at("summoned").as_int64(), 1);
  EXPECT_GE(d01.at("report_ins").as_int64(), 1);
  EXPECT_GE(d01.at("summoned_lead").as_int64(), 1);
  expect_figures(d01);
  // no geographic rows for a department
  EXPECT_TRUE(kpis("dept", "?group=community").json().at("items").as_array().empty());
  // the district sees every department that was summoned, D02 among them
  auto all = kpis("district", "?group=department").json();
  EXPECT_TRUE(row_of(all, s.unit_id("110105-D02")).is_object());
  EXPECT_GE(all.at("items").as_array().size(), 10u);
}

TEST(Kpi, SeriesAndBreakdownShapes) {
  ensure_events();
  auto& s = DemoServer::get();
  auto days = call("GET", "/api/v1/kpis/series", s.token("district"));
  ASSERT_EQ(days.status, 200) << days.body;
  EXPECT_EQ(days.json().at("interval"), "day");
  const auto points = items_of(days);
  ASSERT_EQ(points.size(), 30u);  // the last 30 days, zeros included
  for (const auto& p : points) {
    EXPECT_EQ(p.at("period").as_string().size(), 10u);
    for (const char* k : {"reported", "closed", "overdue"}) EXPECT_TRUE(p.at(k).is_int64()) << k;
  }
  EXPECT_GE(points.back().at("reported").as_int64(), 3);  // today's events

  auto fixed = call("GET", "/api/v1/kpis/series?interval=month&from=2026-01-15&to=2026-03-02",
                    s.token("district"));
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  const auto months = items_of(fixed);
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0].at("period"), "2026-01");
  EXPECT_EQ(months[2].at("period"), "2026-03");

  auto by_channel = call("GET", "/api/v1/kpis/breakdown?by=channel", s.token("district"));
  ASSERT_EQ(by_channel.status, 200) << by_channel.body;
  EXPECT_EQ(by_channel.json().at("by"), "channel");
  std::int64_t sum = 0;
  bool grid_worker = false;
  for (const auto& i : items_of(by_channel)) {
    sum += i.at("count").as_int64();
    if (i.at("key") == "grid_worker") {
      grid_worker = true;
      EXPECT_EQ(i.at("name"), "网格员上报");
      EXPECT_GE(i.at("count").as_int64(), 2);
    }
  }
  EXPECT_TRUE(grid_worker);
  EXPECT_EQ(sum, kpis("district", "?group=street").json().at("total").at("reported").as_int64());
  for (const char* by : {"class", "state"}) {
    auto b = call("GET", std::string("/api/v1/kpis/breakdown?by=") + by, s.token("street"));
    ASSERT_EQ(b.status, 200) << b.body;
    for (const auto& i : items_of(b)) EXPECT_FALSE(i.at("name").as_string().empty());
  }
  // a department's events: the ones it was summoned to
  auto dept = call(
      "GET", "/api/v1/kpis/breakdown?by=state&org_id=" + std::to_string(s.unit_id("110105-D01")),
      s.token("district"));
  ASSERT_EQ(dept.status, 200) << dept.body;
  std::int64_t summoned = 0;
  for (const auto& i : items_of(dept)) summoned += i.at("count").as_int64();
  EXPECT_GE(summoned, 1);
}

TEST(Kpi, CommandLineRebuildsTheRollupToTheSameFigures) {
  ensure_events();
  auto& srv = DemoServer::get().process();
  const std::vector<std::string> store{"--store",      srv.store_url(), "--data-dir",
                                       srv.data_dir(), "--log-level",   "warn"};
  // the demo's year of events, and then some
  const auto since = std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) -
      std::chrono::days{400}};
  char from[16];
  std::snprintf(from, sizeof from, "%04d-%02u-%02u", static_cast<int>(since.year()),
                static_cast<unsigned>(since.month()), static_cast<unsigned>(since.day()));
  const std::string query = std::string("?group=department&from=") + from;
  auto before = kpis("district", query);
  ASSERT_EQ(before.status, 200) << before.body;
  std::string out;
  std::vector<std::string> args{"kpi-rollup", "--full"};
  args.insert(args.end(), store.begin(), store.end());
  ASSERT_EQ(run_onegrid(args, out), 0) << out;
  EXPECT_NE(out.find("days rebuilt (whole)"), std::string::npos) << out;
  EXPECT_EQ(out.find(" 0 days"), std::string::npos) << out;  // the demo's year of days
  auto after = kpis("district", query);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.json().at("items"), before.json().at("items"));
  EXPECT_GT(after.json().at("total").at("summoned").as_int64(), 0);
  // with nothing new, a refresh rebuilds nothing
  args.erase(args.begin() + 1);
  ASSERT_EQ(run_onegrid(args, out), 0) << out;
  EXPECT_NE(out.find("KPI rollup: "), std::string::npos) << out;
  EXPECT_EQ(out.find("(whole)"), std::string::npos) << out;
}

// A community's residents for "complaints per 1,000": the figure an administrator records on
// the org unit, else the register's residents of that community.
TEST(Kpi, PopulationIsRecordedOrTheRegistersResidents) {
  ensure_events();
  auto& s = DemoServer::get();
  const auto& admin = s.token("admin");
  const auto id = s.unit_id(kCommunity1);
  const std::string url = "/api/v1/org/units/" + std::to_string(id);
  const auto before = call("GET", url, admin).json();
  const auto recorded = before.at("population");
  ASSERT_TRUE(recorded.is_int64()) << before;  // the demo records every community's figure
  auto version = [&] {
    return "\"v" + std::to_string(call("GET", url, admin).json().at("version").as_int64()) + "\"";
  };
  auto patch = [&](const std::string& body) {
    return call("PATCH", url, admin, body, {{"If-Match", version()}});
  };
  // bad figures: stable codes, nothing changed
  auto negative = patch(R"({"population":-5})");
  EXPECT_EQ(negative.status, 400);
  EXPECT_EQ(negative.json().at("code"), "org.invalid_population");
  EXPECT_EQ(negative.json().at("field"), "population");
  auto text = patch(R"({"population":"很多"})");
  EXPECT_EQ(text.status, 400) << text.body;
  const std::string grid_url = "/api/v1/org/units/" + std::to_string(s.unit_id(kGrid1));
  const auto grid_version =
      "\"v" + std::to_string(call("GET", grid_url, admin).json().at("version").as_int64()) + "\"";
  auto on_grid =
      call("PATCH", grid_url, admin, R"({"population":100})", {{"If-Match", grid_version}});
  EXPECT_EQ(on_grid.status, 400);
  EXPECT_EQ(on_grid.json().at("code"), "org.population_not_allowed");
  EXPECT_EQ(call("GET", url, admin).json().at("population"), recorded);
  EXPECT_EQ(call("GET", url, admin).json().at("version"), before.at("version"));

  auto row = [&] { return row_of(kpis("district", "?group=community").json(), id); };
  ASSERT_EQ(patch(R"({"population":12345})").status, 200);
  EXPECT_EQ(row().at("population").as_int64(), 12345);
  EXPECT_EQ(row().at("population_source"), "recorded");
  // cleared: the register's residents of the community
  auto cleared = patch(R"({"population":null})");
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(cleared.json().at("population").is_null());
  std::int64_t residents = 0;
  const auto stats = call("GET", "/api/v1/register/stats?by=community", admin).json();
  for (const auto& g : stats.at("items").as_array())
    if (!g.at("id").is_null() && g.at("id").as_int64() == id)
      residents = g.at("residents").as_int64();
  ASSERT_GT(residents, 0) << "the demo register places residents in community 1";
  EXPECT_EQ(row().at("population").as_int64(), residents);
  EXPECT_EQ(row().at("population_source"), "register");
  // the demo seed, run again over the store, leaves the cleared figure cleared
  auto& srv = s.process();
  std::string out;
  ASSERT_EQ(run_onegrid({"seed-demo", "--events", "0", "--persons", "0", "--store", srv.store_url(),
                         "--data-dir", srv.data_dir(), "--log-level", "warn"},
                        out),
            0)
      << out;
  EXPECT_NE(out.find("already holds an org tree"), std::string::npos) << out;
  EXPECT_TRUE(call("GET", url, admin).json().at("population").is_null());
  // a street over both kinds of figure says so
  auto streets = kpis("district", "?group=street").json();
  EXPECT_EQ(row_of(streets, s.unit_id(kStreet1)).at("population_source"), "mixed");
  EXPECT_EQ(streets.at("total").at("population_source"), "mixed");
  // the history keeps each figure
  auto history = call("GET", url + "/history", admin).json().at("items").as_array();
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(history[history.size() - 2].at("snapshot").at("population").as_int64(), 12345);
  // put the demo's figure back for the other tests
  ASSERT_EQ(patch(json_text(object{{"population", recorded}})).status, 200);
}

TEST(Kpi, BadQueriesAre400WithTheField) {
  struct Case {
    std::string target, field;
  };
  const std::vector<Case> cases{
      {"/api/v1/kpis?group=planet", "group"},
      {"/api/v1/kpis?from=2026-13-01", "from"},
      {"/api/v1/kpis?from=2026-02-30", "from"},
      {"/api/v1/kpis?to=yesterday", "to"},
      {"/api/v1/kpis?from=2026-11-02&to=2026-11-01", "from"},
      {"/api/v1/kpis?parent_id=abc", "parent_id"},
      {"/api/v1/kpis?parent_id=99999999", "parent_id"},
      {"/api/v1/kpis/series?interval=week", "interval"},
      {"/api/v1/kpis/series?from=2020-01-01&to=2026-01-01", "from"},
      {"/api/v1/kpis/series?org_id=99999999", "org_id"},
      {"/api/v1/kpis/breakdown?by=weather", "by"},
      {"/api/v1/kpis/breakdown?from=2026-1-1", "from"},
  };
  for (const auto& c : cases) {
    auto r = call("GET", c.target, DemoServer::get().token("district"));
    EXPECT_EQ(r.status, 400) << c.target << " " << r.body;
    if (r.status != 400) continue;
    EXPECT_EQ(r.json().at("code"), "query.invalid") << c.target;
    EXPECT_EQ(r.json().at("field"), value(c.field)) << c.target;
  }
}

TEST(Kpi, NeedsEventRead) {
  EXPECT_EQ(call("GET", "/api/v1/kpis", "").status, 401);
  EXPECT_EQ(call("GET", "/api/v1/kpis", DemoServer::get().token("resident")).status, 403);
  EXPECT_EQ(call("GET", "/api/v1/kpis/series", DemoServer::get().token("partner")).status, 403);
}

}  // namespace
}  // namespace onegrid::testing
