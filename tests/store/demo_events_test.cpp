// The demo's year of events on real stores: every path of the workflow is walked (so every page
// and KPI has something to show), the data stays consistent with the state machine, old inbox
// rows are read, and seeding twice adds nothing.

#include <map>
#include <set>

#include "audit/audit.hpp"
#include "base/clock.hpp"
#include "demo/events_seed.hpp"
#include "demo/seed.hpp"
#include "event_fixture.hpp"
#include "events/taxonomy_store.hpp"
#include "store/tx_result.hpp"

namespace onegrid::store::testing {
namespace {

class DemoEvents : public EventStoreTest {
 protected:
  std::map<std::string, std::int64_t> count_by(const std::string& sql) {
    std::map<std::string, std::int64_t> out;
    auto st = store_->read([&](Tx& tx) -> Status {
      OG_ASSIGN(auto rows, tx.query(sql));
      for (const auto& r : rows) out[r.text(0)] = r.i64(1);
      return ok_status();
    });
    EXPECT_TRUE(st) << describe(st.error());
    return out;
  }
};

TEST_P(DemoEvents, AYearWalksEveryPath) {
  const auto now = now_ms();
  auto report = demo::seed_events(*store_, 600, now);
  ASSERT_TRUE(report) << describe(report.error());
  EXPECT_EQ(report->events, 600);
  EXPECT_GT(report->transitions, 600 * 3);

  const auto actions = count_by("SELECT action, COUNT(*) FROM event_transition GROUP BY action");
  for (const char* a :
       {"report", "accept", "reject", "handle_in_grid", "resolve_in_grid", "escalate", "whistle",
        "report_in", "submit", "verify", "reopen", "rate", "overdue"})
    EXPECT_GT(actions.count(a) ? actions.at(a) : 0, 0) << "no demo transition " << a;
  const auto states = count_by("SELECT state, COUNT(*) FROM event GROUP BY state");
  EXPECT_GT(states.at("closed"), 300) << "most of a year's events are closed";
  EXPECT_GT(states.count("rejected") ? states.at("rejected") : 0, 0);
  const auto channels = count_by("SELECT channel, COUNT(*) FROM event GROUP BY channel");
  for (const char* ch : {"grid_worker", "resident", "hotline"})
    EXPECT_GT(channels.count(ch) ? channels.at(ch) : 0, 0) << ch;

  auto st = store_->read([&](Tx& tx) -> Status {
    // Consistency with the state machine: closed events have a close time and a verify or an
    // in-grid resolution; open ones none.
    OG_ASSIGN(auto bad_closed, one_row(tx,
                                       "SELECT COUNT(*) FROM event WHERE state = 'closed' "
                                       "AND closed_at IS NULL"));
    EXPECT_EQ(bad_closed.i64(0), 0);
    OG_ASSIGN(auto bad_open, one_row(tx,
                                     "SELECT COUNT(*) FROM event WHERE state NOT IN "
                                     "('closed') AND closed_at IS NOT NULL"));
    EXPECT_EQ(bad_open.i64(0), 0);
    // Every event's timeline starts with its report, at its reported_at.
    OG_ASSIGN(auto no_report,
              one_row(tx,
                      "SELECT COUNT(*) FROM event e WHERE NOT EXISTS (SELECT 1 FROM "
                      "event_transition t WHERE t.event_id = e.id AND t.action = 'report' "
                      "AND t.at = e.reported_at)"));
    EXPECT_EQ(no_report.i64(0), 0);
    // Whistled events summoned their departments; supervision happened somewhere.
    OG_ASSIGN(auto summoned, one_row(tx, "SELECT COUNT(DISTINCT event_id) FROM event_dept"));
    EXPECT_GT(summoned.i64(0), 50);
    OG_ASSIGN(auto supervised, one_row(tx, "SELECT COUNT(*) FROM supervision"));
    EXPECT_GT(supervised.i64(0), 0);
    // All of it in the past year.
    OG_ASSIGN(auto span, one_row(tx, "SELECT MIN(reported_at), MAX(reported_at) FROM event"));
    EXPECT_GE(span.i64(0), now - 366LL * 86'400'000);
    EXPECT_LE(span.i64(1), now);
    // The inboxes: notifications were written, and what is older than two days is read.
    OG_ASSIGN(auto notes, one_row(tx, "SELECT COUNT(*) FROM notification"));
    EXPECT_GT(notes.i64(0), 600);
    OG_ASSIGN(auto old_unread, one_row(tx,
                                       "SELECT COUNT(*) FROM notification WHERE read_at IS "
                                       "NULL AND created_at < ?",
                                       {now - 2 * 86'400'000LL}));
    EXPECT_EQ(old_unread.i64(0), 0);
    return ok_status();
  });
  ASSERT_TRUE(st) << describe(st.error());

  auto again = demo::seed_events(*store_, 600, now);
  ASSERT_TRUE(again) << describe(again.error());
  EXPECT_TRUE(again->already_seeded);
  EXPECT_EQ(again->events, 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, DemoEvents, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace onegrid::store::testing
