#pragma once
// The SQLite store: one writer connection run by a group-commit thread, and a pool of
// query-only reader connections. PoolStats size/in_use/waits describe the reader pool.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sqlite/sqlite_conn.hpp"

namespace onegrid::store::sqlite {

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> open(const std::string& path, const StoreOptions& options);
  ~SqliteStore() override;

  Driver driver() const override { return Driver::sqlite; }
  Status read(const TxFn& fn) override;
  Status write(const TxFn& fn) override;
  Status ping() override;
  Status integrity_check() override;
  PoolStats stats() const override;

 private:
  // One queued Store::write: lives on the caller's stack until its promise is fulfilled.
  struct Job {
    const TxFn* fn = nullptr;
    std::promise<Status> done;
    Status result;
    std::exception_ptr exception;
  };

  explicit SqliteStore(const StoreOptions& options) : options_(options) {}
  void writer_loop();
  // Runs group[start…] in one transaction; returns the index after the last job it finished.
  std::size_t run_transaction(std::vector<Job*>& group, std::size_t start);
  Result<Connection*> acquire_reader();
  void release_reader(Connection* c);

  StoreOptions options_;
  std::unique_ptr<Connection> writer_;
  std::vector<std::unique_ptr<Connection>> readers_;

  mutable std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<Connection*> free_readers_;
  std::uint64_t waits_ = 0;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::thread writer_thread_;
  std::atomic<std::uint64_t> group_commits_{0};
  std::atomic<std::uint64_t> grouped_writes_{0};
};

}  // namespace onegrid::store::sqlite
