// Store concurrency on both drivers: group commit, failing writers among others, snapshots,
// pool exhaustion, concurrent migrations, and the engines' differing abort semantics.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "store/store.hpp"
#include "store_fixture.hpp"

namespace onegrid::store::testing {
namespace {

using namespace std::chrono_literals;

using StoreConcurrency = StoreTest;
ONEGRID_STORE_DRIVERS(StoreConcurrency);

Status insert_kv(Tx& tx, const std::string& k, std::int64_t v) {
  OG_TRY(tx.exec("INSERT INTO kv (k, v) VALUES (?, ?)", {k, v}));
  return ok_status();
}

TEST_P(StoreConcurrency, ManyConcurrentWritersAllCommit) {
  exec_ok("CREATE TABLE kv (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
  constexpr int kThreads = 8, kWrites = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        auto st = store_->write(
            [&](Tx& tx) { return insert_kv(tx, std::to_string(t) + "-" + std::to_string(i), i); });
        if (!st.ok()) {
          ++failures;
          ADD_FAILURE() << describe(st.error());
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM kv"), kThreads * kWrites);
  EXPECT_EQ(scalar("SELECT sum(v) FROM kv"), kThreads * (kWrites * (kWrites - 1) / 2));
  if (is_sqlite()) {
    const PoolStats s = store_->stats();
    EXPECT_GE(s.grouped_writes, static_cast<std::uint64_t>(kThreads * kWrites));
    EXPECT_LE(s.group_commits, s.grouped_writes);
    EXPECT_GE(s.group_commits, 1u);
  }
}

TEST_P(StoreConcurrency, FailingWriterDoesNotAffectOthersInItsGroup) {
  exec_ok("CREATE TABLE kv (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
  exec_ok("INSERT INTO kv (k, v) VALUES ('taken', 0)");
  const PoolStats before = store_->stats();

  // A first write holds the writer (SQLite: the writer thread; PostgreSQL: one connection) until
  // the others have queued up behind it, so on SQLite they all land in one group commit.
  constexpr int kOthers = 6, kFailing = 3;
  std::atomic<int> queued{0};
  std::atomic<bool> blocking{false};
  std::thread blocker([&] {
    auto st = store_->write([&](Tx& tx) -> Status {
      blocking = true;
      while (queued.load() < kOthers) std::this_thread::sleep_for(1ms);
      std::this_thread::sleep_for(300ms);  // let the last ones reach the queue
      return insert_kv(tx, "blocker", 1);
    });
    EXPECT_TRUE(st.ok()) << describe(st.error());
  });
  while (!blocking) std::this_thread::sleep_for(1ms);
  std::vector<Status> results(kOthers);
  std::vector<std::thread> others;
  for (int i = 0; i < kOthers; ++i) {
    others.emplace_back([&, i] {
      ++queued;
      results[static_cast<std::size_t>(i)] = store_->write([&](Tx& tx) -> Status {
        OG_TRY(insert_kv(tx, "w" + std::to_string(i), i));
        if (i == kFailing) OG_TRY(insert_kv(tx, "taken", 1));  // unique violation
        return ok_status();
      });
    });
  }
  blocker.join();
  for (auto& th : others) th.join();

  for (int i = 0; i < kOthers; ++i) {
    const Status& st = results[static_cast<std::size_t>(i)];
    if (i == kFailing) {
      ASSERT_FALSE(st.ok());
      EXPECT_EQ(st.error().code, "store.unique_violation");
    } else {
      EXPECT_TRUE(st.ok()) << i << ": " << describe(st.error());
    }
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM kv WHERE k LIKE 'w%'"), kOthers - 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM kv WHERE k = 'w" + std::to_string(kFailing) + "'"), 0);
  EXPECT_EQ(scalar("SELECT v FROM kv WHERE k = 'taken'"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM kv WHERE k = 'blocker'"), 1);
  if (is_sqlite()) {
    const PoolStats after = store_->stats();
    EXPECT_EQ(after.group_commits - before.group_commits, 2u);  // the blocker, then the others
    EXPECT_EQ(after.grouped_writes - before.grouped_writes,
              static_cast<std::uint64_t>(kOthers + 1));
  }
}

TEST_P(StoreConcurrency, ReadsSeeOneConsistentSnapshot) {
  exec_ok("CREATE TABLE kv (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
  exec_ok("INSERT INTO kv (k, v) VALUES ('a', 1)");
  auto st = store_->read([&](Tx& tx) -> Status {
    OG_ASSIGN(auto first, one_row(tx, "SELECT count(*), sum(v) FROM kv"));
    // Another transaction commits meanwhile.
    auto w = store_->write([](Tx& wtx) -> Status {
      OG_TRY(insert_kv(wtx, "b", 10));
      OG_TRY(wtx.exec("UPDATE kv SET v = 5 WHERE k = 'a'"));
      return ok_status();
    });
    EXPECT_TRUE(w.ok()) << describe(w.error());
    OG_ASSIGN(auto second, one_row(tx, "SELECT count(*), sum(v) FROM kv"));
    EXPECT_EQ(first.i64(0), 1);
    EXPECT_EQ(second.i64(0), 1);
    EXPECT_EQ(second.i64(1), 1);
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());
  EXPECT_EQ(scalar("SELECT count(*) FROM kv"), 2);
  EXPECT_EQ(scalar("SELECT sum(v) FROM kv"), 15);
}

TEST_P(StoreConcurrency, ExhaustedPoolMakesReadersWait) {
  StoreOptions options;
  options.readers = 2;
  options.busy_timeout_ms = 10000;
  store_ = open(options);
  ASSERT_NE(store_, nullptr);
  constexpr int kReaders = 6;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kReaders; ++i) {
    threads.emplace_back([&] {
      auto st = store_->read([](Tx& tx) -> Status {
        OG_TRY(tx.query("SELECT 1"));
        std::this_thread::sleep_for(100ms);
        return ok_status();
      });
      if (st.ok())
        ++ok;
      else
        ADD_FAILURE() << describe(st.error());
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kReaders);
  const PoolStats s = store_->stats();
  EXPECT_GE(s.waits, 1u);
  EXPECT_EQ(s.in_use, 0);
  EXPECT_EQ(s.size, 2);
}

TEST_P(StoreConcurrency, PoolWaitIsBoundedByBusyTimeout) {
  StoreOptions options;
  options.readers = 1;
  options.busy_timeout_ms = 100;
  store_ = open(options);
  ASSERT_NE(store_, nullptr);
  std::atomic<bool> holding{false}, release{false};
  std::thread holder([&] {
    auto st = store_->read([&](Tx& tx) -> Status {
      OG_TRY(tx.query("SELECT 1"));
      holding = true;
      while (!release) std::this_thread::sleep_for(1ms);
      return ok_status();
    });
    EXPECT_TRUE(st.ok());
  });
  while (!holding) std::this_thread::sleep_for(1ms);
  auto st = store_->read([](Tx&) -> Status { return ok_status(); });
  release = true;
  holder.join();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::unavailable);
  EXPECT_EQ(st.error().code, "store.pool_exhausted");
  EXPECT_TRUE(store_->read([](Tx&) -> Status { return ok_status(); }).ok());
}

TEST_P(StoreConcurrency, ConcurrentMigrationsApplyOnce) {
  auto other = open();
  ASSERT_NE(other, nullptr);
  Result<int> a = 0, b = 0;
  std::thread t1([&] { a = migrate(*store_); });
  std::thread t2([&] { b = migrate(*other); });
  t1.join();
  t2.join();
  ASSERT_TRUE(a.ok()) << describe(a.error());
  ASSERT_TRUE(b.ok()) << describe(b.error());
  const auto schema = embedded_schema();
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ(*a, schema->version);
  EXPECT_EQ(*b, schema->version);
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations"), schema->migrations);
  EXPECT_EQ(scalar("SELECT count(*) FROM org_revision"), 1);
}

// What happens when a callback ignores a failed statement and returns ok differs: SQLite undoes
// only the failed statement, PostgreSQL has aborted the whole transaction and the write fails.
TEST_P(StoreConcurrency, IgnoredStatementErrorSemanticsPerEngine) {
  exec_ok("CREATE TABLE kv (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
  exec_ok("INSERT INTO kv (k, v) VALUES ('taken', 0)");
  auto st = store_->write([](Tx& tx) -> Status {
    OG_TRY(insert_kv(tx, "first", 1));
    auto dup = insert_kv(tx, "taken", 1);
    EXPECT_FALSE(dup.ok());
    (void)insert_kv(tx, "after", 1);
    return ok_status();
  });
  if (is_sqlite()) {
    EXPECT_TRUE(st.ok());
    EXPECT_EQ(scalar("SELECT count(*) FROM kv"), 3);
  } else {
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, "store.aborted");
    EXPECT_EQ(scalar("SELECT count(*) FROM kv"), 1);
  }
}

TEST_P(StoreConcurrency, WriteInsideWriteCallback) {
  exec_ok("CREATE TABLE kv (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
  Status inner;
  auto st = store_->write([&](Tx& tx) -> Status {
    inner = store_->write([](Tx& t2) { return insert_kv(t2, "inner", 1); });
    return insert_kv(tx, "outer", 1);
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());
  if (is_sqlite()) {
    // The writer thread cannot wait on itself: refused rather than deadlocked.
    ASSERT_FALSE(inner.ok());
    EXPECT_EQ(inner.error().code, "store.nested_write");
    EXPECT_EQ(scalar("SELECT count(*) FROM kv"), 1);
  } else {
    EXPECT_TRUE(inner.ok());  // a separate transaction on another pooled connection
    EXPECT_EQ(scalar("SELECT count(*) FROM kv"), 2);
  }
}

// SQLite has no server connection to lose: this suite runs on PostgreSQL only.
using PostgresPool = StoreTest;
INSTANTIATE_TEST_SUITE_P(Drivers, PostgresPool, ::testing::Values("postgres"), driver_name);

TEST_P(PostgresPool, ReconnectsAfterTheServerDropsConnections) {
  exec_ok("CREATE TABLE kv (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
  EXPECT_EQ(scalar("SELECT count(*) FROM kv"), 0);  // the pooled connections are open now
  ASSERT_EQ(admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                  db_name_ + "'"),
            "");
  std::this_thread::sleep_for(100ms);
  exec_ok("INSERT INTO kv (k, v) VALUES ('after', 1)");
  EXPECT_EQ(scalar("SELECT count(*) FROM kv"), 1);
  EXPECT_TRUE(store_->ping().ok());
  EXPECT_GE(store_->stats().size, 1);
}

}  // namespace
}  // namespace onegrid::store::testing
