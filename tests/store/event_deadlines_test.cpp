// Deadlines on real stores: the sweep flags overdue stages, supervises at the street, escalates
// to the district, supervises late departments one by one, and the monthly cards count them.
// Time is passed in explicitly, so hours of workflow run in milliseconds.

#include <map>

#include "audit/audit.hpp"
#include "demo/seed.hpp"
#include "event_fixture.hpp"
#include "events/event_store.hpp"
#include "events/supervision.hpp"
#include "events/taxonomy_store.hpp"
#include "store/tx_result.hpp"

namespace onegrid::store::testing {
namespace {

constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kT0 = 1'790'000'000'000;  // 2026-09-21, a fixed past instant

class EventDeadlines : public EventStoreTest {
 protected:
  events::Event act(const auth::Principal& who, std::int64_t id, events::Action a, std::int64_t at,
                    std::string note = "") {
    events::Event out;
    auto st = store_->write([&](Tx& tx) -> Status {
      OG_ASSIGN(auto cur, events::load_event(tx, id));
      events::ActRequest req;
      req.action = a;
      req.expected_version = cur.version;
      req.note = std::move(note);
      req.at = at;
      OG_ASSIGN(out, events::act(tx, audit::Actor::system("test"), who, id, req));
      return ok_status();
    });
    EXPECT_TRUE(st) << (st ? "" : describe(st.error()));
    return out;
  }
  events::SweepReport sweep(std::int64_t at) {
    auto r = events::sweep(*store_, at);
    EXPECT_TRUE(r) << (r ? "" : describe(r.error()));
    return r ? *r : events::SweepReport{};
  }
  std::vector<events::Supervision> open_supervisions(std::int64_t event_id) {
    events::SupervisionFilter f;
    f.event_id = event_id;
    auto r = read_result(*store_, [&](Tx& tx) {
      return events::list_supervisions(tx, {org::Scope::everything(), 0}, f);
    });
    EXPECT_TRUE(r);
    return r ? *r : std::vector<events::Supervision>{};
  }
};

TEST_P(EventDeadlines, OverdueSupervisedEscalatedAndClosedByProgress) {
  const auto grid = unit("110105-001-001-01");
  events::NewEvent in;
  in.subclass_id = subclass("0101");  // accept 120 min, report-in 120 min
  in.channel = events::Channel::grid_worker;
  in.title = "暴露垃圾";
  in.grid_id = grid.id;
  in.reported_at = kT0;
  auto filed = write_result(
      *store_, [&](Tx& tx) { return events::report(tx, audit::Actor::system("test"), in); });
  ASSERT_TRUE(filed) << describe(filed.error());
  const auto id = filed->event.id;
  EXPECT_EQ(*filed->event.stage_due_at, kT0 + 120 * kMin);

  EXPECT_EQ(sweep(kT0 + 60 * kMin).overdue, 0);
  auto first = sweep(kT0 + 121 * kMin);
  EXPECT_EQ(first.overdue, 1);
  ASSERT_EQ(first.notices.size(), 1u);
  EXPECT_EQ(first.notices[0].kind, "overdue");
  EXPECT_EQ(sweep(kT0 + 121 * kMin).overdue, 0);  // idempotent
  auto open = open_supervisions(id);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].level, "street");
  EXPECT_EQ(open[0].stage, "accept");

  // still not accepted a stage-length later: the district takes the supervision over
  auto later = sweep(kT0 + 243 * kMin);
  EXPECT_EQ(later.escalated, 1);
  open = open_supervisions(id);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].level, "district");
  EXPECT_EQ(sweep(kT0 + 500 * kMin).escalated, 0);  // a district supervision goes no higher

  // progress closes the supervision and clears the flag
  auto community = principal("community", auth::Role::community_worker, "110105-001-001");
  auto e = act(community, id, events::Action::accept, kT0 + 250 * kMin);
  EXPECT_FALSE(e.overdue);
  EXPECT_TRUE(open_supervisions(id).empty());

  // whistle: D01 leads, D02 assists; only D02 reports in on time
  auto street = principal("street", auth::Role::street_officer, "110105-001");
  e = act(street, id, events::Action::whistle, kT0 + 260 * kMin);
  ASSERT_EQ(e.state, events::State::whistled);
  auto dept2 = principal("dept2", auth::Role::department_staff, "110105-D02");
  act(dept2, id, events::Action::report_in, kT0 + 300 * kMin);
  auto late = sweep(kT0 + 381 * kMin);
  EXPECT_EQ(late.overdue, 1);       // the event's report-in stage
  EXPECT_EQ(late.dept_overdue, 1);  // supervised for D01 only
  open = open_supervisions(id);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].dept_id, unit("110105-D01").id);
  EXPECT_EQ(open[0].stage, "report_in");

  // cards for the month: D01 has one supervision; with a yellow threshold of 1 it gets yellow
  auto cards = read_result(*store_, [&](Tx& tx) {
    return events::department_cards(tx, kT0 - 30LL * 24 * 60 * kMin, kT0 + 30LL * 24 * 60 * kMin, 1,
                                    2);
  });
  ASSERT_TRUE(cards);
  std::map<std::int64_t, events::Card> by_dept;
  for (const auto& c : *cards) by_dept[c.dept_id] = c;
  EXPECT_EQ(by_dept[unit("110105-D01").id].supervisions, 1);
  EXPECT_EQ(by_dept[unit("110105-D01").id].card, "yellow");
  EXPECT_EQ(by_dept[unit("110105-D02").id].supervisions, 0);
  EXPECT_EQ(by_dept[unit("110105-D02").id].card, "");

  // the lead reports in late: its supervision closes; the timeline has the system's steps
  auto dept = principal("dept", auth::Role::department_staff, "110105-D01");
  e = act(dept, id, events::Action::report_in, kT0 + 400 * kMin);
  EXPECT_EQ(e.state, events::State::handling);
  EXPECT_TRUE(open_supervisions(id).empty());
  auto steps = read_result(*store_, [&](Tx& tx) { return events::timeline(tx, id); });
  ASSERT_TRUE(steps);
  int system_steps = 0;
  std::string trace;
  for (const auto& t : *steps) {
    system_steps += t.actor_role == "system" && t.action != "report";
    trace += t.action + "@" + std::to_string((t.at - kT0) / kMin) + " ";
  }
  SCOPED_TRACE(trace);
  EXPECT_EQ(system_steps, 4)
      << trace;  // overdue, supervise (district), overdue (stage), overdue (D01)
}

INSTANTIATE_TEST_SUITE_P(Drivers, EventDeadlines, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace onegrid::store::testing
