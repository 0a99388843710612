// Store basics on both drivers: migrations, value round trips, placeholders, rollback, errors.
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "store/store.hpp"
#include "store_fixture.hpp"

namespace onegrid::store::testing {
namespace {

using StoreBasics = StoreTest;
ONEGRID_STORE_DRIVERS(StoreBasics);

TEST_P(StoreBasics, MigrateAppliesFoundationAndIsIdempotent) {
  auto before = schema_version(*store_);
  ASSERT_TRUE(before.ok()) << describe(before.error());
  EXPECT_EQ(*before, 0);
  auto schema = embedded_schema();
  ASSERT_TRUE(schema.ok()) << describe(schema.error());
  ASSERT_GE(schema->migrations, 1);

  auto v = migrate(*store_);
  ASSERT_TRUE(v.ok()) << describe(v.error());
  EXPECT_EQ(*v, schema->version);
  EXPECT_EQ(*schema_version(*store_), schema->version);
  EXPECT_EQ(scalar("SELECT revision FROM org_revision WHERE id = 1"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM org_unit"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations"), schema->migrations);

  auto again = migrate(*store_);
  ASSERT_TRUE(again.ok()) << describe(again.error());
  EXPECT_EQ(*again, schema->version);
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations"), schema->migrations);
  auto st = store_->read([](Tx& tx) -> Status {
    OG_ASSIGN(auto row, one_row(tx,
                                "SELECT version, name, applied_at FROM schema_migrations "
                                "ORDER BY version LIMIT 1"));
    EXPECT_EQ(row.i64("version"), 1);
    EXPECT_EQ(row.text("name"), "0001_foundation.sql");
    EXPECT_GT(row.i64("applied_at"), 1'600'000'000'000);
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());
}

TEST_P(StoreBasics, MigratedSchemaAssignsIdsAndEnforcesForeignKeys) {
  ASSERT_TRUE(migrate(*store_).ok());
  std::int64_t first = 0, second = 0;
  auto st = store_->write([&](Tx& tx) -> Status {
    const char* sql =
        "INSERT INTO org_unit (kind, code, name, path, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
    OG_ASSIGN(first, tx.insert(sql, {"district", "110105", "朝阳区", "/", 1, 1}));
    OG_ASSIGN(second, tx.insert(sql, {"street", "110105-002", "三里屯街道", "/", 1, 1}));
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());
  EXPECT_GT(first, 0);
  EXPECT_GT(second, first);

  auto fk = store_->write([](Tx& tx) -> Status {
    OG_TRY(
        tx.exec("INSERT INTO users (username, display_name, org_id, password_hash,"
                " password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                {"wang", "王", 999999, "x", 1, 1, 1}));
    return ok_status();
  });
  ASSERT_FALSE(fk.ok());
  EXPECT_EQ(fk.error().kind, ErrorKind::conflict);
  EXPECT_EQ(fk.error().code, "store.constraint") << describe(fk.error());
}

TEST_P(StoreBasics, RoundTripsEveryValueType) {
  exec_ok("CREATE TABLE vals (k TEXT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, s TEXT, b " +
          blob_type() + ")");
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  const std::int64_t small = std::numeric_limits<std::int64_t>::min();
  const Blob zeros{{0, 1, 0, 255, 0, 0x5c, 0x78}};  // zero bytes, and "\x" in the middle
  struct Case {
    std::string key;
    Value i, r, s, b;
  };
  const std::vector<Case> cases = {
      {"nulls", nullptr, nullptr, nullptr, nullptr},
      {"max", big, 0.1, "一网统管：社区治理 ✓ 𠀀", zeros},
      {"min", small, -1e300, "", Blob{}},
      {"neg", -42, 1.0 / 3.0, "it's \"quoted\" ? \\x00", Blob{{0}}},
      {"tiny", 0, 5e-324, "line\nbreak\ttab", Blob{{0xff, 0xfe}}},
      {"inf", 1, std::numeric_limits<double>::infinity(), "z", Blob{{1}}},
  };
  auto st = store_->write([&](Tx& tx) -> Status {
    for (const auto& c : cases)
      OG_TRY(tx.exec("INSERT INTO vals (k, i, r, s, b) VALUES (?, ?, ?, ?, ?)",
                     {c.key, c.i, c.r, c.s, c.b}));
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());

  st = store_->read([&](Tx& tx) -> Status {
    for (const auto& c : cases) {
      OG_ASSIGN(auto row, tx.query_one("SELECT i, r, s, b FROM vals WHERE k = ?", {c.key}));
      EXPECT_TRUE(row.has_value()) << c.key;
      if (!row) continue;
      EXPECT_EQ(row->at("i"), c.i) << c.key;
      EXPECT_EQ(row->at("r"), c.r) << c.key;
      EXPECT_EQ(row->at("s"), c.s) << c.key;
      EXPECT_EQ(row->at("b"), c.b) << c.key;
      EXPECT_EQ(row->is_null(0), c.i.is_null());
    }
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());

  // An integer stored in a DOUBLE PRECISION column reads back as a double on both engines.
  st = store_->write([](Tx& tx) -> Status {
    OG_TRY(tx.exec("INSERT INTO vals (k, r) VALUES ('int-in-real', ?)", {7}));
    OG_ASSIGN(auto row, one_row(tx, "SELECT r FROM vals WHERE k = 'int-in-real'"));
    EXPECT_TRUE(row.at(0).is_real());
    EXPECT_EQ(row.f64(0), 7.0);
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());
}

TEST_P(StoreBasics, LenientAccessorsAndOptionals) {
  auto st = store_->read([](Tx& tx) -> Status {
    OG_ASSIGN(auto row, one_row(tx,
                                "SELECT CAST(? AS BIGINT) AS n, CAST(NULL AS TEXT) AS gone,"
                                " CAST(? AS TEXT) AS t",
                                {123, "456"}));
    EXPECT_EQ(row.i64("n"), 123);
    EXPECT_EQ(row.text("n"), "123");
    EXPECT_EQ(row.i64("t"), 456);  // text parsed as an integer
    EXPECT_EQ(row.opt_i64(1), std::nullopt);
    EXPECT_EQ(row.opt_text(1), std::nullopt);
    EXPECT_EQ(row.opt_text(2), "456");
    EXPECT_EQ(row.text(1), "");
    EXPECT_EQ(row.i64(1), 0);
    EXPECT_THROW(row.at("missing"), std::out_of_range);
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());
}

TEST_P(StoreBasics, PlaceholdersNextToLiteralsHoldingQuestionMarks) {
  auto st = store_->read([](Tx& tx) -> Status {
    OG_ASSIGN(auto rows,
              tx.query("SELECT 'why?' AS a, CAST(? AS TEXT) AS b, 'it''s ? here' AS c, -- really?\n"
                       " CAST(? AS TEXT) AS \"d?\", /* and ? here */ CAST(? AS BIGINT) + 1 AS e",
                       {"one", "two", 41}));
    EXPECT_EQ(rows.size(), 1u);
    const Row& r = rows[0];
    EXPECT_EQ(r.text("a"), "why?");
    EXPECT_EQ(r.text("b"), "one");
    EXPECT_EQ(r.text("c"), "it's ? here");
    EXPECT_EQ(r.text("d?"), "two");
    EXPECT_EQ(r.i64("e"), 42);
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());
}

TEST_P(StoreBasics, WrongParameterCountIsAnError) {
  auto st = store_->read([](Tx& tx) -> Status {
    OG_TRY(tx.query("SELECT CAST(? AS BIGINT)", {1, 2}));
    return ok_status();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "store.parameter_count");
}

TEST_P(StoreBasics, WriteRollsBackWhenTheCallbackFails) {
  exec_ok("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
  auto st = store_->write([](Tx& tx) -> Status {
    OG_TRY(tx.exec("INSERT INTO t (k, v) VALUES ('a', 1)"));
    OG_ASSIGN(auto n, tx.exec("UPDATE t SET v = v + 1"));
    EXPECT_EQ(n, 1);
    return conflict("test.refused", "changed my mind");
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "test.refused");
  EXPECT_EQ(st.error().kind, ErrorKind::conflict);
  EXPECT_EQ(scalar("SELECT count(*) FROM t"), 0);

  // A throwing callback propagates its exception and keeps nothing either.
  EXPECT_THROW((void)store_->write([](Tx& tx) -> Status {
    OG_TRY(tx.exec("INSERT INTO t (k, v) VALUES ('b', 1)"));
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(scalar("SELECT count(*) FROM t"), 0);
  EXPECT_THROW((void)store_->read([](Tx&) -> Status { throw std::runtime_error("boom"); }),
               std::runtime_error);

  exec_ok("INSERT INTO t (k, v) VALUES ('c', 1)");  // the store still works
  EXPECT_EQ(scalar("SELECT count(*) FROM t"), 1);
}

TEST_P(StoreBasics, BeforeCommitWorkRunsOnceAtTheEndAndCanFailTheWrite) {
  ASSERT_TRUE(migrate(*store_).ok());
  const char* upsert =
      "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
      "excluded.value";
  // the work sees everything the callback wrote, runs once per key, after the callback
  int runs = 0;
  auto st = store_->write([&](Tx& tx) -> Status {
    for (int i = 0; i < 3; ++i)
      tx.before_commit("count", [&, upsert](Tx& t) -> Status {
        ++runs;
        OG_TRY(t.exec(upsert, {"seen", "x"}));
        OG_ASSIGN(auto n, t.query("SELECT COUNT(*) FROM setting WHERE key LIKE 'bc.%'"));
        OG_TRY(t.exec(upsert, {"bc_count", std::to_string(n[0].i64(0))}));
        return ok_status();
      });
    OG_TRY(tx.exec(upsert, {"bc.1", "1"}));
    OG_TRY(tx.exec(upsert, {"bc.2", "2"}));
    EXPECT_EQ(runs, 0) << "not before the callback returns";
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM setting WHERE key = 'bc_count' AND value = '2'"), 1);

  // its failure fails the write: nothing of it is kept
  st = store_->write([&](Tx& tx) -> Status {
    OG_TRY(tx.exec(upsert, {"bc.3", "3"}));
    tx.before_commit("fail", [](Tx&) -> Status {
      return conflict("test.refused", "the end-of-transaction work refused");
    });
    return ok_status();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "test.refused");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM setting WHERE key = 'bc.3'"), 0);

  // concurrent writes (committed together by SQLite's writer): a rolled-back writer's rows are
  // gone before the work runs
  constexpr int kWriters = 8;
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i)
    threads.emplace_back([&, i] {
      auto w = store_->write([&](Tx& tx) -> Status {
        OG_TRY(tx.exec(upsert, {"g." + std::to_string(i), "1"}));
        tx.before_commit("count", [upsert](Tx& t) -> Status {
          OG_ASSIGN(auto n, t.query("SELECT COUNT(*) FROM setting WHERE key LIKE 'g.%'"));
          OG_TRY(t.exec(upsert, {"g_count", std::to_string(n[0].i64(0))}));
          return ok_status();
        });
        if (i == 3) return conflict("test.rolled_back", "rolled back");
        return ok_status();
      });
      EXPECT_EQ(w.ok(), i != 3);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM setting WHERE key LIKE 'g.%'"), kWriters - 1);
  if (GetParam() == "sqlite") {  // one writer: the last commit's work saw every row
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM setting WHERE key = 'g_count' AND value = '7'"), 1);
  } else {  // concurrent transactions: each saw its own row and those committed before it
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM setting WHERE key = 'g_count' AND CAST(value AS "
                     "BIGINT) BETWEEN 1 AND 7"),
              1);
  }
}

TEST_P(StoreBasics, ExecReportsChangedRows) {
  exec_ok("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
  auto st = store_->write([](Tx& tx) -> Status {
    for (const char* k : {"a", "b", "c"})
      OG_TRY(tx.exec("INSERT INTO t (k, v) VALUES (?, 0)", {k}));
    OG_ASSIGN(auto updated, tx.exec("UPDATE t SET v = 1 WHERE k <> ?", {"a"}));
    EXPECT_EQ(updated, 2);
    OG_ASSIGN(auto none, tx.exec("UPDATE t SET v = 1 WHERE k = 'zzz'"));
    EXPECT_EQ(none, 0);
    OG_ASSIGN(auto selected, tx.exec("SELECT * FROM t"));
    EXPECT_EQ(selected, 0);
    OG_ASSIGN(auto ddl, tx.exec("CREATE INDEX t_v ON t(v)"));
    EXPECT_EQ(ddl, 0);
    OG_ASSIGN(auto deleted, tx.exec("DELETE FROM t"));
    EXPECT_EQ(deleted, 3);
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());
}

TEST_P(StoreBasics, UniqueViolationIsAConflict) {
  exec_ok("CREATE TABLE t (k TEXT PRIMARY KEY, u TEXT UNIQUE, v BIGINT NOT NULL)");
  exec_ok("INSERT INTO t (k, u, v) VALUES ('a', 'x', 1)");
  for (const char* sql : {"INSERT INTO t (k, u, v) VALUES ('a', 'y', 1)",
                          "INSERT INTO t (k, u, v) VALUES ('b', 'x', 1)"}) {
    auto st = store_->write([&](Tx& tx) -> Status {
      OG_TRY(tx.exec(sql));
      return ok_status();
    });
    ASSERT_FALSE(st.ok()) << sql;
    EXPECT_EQ(st.error().kind, ErrorKind::conflict);
    EXPECT_EQ(st.error().code, "store.unique_violation") << describe(st.error());
  }
  auto not_null = store_->write([](Tx& tx) -> Status {
    OG_TRY(tx.exec("INSERT INTO t (k, u, v) VALUES ('c', 'z', ?)", {nullptr}));
    return ok_status();
  });
  ASSERT_FALSE(not_null.ok());
  EXPECT_EQ(not_null.error().kind, ErrorKind::conflict);
  EXPECT_EQ(not_null.error().code, "store.constraint") << describe(not_null.error());

  // INSERT … ON CONFLICT DO NOTHING RETURNING: no row, no id.
  auto ins = store_->write([](Tx& tx) -> Status {
    OG_TRY(
        tx.insert("INSERT INTO t (k, u, v) VALUES ('a', 'q', 1) ON CONFLICT (k) DO NOTHING"
                  " RETURNING v",
                  {}));
    return ok_status();
  });
  ASSERT_FALSE(ins.ok());
  EXPECT_EQ(ins.error().code, "store.not_inserted");
  EXPECT_EQ(scalar("SELECT count(*) FROM t"), 1);
}

TEST_P(StoreBasics, AuditLogIsAppendOnly) {
  ASSERT_TRUE(migrate(*store_).ok());
  exec_ok("INSERT INTO audit_log (at, action, summary) VALUES (1, 'org.create', '{}')");
  auto st = store_->write([](Tx& tx) -> Status {
    OG_TRY(tx.exec("UPDATE audit_log SET action = 'org.forged'"));
    return ok_status();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::conflict);
  EXPECT_EQ(st.error().code, "store.constraint");
  EXPECT_NE(st.error().message.find("append-only"), std::string::npos) << st.error().message;
  auto st2 = store_->read([](Tx& tx) -> Status {
    OG_ASSIGN(auto row, one_row(tx, "SELECT action FROM audit_log"));
    EXPECT_EQ(row.text(0), "org.create");
    return ok_status();
  });
  ASSERT_TRUE(st2.ok());
  exec_ok("DELETE FROM audit_log WHERE at < 2");  // the retention purge may delete
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log"), 0);
}

TEST_P(StoreBasics, ReadTransactionsAreReadOnly) {
  exec_ok("CREATE TABLE t (k TEXT PRIMARY KEY)");
  auto st = store_->read([](Tx& tx) -> Status {
    OG_TRY(tx.exec("INSERT INTO t (k) VALUES ('a')"));
    return ok_status();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(scalar("SELECT count(*) FROM t"), 0);
}

TEST_P(StoreBasics, IntegrityCheckAndPing) {
  ASSERT_TRUE(migrate(*store_).ok());
  auto ic = store_->integrity_check();
  EXPECT_TRUE(ic.ok()) << describe(ic.error());
  auto p = store_->ping();
  EXPECT_TRUE(p.ok()) << describe(p.error());
  EXPECT_EQ(store_->driver(), is_sqlite() ? Driver::sqlite : Driver::postgres);
}

TEST_P(StoreBasics, CommittedWriteSurvivesReopening) {
  ASSERT_TRUE(migrate(*store_).ok());
  exec_ok("INSERT INTO setting (key, value) VALUES ('durable', '持久')");
  store_.reset();
  store_ = open();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(*schema_version(*store_), embedded_schema()->version);
  auto st = store_->read([](Tx& tx) -> Status {
    OG_ASSIGN(auto row, tx.query_one("SELECT value FROM setting WHERE key = ?", {"durable"}));
    EXPECT_TRUE(row.has_value());
    if (row) {
      EXPECT_EQ(row->text("value"), "持久");
    }
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());
}

TEST_P(StoreBasics, RowsKeepColumnNamesWhenMovedAround) {
  exec_ok("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
  exec_ok("INSERT INTO t (k, v) VALUES ('a', 1), ('b', 2)");
  Rows kept;
  std::optional<Row> one;
  auto st = store_->read([&](Tx& tx) -> Status {
    OG_ASSIGN(kept, tx.query("SELECT k, v FROM t ORDER BY k"));
    OG_ASSIGN(one, tx.query_one("SELECT v AS value, k FROM t WHERE k = 'b'"));
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << describe(st.error());
  Rows moved = std::move(kept);
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(moved.columns, (std::vector<std::string>{"k", "v"}));
  EXPECT_EQ(moved[1].text("k"), "b");
  EXPECT_EQ(moved[1].i64("v"), 2);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->i64("value"), 2);
  EXPECT_EQ(one->text("k"), "b");
}

}  // namespace
}  // namespace onegrid::store::testing
