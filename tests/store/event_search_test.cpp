// Full-text search of events on real stores, as the SQLite writer fills its index once per
// commit (migration 0010): events filed together in one group commit are all found, one rolled
// back is not, text edits move the index, and the FTS5 index matches its content after each.

#include <algorithm>
#include <thread>
#include <vector>

#include "event_fixture.hpp"
#include "events/event_store.hpp"
#include "events/search_index.hpp"
#include "store/tx_result.hpp"

namespace onegrid::store::testing {
namespace {

class EventSearch : public EventStoreTest {
 protected:
  events::NewEvent event(const std::string& title) {
    events::NewEvent in;
    in.subclass_id = subclass("0101");
    in.channel = events::Channel::grid_worker;
    in.title = title;
    in.description = "居民反映";
    in.grid_id = unit("110105-001-001-01").id;
    return in;
  }
  std::vector<std::int64_t> found(const std::string& q) {
    events::ListFilter f;
    f.q = q;
    f.limit = 100;
    auto got = read_result(*store_, [&](Tx& tx) {
      return events::list_events(tx, events::Viewer{org::Scope::everything(), 0}, f);
    });
    EXPECT_TRUE(got) << describe(got.error());
    std::vector<std::int64_t> ids;
    if (got)
      for (const auto& e : *got) ids.push_back(e.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  // SQLite: nothing waits in the queue, and the FTS5 index agrees with the event rows.
  void expect_index_whole() {
    if (GetParam() != "sqlite") return;
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM event_fts_pending"), 0);
    auto st = store_->write([](Tx& tx) -> Status {
      OG_TRY(tx.exec("INSERT INTO event_fts (event_fts, rank) VALUES ('integrity-check', 1)"));
      return ok_status();
    });
    EXPECT_TRUE(st) << describe(st.error());
  }
};
ONEGRID_STORE_DRIVERS(EventSearch);

TEST_P(EventSearch, EventsFiledTogetherAreFoundAndARolledBackOneIsNot) {
  constexpr int kWriters = 12, kRolledBack = 5;
  std::vector<std::int64_t> ids(kWriters, 0);
  std::vector<std::thread> threads;
  std::vector<events::NewEvent> filed;
  for (int i = 0; i < kWriters; ++i)
    filed.push_back(event("夜间施工噪音扰民 " + std::to_string(i)));
  for (int i = 0; i < kWriters; ++i)
    threads.emplace_back([&, i] {
      auto st = store_->write([&](Tx& tx) -> Status {
        OG_ASSIGN(auto r, events::report(tx, audit::Actor::system("test"), filed[i]));
        ids[i] = r.event.id;
        if (i == kRolledBack) return conflict("test.rolled_back", "changed my mind");
        return ok_status();
      });
      EXPECT_EQ(st.ok(), i != kRolledBack);
    });
  for (auto& t : threads) t.join();
  std::vector<std::int64_t> kept;
  for (int i = 0; i < kWriters; ++i)
    if (i != kRolledBack) kept.push_back(ids[i]);
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(found("夜间施工"), kept);
  EXPECT_EQ(found("噪音扰民 7"), std::vector<std::int64_t>{ids[7]});
  EXPECT_TRUE(found("噪音扰民 5").empty());
  expect_index_whole();
}

TEST_P(EventSearch, TextEditsMoveTheIndexBeforeAndAfterTheCommit) {
  const auto bikes = event("共享单车乱停放"), stalls = event("占道经营摊点聚集");
  auto first = write_result(
      *store_, [&](Tx& tx) { return events::report(tx, audit::Actor::system("test"), bikes); });
  ASSERT_TRUE(first) << describe(first.error());
  const auto id = first->event.id;
  // edited after it was indexed
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    OG_TRY(tx.exec("UPDATE event SET title = ? WHERE id = ?", {"井盖缺失有隐患", id}));
    return ok_status();
  }));
  EXPECT_EQ(found("井盖缺失"), std::vector<std::int64_t>{id});
  EXPECT_TRUE(found("单车乱停").empty());
  // edited in the transaction that filed it, while it waits to be indexed
  std::int64_t second = 0;
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    OG_ASSIGN(auto r, events::report(tx, audit::Actor::system("test"), event("占道经营摊点聚集")));
    second = r.event.id;
    OG_TRY(tx.exec("UPDATE event SET title = ? WHERE id = ?", {"违规户外广告牌", second}));
    return ok_status();
  }));
  EXPECT_EQ(found("户外广告"), std::vector<std::int64_t>{second});
  EXPECT_TRUE(found("占道经营").empty());
  expect_index_whole();
  // a deleted event leaves the index (events are never deleted by the product; the trigger
  // keeps the index whole if an operator does)
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    for (const char* t : {"event_transition", "notification", "event_follower", "event_dept",
                          "event_attachment", "supervision"})
      OG_TRY(tx.exec(std::string("DELETE FROM ") + t + " WHERE event_id = ?", {second}));
    OG_TRY(tx.exec("DELETE FROM event WHERE id = ?", {second}));
    return ok_status();
  }));
  EXPECT_TRUE(found("户外广告").empty());
  expect_index_whole();
}

}  // namespace
}  // namespace onegrid::store::testing
