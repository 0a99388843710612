#pragma once
// An import's transaction shared by two threads, one at a time, so that writing and matching
// overlap: the row loop runs on its own thread and posts its bulk inserts, which the thread that
// owns the transaction (the store's writer) runs while the loop goes on matching; a statement
// the loop itself needs (a read, an update) waits until everything posted before it has run,
// then runs on the loop's thread. Order is kept: what was posted first is written first.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::ingest {

class SharedTx final : public store::Tx {
 public:
  using Work = std::function<Status(store::Tx&)>;
  // At most `max_posted` pieces of work wait; post() blocks beyond (memory stays bounded).
  explicit SharedTx(store::Tx& tx, std::size_t max_posted = 2) : tx_(tx), max_(max_posted) {}

  store::Driver driver() const override { return tx_.driver(); }
  using Tx::exec;
  using Tx::query;
  // Wait for posted work, then run here. The first error of posted work is returned instead.
  Result<store::Rows> query(std::string_view sql, std::span<const store::Value> params) override;
  Result<std::int64_t> exec(std::string_view sql, std::span<const store::Value> params) override;

  // Loop thread: hands work to the owning thread; the first error of earlier work, if any.
  Status post(Work work);
  // Loop thread: nothing more will be posted.
  void close();
  // Owning thread: runs posted work in order until close(); the first error. Work posted after
  // an error is dropped.
  Status serve();
  // Seconds the owning thread spent running posted work.
  double busy_seconds() const { return busy_; }

 private:
  template <class F>
  auto exclusive(F&& fn) -> decltype(fn());

  store::Tx& tx_;
  const std::size_t max_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Work> queue_;
  bool running_ = false;  // someone uses the connection
  bool closed_ = false;
  Status error_ = ok_status();
  double busy_ = 0;
};

}  // namespace onegrid::ingest
