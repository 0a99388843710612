// Notifications and the live stream over HTTP on a real store: who is told of which step, the
// inbox (unread, mark read, nobody else's), and server-sent events scoped like the event list.

#include <optional>
#include <thread>

#include "integration/fixture.hpp"
#include "support/sse_client.hpp"

namespace onegrid::testing {
namespace {

using boost::json::object;
using namespace std::chrono_literals;

std::int64_t report(const std::string& who, const std::string& title,
                    std::optional<std::int64_t> grid = std::nullopt) {
  object body{{"subclass_id", subclass_id("0101")}, {"title", title}};
  if (grid) body["grid_id"] = *grid;
  auto r = call("POST", "/api/v1/events", DemoServer::get().token(who), json_text(body));
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json().at("id").as_int64() : 0;
}

// The caller's notifications about one event, newest first.
std::vector<boost::json::object> notes_about(const std::string& who, std::int64_t event_id) {
  auto r = call("GET", "/api/v1/notifications?limit=200", DemoServer::get().token(who));
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<object> out;
  for (const auto& n : items_of(r))
    if (n.at("event_id").is_int64() && n.at("event_id").as_int64() == event_id)
      out.push_back(n.as_object());
  return out;
}

bool has_kind(const std::vector<object>& notes, const std::string& kind) {
  for (const auto& n : notes)
    if (n.at("kind").as_string() == kind) return true;
  return false;
}

std::unique_ptr<SseClient> open_stream(const std::string& who, const std::string& last_id = "") {
  auto& s = DemoServer::get();
  std::map<std::string, std::string> headers{{"Authorization", "Bearer " + s.token(who)}};
  if (!last_id.empty()) headers["Last-Event-ID"] = last_id;
  auto c = std::make_unique<SseClient>("127.0.0.1", s.process().port(), "/api/v1/stream", headers);
  EXPECT_EQ(c->status(), 200);
  EXPECT_EQ(c->header("content-type").rfind("text/event-stream", 0), 0u);
  return c;
}

// The next event.changed message about `event_id` (others skipped), within 20 s.
std::optional<boost::json::value> change_of(SseClient& c, std::int64_t event_id,
                                            const std::string& action) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto m = c.next_of("event.changed", 20s);
    if (!m) return std::nullopt;
    auto v = boost::json::parse(m->data);
    if (v.at("event_id").as_int64() == event_id && v.at("action").as_string() == action) return v;
  }
  return std::nullopt;
}

TEST(Notifications, EachStepTellsTheRightPeople) {
  const auto id = report("gridworker", "通知测试：占道经营");
  ASSERT_GT(id, 0);
  // Reported: the community is told; the reporter is not told of their own report.
  EXPECT_TRUE(has_kind(notes_about("community", id), "report"));
  EXPECT_TRUE(notes_about("gridworker", id).empty());
  EXPECT_TRUE(notes_about("dept", id).empty());

  ASSERT_EQ(act("community", id, "accept").status, 200);
  EXPECT_TRUE(has_kind(notes_about("gridworker", id), "accept"));  // the reporter
  ASSERT_EQ(act("community", id, "escalate", {{"note", "需要部门处置"}}).status, 200);
  EXPECT_TRUE(has_kind(notes_about("street", id), "escalate"));
  auto& s = DemoServer::get();
  ASSERT_EQ(act("street", id, "whistle",
                {{"lead_dept_id", s.unit_id("110105-D01")},
                 {"assist_dept_ids", boost::json::array{s.unit_id("110105-D02")}}})
                .status,
            200);
  EXPECT_TRUE(has_kind(notes_about("dept", id), "whistle"));
  EXPECT_TRUE(has_kind(notes_about("dept2", id), "whistle"));
  EXPECT_FALSE(has_kind(notes_about("community", id), "whistle"));
  const auto text = notes_about("dept", id).front();
  EXPECT_NE(std::string(text.at("body").as_string()).find("通知测试：占道经营"), std::string::npos);
  EXPECT_EQ(std::string(text.at("event_code").as_string()).rfind("SJ", 0), 0u);
}

TEST(Notifications, InboxIsOwnUnreadCountAndMarkRead) {
  auto& s = DemoServer::get();
  const auto id = report("gridworker", "通知测试：已读未读");
  ASSERT_GT(id, 0);
  auto count = [&](const std::string& who) {
    auto r = call("GET", "/api/v1/notifications/unread_count", s.token(who));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("count").as_int64();
  };
  const auto before = count("community");
  ASSERT_GE(before, 1);
  auto unread = call("GET", "/api/v1/notifications?unread=true&limit=1", s.token("community"));
  ASSERT_EQ(unread.status, 200);
  ASSERT_EQ(items_of(unread).size(), 1u);
  const auto nid = std::to_string(items_of(unread).at(0).at("id").as_int64());
  EXPECT_TRUE(items_of(unread).at(0).at("read_at").is_null());
  // Another user cannot mark it, and cannot tell it exists.
  auto other = call("POST", "/api/v1/notifications/" + nid + "/read", s.token("gridworker"));
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.json().at("code"), "notification.not_found");
  EXPECT_EQ(count("community"), before);
  EXPECT_EQ(call("POST", "/api/v1/notifications/" + nid + "/read", s.token("community")).status,
            204);
  EXPECT_EQ(count("community"), before - 1);
  // Marking twice is fine.
  EXPECT_EQ(call("POST", "/api/v1/notifications/" + nid + "/read", s.token("community")).status,
            204);
  auto all = call("POST", "/api/v1/notifications/read_all", s.token("community"));
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json().at("updated").as_int64(), before - 1);
  EXPECT_EQ(count("community"), 0);
  EXPECT_EQ(call("GET", "/api/v1/notifications?unread=maybe", s.token("community")).status, 400);
  EXPECT_EQ(call("POST", "/api/v1/notifications/abc/read", s.token("community")).status, 400);
  EXPECT_EQ(call("GET", "/api/v1/notifications", "").status, 401);
}

TEST(LiveStream, NeedsALogin) {
  auto& s = DemoServer::get();
  SseClient c("127.0.0.1", s.process().port(), "/api/v1/stream", {});
  EXPECT_EQ(c.status(), 401);
}

TEST(LiveStream, InScopeChangesArriveAndOutOfScopeOnesDoNot) {
  auto& s = DemoServer::get();
  auto street = open_stream("street");
  auto community = open_stream("community");
  auto dept = open_stream("dept");
  auto resident = open_stream("resident");
  // Reported in the first grid: the street and community see it; the department and an
  // unrelated resident do not (yet).
  const auto id = report("gridworker", "实时测试：井盖缺失");
  ASSERT_GT(id, 0);
  auto seen = change_of(*street, id, "report");
  ASSERT_TRUE(seen) << "the street's stream did not get the report";
  EXPECT_EQ(seen->at("to"), "reported");
  EXPECT_EQ(seen->at("event").at("title"), "实时测试：井盖缺失");
  EXPECT_EQ(seen->at("event").at("grid_id").as_int64(), s.unit_id(kGrid1));
  ASSERT_TRUE(change_of(*community, id, "report"));
  // The community's own notification of it arrives on its stream too.
  auto note = community->next_of("notification", 20s);
  ASSERT_TRUE(note);
  EXPECT_EQ(boost::json::parse(note->data).at("event_id").as_int64(), id);

  // The whistle brings the department in: from now on its stream carries the event.
  ASSERT_EQ(act("community", id, "accept").status, 200);
  ASSERT_EQ(act("community", id, "escalate", {{"note", "需部门"}}).status, 200);
  ASSERT_EQ(
      act("street", id, "whistle",
          {{"lead_dept_id", s.unit_id("110105-D01")}, {"assist_dept_ids", boost::json::array{}}})
          .status,
      200);
  auto whistled = change_of(*dept, id, "whistle");
  ASSERT_TRUE(whistled) << "the summoned department's stream did not get the whistle";
  // Every message the department saw before the whistle was about something else: the report
  // of this event never reached it (it arrived in order, before the whistle).
  // The resident saw none of this event: a later event the resident reports arrives first.
  const auto own = report("resident", "实时测试：居民自己的事件");
  ASSERT_GT(own, 0);
  for (;;) {
    auto m = resident->next_of("event.changed", 20s);
    ASSERT_TRUE(m) << "the resident's own report did not arrive";
    auto v = boost::json::parse(m->data);
    ASSERT_NE(v.at("event_id").as_int64(), id) << "an unrelated resident saw another's event";
    if (v.at("event_id").as_int64() == own) break;
  }
}

TEST(LiveStream, ReconnectWithLastEventIdReplaysWhatWasMissed) {
  std::string last;
  std::int64_t first = 0;
  {
    auto c = open_stream("community");
    first = report("gridworker", "实时测试：断线前");
    auto m = c->next_of("event.changed", 20s);
    while (m && boost::json::parse(m->data).at("event_id").as_int64() != first)
      m = c->next_of("event.changed", 20s);
    ASSERT_TRUE(m);
    last = m->id;
  }
  // Missed while disconnected:
  const auto missed = report("gridworker", "实时测试：断线期间");
  ASSERT_GT(missed, 0);
  // Let the feed read it before the reconnect (it polls at least every second).
  std::this_thread::sleep_for(1500ms);
  auto c = open_stream("community", last);
  auto replayed = change_of(*c, missed, "report");
  ASSERT_TRUE(replayed) << "the event reported while disconnected was not replayed";
}

}  // namespace
}  // namespace onegrid::testing
