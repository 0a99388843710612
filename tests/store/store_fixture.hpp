#pragma once
// Store test fixture, parameterised by driver ("sqlite", "postgres"): every test gets a fresh
// SQLite file in its own temp directory, or a fresh PostgreSQL database created on the server
// named by ONEGRID_TEST_PG_URL (dropped afterwards). Header-only: each *_test.cpp includes it.

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "store/store.hpp"

namespace onegrid::store::testing {

inline std::string random_suffix() {
  std::random_device rd;
  std::mt19937_64 gen(rd());
  const char* hex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 12; ++i) s += hex[gen() % 16];
  return s;
}

// The same PostgreSQL URL with another database name.
inline std::string with_database(const std::string& url, const std::string& db) {
  const auto scheme_end = url.find("://");
  const auto path = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (path == std::string::npos) {
    const auto query = url.find('?');
    if (query == std::string::npos) return url + "/" + db;
    return url.substr(0, query) + "/" + db + url.substr(query);
  }
  const auto query = url.find('?', path);
  return url.substr(0, path + 1) + db + (query == std::string::npos ? "" : url.substr(query));
}

// Runs one statement on a plain libpq connection; returns an error message or "".
inline std::string pg_admin(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  std::string err;
  if (PQstatus(c) != CONNECTION_OK) {
    err = PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    const auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) err = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(c);
  return err;
}

inline std::string describe(const Error& e) {
  return e.code + ": " + e.message;
}

// query_one for a row that must exist, as a Result so test callbacks can OG_ASSIGN it.
inline Result<Row> one_row(Tx& tx, std::string_view sql, std::initializer_list<Value> params = {}) {
  OG_ASSIGN(auto row, tx.query_one(sql, params));
  if (!row) return internal_error("test.no_row", "no row from: " + std::string(sql));
  return std::move(*row);
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / ("onegrid_store_" + random_suffix());
      std::filesystem::create_directories(dir_);
      url_ = "sqlite://" + (dir_ / "test.db").string();  // absolute path: sqlite:///tmp/…
    } else {
      const char* base = std::getenv("ONEGRID_TEST_PG_URL");
      ASSERT_TRUE(base != nullptr && *base != '\0')
          << "ONEGRID_TEST_PG_URL is not set: the PostgreSQL store tests need a server. Start "
             "one with `D=$(mktemp -d); chown postgres \"$D\"; export ONEGRID_TEST_PG_URL=$("
             "scripts/pg-temp.sh start \"$D\")` (make test does this for you).";
      admin_url_ = base;
      db_name_ = "t_" + random_suffix();
      const std::string err = pg_admin(admin_url_, "CREATE DATABASE " + db_name_);
      ASSERT_EQ(err, "") << "cannot create the test database on " << admin_url_;
      url_ = with_database(admin_url_, db_name_);
    }
    store_ = open();
    ASSERT_NE(store_, nullptr);
  }

  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
    if (!db_name_.empty()) {
      EXPECT_EQ(pg_admin(admin_url_, "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)"), "");
    }
  }

  bool is_sqlite() const { return GetParam() == "sqlite"; }
  std::string blob_type() const { return is_sqlite() ? "BLOB" : "BYTEA"; }

  // Another store on this test's database (reopening, a second "process").
  std::unique_ptr<Store> open(const StoreOptions& options = {}) {
    auto s = open_store(url_, options);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : describe(s.error()));
    if (!s.ok()) return nullptr;
    return std::move(s).value();
  }

  // Runs DDL/DML in one write transaction and expects it to succeed.
  void exec_ok(const std::string& sql) {
    auto st = store_->write([&](Tx& tx) -> Status {
      OG_TRY(tx.exec(sql));
      return ok_status();
    });
    ASSERT_TRUE(st.ok()) << describe(st.error()) << "\n" << sql;
  }

  // One integer from a one-row query.
  std::int64_t scalar(const std::string& sql, Store* store = nullptr) {
    std::int64_t v = -1;
    auto st = (store ? store : store_.get())->read([&](Tx& tx) -> Status {
      OG_ASSIGN(auto row, tx.query_one(sql));
      if (row) v = row->i64(0);
      return ok_status();
    });
    EXPECT_TRUE(st.ok()) << describe(st.error());
    return v;
  }

  // PostgreSQL: runs a statement on the server's maintenance database; returns "" or the error.
  std::string admin(const std::string& sql) { return pg_admin(admin_url_, sql); }

  std::unique_ptr<Store> store_;
  std::string url_;
  std::string db_name_;  // PostgreSQL: this test's database

 private:
  std::filesystem::path dir_;
  std::string admin_url_;
};

inline std::string driver_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace onegrid::store::testing

// Instantiates a StoreTest-derived suite for both drivers.
#define ONEGRID_STORE_DRIVERS(suite)                                                \
  INSTANTIATE_TEST_SUITE_P(Drivers, suite, ::testing::Values("sqlite", "postgres"), \
                           ::onegrid::store::testing::driver_name)
