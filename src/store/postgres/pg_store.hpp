#pragma once
// The PostgreSQL store: a pool of libpq connections (opened lazily, broken ones re-established);
// reads run REPEATABLE READ, READ ONLY; writes run READ COMMITTED, committed durably.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/postgres/pg_conn.hpp"

namespace onegrid::store::postgres {

class PgStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> open(const std::string& conninfo,
                                             const StoreOptions& options);

  Driver driver() const override { return Driver::postgres; }
  Status read(const TxFn& fn) override;
  Status write(const TxFn& fn) override;
  Status ping() override;
  Status integrity_check() override;
  PoolStats stats() const override;

 private:
  PgStore(std::string conninfo, const StoreOptions& options);
  // Lends out a slot's connection, opening or re-establishing it as needed.
  Result<std::size_t> acquire();
  void release(std::size_t slot);
  Status run(const TxFn& fn, const char* begin_sql);

  std::string conninfo_;
  StoreOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> slots_;  // null: not opened yet
  std::vector<std::size_t> free_;
  std::uint64_t waits_ = 0;
};

}  // namespace onegrid::store::postgres
