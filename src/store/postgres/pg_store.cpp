// PostgreSQL store: connection pool and transaction handling.
#include "store/postgres/pg_store.hpp"

#include <chrono>

namespace onegrid::store::postgres {

PgStore::PgStore(std::string conninfo, const StoreOptions& options)
    : conninfo_(std::move(conninfo)), options_(options) {
  slots_.resize(static_cast<std::size_t>(options.readers));
  for (std::size_t i = slots_.size(); i > 0; --i) free_.push_back(i - 1);
}

Result<std::unique_ptr<Store>> PgStore::open(const std::string& conninfo,
                                             const StoreOptions& options) {
  std::unique_ptr<PgStore> s(new PgStore(conninfo, options));
  // Connect once now, so a wrong URL or a server that is down fails at startup.
  OG_ASSIGN(s->slots_[0], Connection::connect(conninfo));
  return std::unique_ptr<Store>(std::move(s));
}

Result<std::size_t> PgStore::acquire() {
  std::size_t slot = 0;
  {
    std::unique_lock lock(mu_);
    if (free_.empty()) {
      ++waits_;
      const auto timeout = std::chrono::milliseconds(options_.busy_timeout_ms);
      if (!cv_.wait_for(lock, timeout, [&] { return !free_.empty(); }))
        return unavailable_error("store.pool_exhausted",
                                 "no PostgreSQL connection became free within " +
                                     std::to_string(options_.busy_timeout_ms) + " ms");
    }
    slot = free_.back();
    free_.pop_back();
  }
  // Only this thread touches the slot until release(); connect outside the lock.
  Connection* conn = slots_[slot].get();
  Status st;
  if (conn == nullptr) {
    auto c = Connection::connect(conninfo_);
    if (c) {
      std::lock_guard lock(mu_);  // stats() counts the opened slots
      slots_[slot] = std::move(c).value();
    } else {
      st = std::move(c).error();
    }
  } else if (!conn->healthy()) {
    st = conn->reset();
  }
  if (!st) {
    release(slot);
    return std::move(st).error();
  }
  return slot;
}

void PgStore::release(std::size_t slot) {
  {
    std::lock_guard lock(mu_);
    free_.push_back(slot);
  }
  cv_.notify_one();
}

Status PgStore::run(const TxFn& fn, const char* begin_sql) {
  OG_ASSIGN(const std::size_t slot, acquire());
  Connection& c = *slots_[slot];
  struct Lease {
    PgStore* store;
    Connection& c;
    std::size_t slot;
    ~Lease() {
      c.rollback_quietly();
      store->release(slot);
    }
  } lease{this, c, slot};

  auto begun = c.exec_script(begin_sql);
  if (!begun && !c.healthy()) {  // the server restarted or dropped the idle connection
    OG_TRY(c.reset());
    begun = c.exec_script(begin_sql);
  }
  if (!begun) return std::move(begun).error();
  PgTx tx(c);
  OG_TRY(fn(tx));
  OG_TRY(tx.run_before_commit());  // nothing for reads: they register nothing
  if (c.transaction_status() == PQTRANS_INERROR)
    return internal_error("store.aborted",
                          "the transaction was aborted by an earlier failed statement (its error "
                          "was ignored); nothing was written");
  OG_ASSIGN(const std::string tag, c.exec_script("COMMIT"));
  if (tag != "COMMIT")  // PostgreSQL answers ROLLBACK when the transaction had failed
    return internal_error("store.aborted", "the transaction was rolled back, not committed");
  return ok_status();
}

Status PgStore::read(const TxFn& fn) {
  return run(fn, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}

Status PgStore::write(const TxFn& fn) {
  return run(fn, "BEGIN");
}

Status PgStore::ping() {
  OG_ASSIGN(const std::size_t slot, acquire());
  auto r = slots_[slot]->exec_script("SELECT 1");
  release(slot);
  if (!r) return std::move(r).error();
  return ok_status();
}

Status PgStore::integrity_check() {
  return read([](Tx& tx) -> Status {
    OG_ASSIGN(auto n, tx.query_one("SELECT count(*) FROM pg_catalog.pg_class"));
    if (!n || n->i64(0) <= 0)
      return internal_error("store.integrity", "the catalog pg_class reads as empty");
    OG_ASSIGN(auto tables, tx.query("SELECT tablename FROM pg_catalog.pg_tables"
                                    " WHERE schemaname = 'public' ORDER BY tablename"));
    for (const auto& t : tables) {
      std::string ident = "\"";
      for (char ch : t.text(0)) ident += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      ident += '"';
      if (auto r = tx.query("SELECT count(*) FROM public." + ident); !r) {
        Error e = std::move(r).error();
        e.code = "store.integrity";
        e.message = "table " + t.text(0) + " is not readable: " + e.message;
        return e;
      }
    }
    return ok_status();
  });
}

PoolStats PgStore::stats() const {
  std::lock_guard lock(mu_);
  PoolStats s;
  for (const auto& c : slots_) s.size += c ? 1 : 0;
  s.in_use = static_cast<int>(slots_.size() - free_.size());
  s.waits = waits_;
  return s;
}

}  // namespace onegrid::store::postgres

namespace onegrid::store {

Result<std::unique_ptr<Store>> open_postgres(const std::string& conninfo,
                                             const StoreOptions& options) {
  return postgres::PgStore::open(conninfo, options);
}

}  // namespace onegrid::store
