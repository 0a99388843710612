#pragma once
// One libpq connection with its prepared-statement cache, and the Tx that runs SQL on it.
// Used by one thread at a time (whoever leased it from the pool).

#include <libpq-fe.h>

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "store/driver.hpp"

namespace onegrid::store::postgres {

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// Maps a failed result (or, with res == nullptr, the connection's last error) to a store error.
Error pg_error(PGconn* conn, const PGresult* res, std::string_view context = {});

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> connect(const std::string& conninfo);
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  // Re-establishes a broken connection (session settings again, prepared statements forgotten).
  Status reset();
  PGTransactionStatusType transaction_status() const { return PQtransactionStatus(conn_); }

  // Runs SQL text without parameters (simple-query protocol; may hold several statements).
  // Returns the last statement's command tag, e.g. "COMMIT".
  Result<std::string> exec_script(const char* sql);
  void rollback_quietly();

  Result<Rows> query(std::string_view sql, std::span<const Value> params);
  Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params);

 private:
  struct Prepared {
    std::string name;
    int nparams = 0;
    const std::vector<std::string>* columns = nullptr;
  };
  explicit Connection(PGconn* conn) : conn_(conn) {}
  Status setup();
  Result<ResultPtr> run(std::string_view sql, std::span<const Value> params, Prepared** used);

  PGconn* conn_;
  std::map<std::string, Prepared, std::less<>> cache_;  // keyed by SQL text (+ blob positions)
  std::uint64_t counter_ = 0;
};

class PgTx final : public ScriptTx {
 public:
  explicit PgTx(Connection& c) : c_(c) {}
  Driver driver() const override { return Driver::postgres; }
  using Tx::exec;
  using Tx::query;
  Result<Rows> query(std::string_view sql, std::span<const Value> params) override {
    return c_.query(sql, params);
  }
  Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params) override {
    return c_.exec(sql, params);
  }
  Status exec_script(std::string_view script) override {
    OG_TRY(c_.exec_script(std::string(script).c_str()));
    return ok_status();
  }

 private:
  Connection& c_;
};

}  // namespace onegrid::store::postgres
