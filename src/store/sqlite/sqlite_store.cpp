// SQLite store: group-commit writer thread and reader pool.
#include "store/sqlite/sqlite_store.hpp"

#include <chrono>

namespace onegrid::store::sqlite {

Result<std::unique_ptr<Store>> SqliteStore::open(const std::string& path,
                                                 const StoreOptions& options) {
  std::unique_ptr<SqliteStore> s(new SqliteStore(options));
  // The writer first: it creates the file and switches it to WAL before the readers attach.
  OG_ASSIGN(s->writer_, Connection::open(path, Connection::Role::writer, options.busy_timeout_ms));
  for (int i = 0; i < options.readers; ++i) {
    OG_ASSIGN(auto r, Connection::open(path, Connection::Role::reader, options.busy_timeout_ms));
    s->free_readers_.push_back(r.get());
    s->readers_.push_back(std::move(r));
  }
  s->writer_thread_ = std::thread([p = s.get()] { p->writer_loop(); });
  return std::unique_ptr<Store>(std::move(s));
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();  // the loop drains the queue first
}

// ---- writes --------------------------------------------------------------------------------

Status SqliteStore::write(const TxFn& fn) {
  if (std::this_thread::get_id() == writer_thread_.get_id())
    return internal_error("store.nested_write",
                          "Store::write called from inside a write callback (it would wait on "
                          "itself); use the Tx you were given");
  Job job;
  job.fn = &fn;
  auto done = job.done.get_future();
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_) return unavailable_error("store.closed", "the store is shutting down");
    queue_.push_back(&job);
  }
  queue_cv_.notify_one();
  return done.get();  // rethrows what the callback threw
}

void SqliteStore::writer_loop() {
  std::vector<Job*> group;
  for (;;) {
    group.clear();
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to drain
      while (!queue_.empty() && static_cast<int>(group.size()) < options_.max_group) {
        group.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    for (std::size_t start = 0; start < group.size();) start = run_transaction(group, start);
  }
}

std::size_t SqliteStore::run_transaction(std::vector<Job*>& group, std::size_t start) {
  const std::size_t n = group.size();
  auto succeeded = [](const Job* j) { return j->result.ok() && !j->exception; };
  auto finish = [&](std::size_t end) {
    for (std::size_t k = start; k < end; ++k) {
      Job* j = group[k];
      if (j->exception)
        j->done.set_exception(j->exception);
      else
        j->done.set_value(std::move(j->result));
    }
    return end;
  };
  // Fails every job in [start, end) that had succeeded; the transaction is gone.
  auto abort_through = [&](std::size_t end, const Error& why) {
    writer_->rollback_quietly();
    for (std::size_t k = start; k < end; ++k)
      if (succeeded(group[k])) group[k]->result = why;
    return finish(end);
  };

  // Transaction control goes through the statement cache (sqlite3_exec parses every time).
  if (auto st = writer_->exec("BEGIN IMMEDIATE", {}); !st) return abort_through(n, st.error());
  SqliteTx tx(*writer_);
  // A callback alone in its transaction needs no savepoint: its failure rolls back everything.
  // (A savepoint makes SQLite copy every page it changes into a sub-journal first, which for a
  // large write — an extract import — doubles the I/O.)
  const bool alone = n - start == 1;
  for (std::size_t i = start; i < n; ++i) {
    Job& job = *group[i];
    if (alone) {
      try {
        job.result = (*job.fn)(tx);
      } catch (...) {
        job.exception = std::current_exception();
      }
      if (!succeeded(&job) || !writer_->in_transaction()) {
        if (succeeded(&job))
          job.result = internal_error("store.error", "a write callback ended its transaction");
        writer_->rollback_quietly();
        return finish(n);
      }
      break;
    }
    if (auto sp = writer_->exec("SAVEPOINT og_write", {}); !sp) return abort_through(n, sp.error());
    try {
      job.result = (*job.fn)(tx);
    } catch (...) {
      job.exception = std::current_exception();
    }
    if (!writer_->in_transaction()) {
      // A failure (disk full, I/O error) or the callback itself ended the whole transaction:
      // what the earlier callbacks of this group did is lost too.
      if (succeeded(&job))
        job.result = internal_error("store.error", "a write callback ended its transaction");
      return abort_through(
          i + 1, internal_error("store.group_aborted",
                                "nothing was written: another write in the same group commit "
                                "ended the transaction"));
    }
    if (succeeded(&job)) {
      if (auto rel = writer_->exec("RELEASE og_write", {}); !rel) job.result = rel.error();
    }
    if (!succeeded(&job)) {
      auto rb = writer_->exec_script("ROLLBACK TO og_write; RELEASE og_write");
      if (!rb) return abort_through(i + 1, rb.error());
    }
  }
  if (auto st = tx.run_before_commit(); !st) return abort_through(n, st.error());
  if (auto st = writer_->exec("COMMIT", {}); !st) return abort_through(n, st.error());
  group_commits_.fetch_add(1, std::memory_order_relaxed);
  grouped_writes_.fetch_add(n - start, std::memory_order_relaxed);
  return finish(n);
}

// ---- reads ---------------------------------------------------------------------------------

Result<Connection*> SqliteStore::acquire_reader() {
  std::unique_lock lock(pool_mu_);
  if (free_readers_.empty()) {
    ++waits_;
    const auto timeout = std::chrono::milliseconds(options_.busy_timeout_ms);
    if (!pool_cv_.wait_for(lock, timeout, [&] { return !free_readers_.empty(); }))
      return unavailable_error("store.pool_exhausted",
                               "no SQLite reader connection became free within " +
                                   std::to_string(options_.busy_timeout_ms) + " ms");
  }
  Connection* c = free_readers_.back();
  free_readers_.pop_back();
  return c;
}

void SqliteStore::release_reader(Connection* c) {
  {
    std::lock_guard lock(pool_mu_);
    free_readers_.push_back(c);
  }
  pool_cv_.notify_one();
}

Status SqliteStore::read(const TxFn& fn) {
  OG_ASSIGN(Connection * c, acquire_reader());
  struct Lease {
    SqliteStore* store;
    Connection* c;
    ~Lease() {
      c->rollback_quietly();
      store->release_reader(c);
    }
  } lease{this, c};
  // BEGIN/COMMIT go through the statement cache: sqlite3_exec would parse them every time.
  OG_TRY(c->exec("BEGIN", {}));  // deferred: the snapshot starts at the first read
  SqliteTx tx(*c);
  OG_TRY(fn(tx));
  if (c->in_transaction()) OG_TRY(c->exec("COMMIT", {}));
  return ok_status();
}

Status SqliteStore::ping() {
  return read([](Tx& tx) -> Status {
    OG_TRY(tx.query("SELECT 1"));
    return ok_status();
  });
}

Status SqliteStore::integrity_check() {
  return read([](Tx& tx) -> Status {
    OG_ASSIGN(auto rows, tx.query("PRAGMA integrity_check"));
    std::string problems;
    for (const auto& r : rows) {
      const std::string line = r.text(0);
      if (line == "ok") continue;
      if (!problems.empty()) problems += "; ";
      problems += line;
    }
    if (rows.empty() || !problems.empty())
      return internal_error("store.integrity", "PRAGMA integrity_check: " + problems);
    return ok_status();
  });
}

PoolStats SqliteStore::stats() const {
  PoolStats s;
  {
    std::lock_guard lock(pool_mu_);
    s.size = static_cast<int>(readers_.size());
    s.in_use = static_cast<int>(readers_.size() - free_readers_.size());
    s.waits = waits_;
  }
  s.group_commits = group_commits_.load(std::memory_order_relaxed);
  s.grouped_writes = grouped_writes_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace onegrid::store::sqlite

namespace onegrid::store {

Result<std::unique_ptr<Store>> open_sqlite(const std::string& path, const StoreOptions& options) {
  return sqlite::SqliteStore::open(path, options);
}

}  // namespace onegrid::store
