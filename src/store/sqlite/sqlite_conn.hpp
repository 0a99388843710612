#pragma once
// One SQLite connection with its prepared-statement cache, and the Tx that runs SQL on it.
// Used by one thread at a time (the writer thread, or the reader that leased it).

#include <sqlite3.h>

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "store/driver.hpp"

namespace onegrid::store::sqlite {

// Maps a SQLite result code (extended codes enabled) to the store's error values.
Error sqlite_error(sqlite3* db, int rc, std::string_view context = {});

class Connection {
 public:
  enum class Role { writer, reader };
  static Result<std::unique_ptr<Connection>> open(const std::string& path, Role role,
                                                  int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs SQL text without parameters through sqlite3_exec (transaction control, scripts).
  Status exec_script(const char* sql);
  // Ends any open transaction, ignoring errors (cleanup after a failure or an exception).
  void rollback_quietly();
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

  Result<Rows> query(std::string_view sql, std::span<const Value> params);
  Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params);

 private:
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    const std::vector<std::string>* columns = nullptr;
  };
  explicit Connection(sqlite3* db) : db_(db) {}
  Result<Cached*> prepare(std::string_view sql);
  Status bind(sqlite3_stmt* stmt, std::span<const Value> params);
  void clear_cache();

  sqlite3* db_;
  std::map<std::string, Cached, std::less<>> cache_;  // keyed by SQL text
};

class SqliteTx final : public ScriptTx {
 public:
  explicit SqliteTx(Connection& c) : c_(c) {}
  Driver driver() const override { return Driver::sqlite; }
  using Tx::exec;
  using Tx::query;
  Result<Rows> query(std::string_view sql, std::span<const Value> params) override {
    return c_.query(sql, params);
  }
  Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params) override {
    return c_.exec(sql, params);
  }
  Status exec_script(std::string_view script) override {
    return c_.exec_script(std::string(script).c_str());
  }

 private:
  Connection& c_;
};

}  // namespace onegrid::store::sqlite
