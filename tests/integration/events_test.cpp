// The event loop over HTTP on a real store: taxonomy, intake from the console, H5 and the 12345
// hotline, the whole whistle path across six accounts, the in-grid path, merges, visibility,
// optimistic concurrency and the errors of illegal or forbidden steps.

#include <atomic>
#include <thread>

#include "integration/fixture.hpp"

namespace onegrid::testing {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

HttpClient::Reply report(const std::string& who, object body) {
  return call("POST", "/api/v1/events", DemoServer::get().token(who), json_text(body));
}

HttpClient::Reply get_event(const std::string& who, std::int64_t id) {
  return call("GET", "/api/v1/events/" + std::to_string(id), DemoServer::get().token(who));
}

std::string state_of(const HttpClient::Reply& r) {
  return std::string(r.json().at("state").as_string());
}

TEST(Events, DefaultTaxonomyInstalledWithDepartments) {
  auto& s = DemoServer::get();
  auto r = call("GET", "/api/v1/taxonomy", s.token("resident"));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto taxonomy = r.json();
  EXPECT_EQ(taxonomy.at("classes").as_array().size(), 6u);
  ASSERT_EQ(taxonomy.at("subclasses").as_array().size(), 28u);
  for (const auto& sc : taxonomy.at("subclasses").as_array()) {
    EXPECT_FALSE(sc.at("lead_dept_id").is_null()) << sc;
    if (sc.at("code") == "0101") {
      EXPECT_EQ(sc.at("lead_dept_id").as_int64(), s.unit_id("110105-D01"));
      EXPECT_EQ(sc.at("assist_dept_ids").as_array().at(0).as_int64(), s.unit_id("110105-D02"));
    }
  }
}

TEST(Events, TaxonomyEditsNeedPermissionAndVersion) {
  auto& s = DemoServer::get();
  object sub{{"code", "0199"},
             {"name", "测试小类"},
             {"deadlines_minutes", object{{"accept", 30}, {"handle", 600}}}};
  const auto taxonomy = call("GET", "/api/v1/taxonomy", s.token("admin")).json();
  sub["class_id"] = taxonomy.at("classes").as_array().at(0).at("id");
  EXPECT_EQ(call("POST", "/api/v1/taxonomy/subclasses", s.token("street"), json_text(sub)).status,
            403);
  auto created = call("POST", "/api/v1/taxonomy/subclasses", s.token("district"), json_text(sub));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json().at("deadlines_minutes").at("accept").as_int64(), 30);
  const auto id = std::to_string(created.json().at("id").as_int64());
  EXPECT_EQ(call("POST", "/api/v1/taxonomy/subclasses", s.token("district"), json_text(sub))
                .json()
                .at("code"),
            "taxonomy.duplicate_code");
  auto bad = sub;
  bad.erase("class_id");
  bad.erase("code");
  bad["deadlines_minutes"] = object{{"verify", 0}};
  auto r = call("PATCH", "/api/v1/taxonomy/subclasses/" + id, s.token("district"), json_text(bad),
                {{"If-Match", "\"v1\""}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().at("field"), "deadlines.verify");
  object edit{{"name", "测试小类（改）"}, {"active", false}};
  EXPECT_EQ(call("PATCH", "/api/v1/taxonomy/subclasses/" + id, s.token("district"), json_text(edit))
                .status,
            428);
  r = call("PATCH", "/api/v1/taxonomy/subclasses/" + id, s.token("district"), json_text(edit),
           {{"If-Match", "\"v1\""}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(call("PATCH", "/api/v1/taxonomy/subclasses/" + id, s.token("district"), json_text(edit),
                 {{"If-Match", "\"v1\""}})
                .status,
            412);
  auto hist = call("GET", "/api/v1/taxonomy/subclasses/" + id + "/history", s.token("admin"));
  EXPECT_EQ(items_of(hist).size(), 2u);
  // an inactive subclass takes no new events
  auto rep = report("gridworker", object{{"subclass_id", created.json().at("id")}, {"title", "x"}});
  EXPECT_EQ(rep.status, 400);
  EXPECT_EQ(rep.json().at("code"), "event.unknown_subclass");
}

TEST(Events, WholeWhistlePathAcrossSixAccounts) {
  auto& s = DemoServer::get();
  auto r = report("gridworker", object{{"subclass_id", subclass_id("0101")},
                                       {"title", "小区门口垃圾堆积"},
                                       {"description", "东门外垃圾三天未清运"},
                                       {"address", "花家地西里东门"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = r.json().at("id").as_int64();
  EXPECT_EQ(state_of(r), "reported");
  EXPECT_EQ(r.json().at("channel"), "grid_worker");
  EXPECT_EQ(r.json().at("grid_id").as_int64(), s.unit_id(kGrid1));  // the reporter's own grid
  EXPECT_EQ(r.json().at("stage"), "accept");
  EXPECT_TRUE(r.json().at("code").as_string().starts_with("SJ"));

  // the department cannot see it before it is summoned
  EXPECT_EQ(get_event("dept", id).status, 404);
  // a grid worker cannot accept; the community can
  auto no = act("gridworker", id, "accept");
  EXPECT_EQ(no.status, 403);
  EXPECT_EQ(no.json().at("code"), "event.party_forbidden");
  ASSERT_EQ(state_of(act("community", id, "accept")), "accepted");
  // escalating needs a reason; without one nothing changes
  auto bare = act("community", id, "escalate");
  EXPECT_EQ(bare.status, 400);
  EXPECT_EQ(bare.json().at("code"), "event.note_required");
  EXPECT_EQ(get_event("admin", id).json().at("version").as_int64(), 2);
  ASSERT_EQ(state_of(act("community", id, "escalate", object{{"note", "需城管、环保联合处置"}})),
            "escalated");
  // only the street whistles
  EXPECT_EQ(act("community", id, "whistle").status, 403);
  auto w = act("street", id, "whistle", object{{"note", "请城管牵头，环保配合"}});
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(state_of(w), "whistled");
  EXPECT_EQ(w.json().at("lead_dept_id").as_int64(), s.unit_id("110105-D01"));
  auto detail = get_event("dept", id);
  ASSERT_EQ(detail.status, 200) << detail.body;  // now the department sees it
  EXPECT_EQ(detail.json().at("departments").as_array().size(), 2u);
  EXPECT_EQ(detail.json().at("my_actions"), (array{"report_in"}));

  // the assisting department reports in: still waiting for the lead
  EXPECT_EQ(state_of(act("dept2", id, "report_in")), "whistled");
  auto early = act("dept", id, "submit", object{{"note", "已清理"}});
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.json().at("code"), "event.illegal_transition");
  EXPECT_EQ(state_of(act("dept", id, "report_in")), "handling");
  EXPECT_EQ(act("dept", id, "report_in").status, 409);                       // once per department
  EXPECT_EQ(act("dept2", id, "submit", object{{"note", "x"}}).status, 403);  // lead only
  ASSERT_EQ(state_of(act("dept", id, "submit", object{{"note", "已清运垃圾，设置围挡"}})),
            "submitted");
  // verification fails once, then passes
  auto re = act("gridworker", id, "reopen", object{{"note", "东侧仍有残留"}});
  ASSERT_EQ(state_of(re), "handling");
  EXPECT_EQ(re.json().at("reopen_count").as_int64(), 1);
  ASSERT_EQ(state_of(act("dept", id, "submit", object{{"note", "残留已清理"}})), "submitted");
  auto closed = act("gridworker", id, "verify", object{{"note", "现场核查已清理干净"}});
  ASSERT_EQ(state_of(closed), "closed");
  EXPECT_FALSE(closed.json().at("closed_at").is_null());
  EXPECT_TRUE(closed.json().at("stage").is_null());
  // the reporter rates once
  EXPECT_EQ(act("community", id, "rate", object{{"rating", 5}}).status, 403);
  EXPECT_EQ(act("gridworker", id, "rate", object{{"rating", 6}}).status, 400);
  auto rated = act("gridworker", id, "rate", object{{"rating", 4}, {"note", "处理及时"}});
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(rated.json().at("rating").as_int64(), 4);
  EXPECT_EQ(act("gridworker", id, "rate", object{{"rating", 5}}).status, 409);

  auto tl = call("GET", "/api/v1/events/" + std::to_string(id) + "/timeline", s.token("dept"));
  ASSERT_EQ(tl.status, 200) << tl.body;
  std::vector<std::string> steps, roles;
  for (const auto& t : items_of(tl)) {
    steps.emplace_back(t.at("action").as_string());
    roles.emplace_back(t.at("actor_role").as_string());
  }
  EXPECT_EQ(steps, (std::vector<std::string>{"report", "accept", "escalate", "whistle", "report_in",
                                             "report_in", "submit", "reopen", "submit", "verify",
                                             "rate"}));
  EXPECT_EQ(roles.at(1), "community");
  EXPECT_EQ(roles.at(3), "street");
  EXPECT_EQ(roles.at(4), "assisting_department");
  EXPECT_EQ(roles.at(5), "lead_department");
  EXPECT_EQ(roles.at(10), "reporter");
  // the audit log has the steps too
  auto audit = call("GET", "/api/v1/audit?object_type=event&object_id=" + std::to_string(id),
                    s.token("admin"));
  EXPECT_EQ(items_of(audit).size(), 11u);
}

TEST(Events, InGridPathAndResidentReport) {
  auto& s = DemoServer::get();
  auto r = report("resident", object{{"subclass_id", subclass_id("0603")},
                                     {"title", "楼道灯坏了"},
                                     {"address", "3号楼2单元"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = r.json().at("id").as_int64();
  EXPECT_EQ(r.json().at("channel"), "resident");
  EXPECT_TRUE(r.json().at("grid_id").is_null());  // no location: the community's queue
  EXPECT_EQ(r.json().at("community_id").as_int64(), s.unit_id(kCommunity1));
  // the resident sees their own events only
  auto mine = call("GET", "/api/v1/events?mine=true", s.token("resident"));
  ASSERT_EQ(mine.status, 200);
  for (const auto& e : items_of(mine)) EXPECT_EQ(e.at("reporter_name"), "王秀英");
  auto all = call("GET", "/api/v1/events?limit=500", s.token("resident"));
  for (const auto& e : items_of(all)) EXPECT_EQ(e.at("reporter_name"), "王秀英");
  ASSERT_EQ(state_of(act("community", id, "accept")), "accepted");
  ASSERT_EQ(state_of(act("community", id, "handle_in_grid")), "in_grid");
  auto done = act("community", id, "resolve_in_grid", object{{"note", "已更换灯泡"}});
  ASSERT_EQ(state_of(done), "closed");
  EXPECT_TRUE(done.json().at("resolved_in_grid").as_bool());
  // reopened by the community after a complaint: back to the grid, not to departments
  EXPECT_EQ(act("resident", id, "complain", object{{"note", "灯又坏了"}}).json().at("complaints"),
            1);
  EXPECT_EQ(state_of(act("community", id, "reopen", object{{"note", "居民投诉复发"}})), "in_grid");
}

TEST(Events, LocationPlacesTheEventOrTheNearestCommunityQueue) {
  auto& s = DemoServer::get();
  // a point far outside every grid goes to the nearest community's no-grid queue
  auto r = report("community", object{{"subclass_id", subclass_id("0203")},
                                      {"title", "路口违停"},
                                      {"location", array{116.0, 39.5}}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json().at("grid_id").is_null());
  auto nearest = call("GET", "/api/v1/org/locate?lon=116.0&lat=39.5", s.token("admin")).json();
  auto grid =
      call("GET", "/api/v1/org/units/" + std::to_string(nearest.at("grid").at("id").as_int64()),
           s.token("admin"))
          .json();
  EXPECT_EQ(r.json().at("community_id").as_int64(), grid.at("parent_id").as_int64());
  auto bad = report("community", object{{"subclass_id", subclass_id("0203")},
                                        {"title", "x"},
                                        {"location", array{200.0, 39.5}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("field"), "location");
  auto unknown = report("community", object{{"subclass_id", 999999}, {"title", "x"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.json().at("field"), "subclass_id");
  EXPECT_EQ(report("dept", object{{"subclass_id", subclass_id("0203")}, {"title", "x"}}).status,
            403);
}

TEST(Events, HotlineTicketsAreIdempotent) {
  auto& s = DemoServer::get();
  object t{{"subclass_id", subclass_id("0205")},
           {"title", "夜间施工噪声"},
           {"ticket", "12345-20261125-0042"},
           {"caller_name", "刘先生"},
           {"community_id", s.unit_id(kCommunity1)}};
  auto first = call("POST", "/api/v1/events/hotline", s.token("district"), json_text(t));
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = call("POST", "/api/v1/events/hotline", s.token("district"), json_text(t));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("id"), first.json().at("id"));
  EXPECT_EQ(first.json().at("channel"), "hotline");
  EXPECT_EQ(first.json().at("external_ref"), "12345-20261125-0042");
  EXPECT_EQ(call("POST", "/api/v1/events/hotline", s.token("street"), json_text(t)).status, 403);
  auto list =
      call("GET", "/api/v1/events?channel=hotline&q=%E5%A4%9C%E9%97%B4", s.token("community"));
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(items_of(list).size(), 1u);
  auto code = std::string(first.json().at("code").as_string());
  auto by_code = call("GET", "/api/v1/events?q=" + code, s.token("community"));
  ASSERT_EQ(items_of(by_code).size(), 1u);
  EXPECT_EQ(items_of(by_code).at(0).at("id"), first.json().at("id"));
}

TEST(Events, MergeMakesTheDuplicateReporterFollowTheOriginal) {
  auto& s = DemoServer::get();
  auto a =
      report("gridworker", object{{"subclass_id", subclass_id("0501")}, {"title", "消防通道被占"}});
  auto b =
      report("resident", object{{"subclass_id", subclass_id("0501")}, {"title", "消防通道堵了"}});
  ASSERT_EQ(a.status, 201);
  ASSERT_EQ(b.status, 201);
  const auto ida = a.json().at("id").as_int64(), idb = b.json().at("id").as_int64();
  EXPECT_EQ(get_event("resident", ida).status, 404);
  EXPECT_EQ(act("community", idb, "merge", object{{"merge_into", idb}}).status, 400);
  auto m = act("community", idb, "merge", object{{"merge_into", ida}});
  ASSERT_EQ(state_of(m), "merged");
  EXPECT_EQ(m.json().at("merged_into").as_int64(), ida);
  EXPECT_EQ(get_event("resident", ida).status, 200);  // now follows the original
  auto mine = call("GET", "/api/v1/events?mine=true", s.token("resident"));
  bool found = false;
  for (const auto& e : items_of(mine)) found = found || e.at("id").as_int64() == ida;
  EXPECT_TRUE(found);
  EXPECT_EQ(act("community", idb, "accept").status, 409);  // merged is terminal
}

TEST(Events, ConcurrentActionsOneWinsOthersGet412) {
  auto& s = DemoServer::get();
  auto r =
      report("gridworker", object{{"subclass_id", subclass_id("0102")}, {"title", "渣土堆放"}});
  ASSERT_EQ(r.status, 201);
  const auto id = std::to_string(r.json().at("id").as_int64());
  const auto etag = r.header("ETag");
  const auto token = s.token("community");
  std::atomic<int> ok{0}, stale{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      auto res =
          call("POST", "/api/v1/events/" + id + (i % 2 ? "/actions/accept" : "/actions/reject"),
               token, json_text(object{{"note", "并发测试"}}), {{"If-Match", etag}});
      if (res.status == 200)
        ++ok;
      else if (res.status == 412)
        ++stale;
      else
        ++other;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(stale.load(), 7);
  EXPECT_EQ(other.load(), 0);
  auto tl = call("GET", "/api/v1/events/" + id + "/timeline", s.token("community"));
  EXPECT_EQ(items_of(tl).size(), 2u);  // report + the one winner
}

TEST(Events, ActionErrors) {
  auto& s = DemoServer::get();
  auto r =
      report("gridworker", object{{"subclass_id", subclass_id("0104")}, {"title", "违规广告"}});
  const auto id = std::to_string(r.json().at("id").as_int64());
  auto path = "/api/v1/events/" + id + "/actions/";
  EXPECT_EQ(call("POST", path + "accept", s.token("community")).status, 428);
  EXPECT_EQ(call("POST", path + "fly", s.token("community"), "", {{"If-Match", "\"v1\""}}).status,
            404);
  auto unknown_field = call("POST", path + "accept", s.token("community"),
                            json_text(object{{"colour", "red"}}), {{"If-Match", "\"v1\""}});
  EXPECT_EQ(unknown_field.status, 400);
  EXPECT_EQ(unknown_field.json().at("code"), "json.unknown_field");
  EXPECT_EQ(
      call("POST", path + "accept", s.token("community"), "", {{"If-Match", "\"v9\""}}).status,
      412);
  // out of scope: the event does not exist for a department that was never summoned
  EXPECT_EQ(call("POST", path + "accept", s.token("dept"), "", {{"If-Match", "\"v1\""}}).status,
            404);
  EXPECT_EQ(call("GET", "/api/v1/events?state=done", s.token("community")).status, 400);
  EXPECT_EQ(call("GET", "/api/v1/events?from=yesterday", s.token("community")).status, 400);
  EXPECT_EQ(get_event("community", 0).status, 400);
  EXPECT_EQ(get_event("community", 987654321).status, 404);
  // nothing was applied by any of it
  EXPECT_EQ(get_event("admin", std::stoll(id)).json().at("version").as_int64(), 1);
}

}  // namespace
}  // namespace onegrid::testing
