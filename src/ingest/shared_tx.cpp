// Sharing an import's transaction between its writer and its row loop; see shared_tx.hpp.
#include "ingest/shared_tx.hpp"

#include <chrono>

namespace onegrid::ingest {

template <class F>
auto SharedTx::exclusive(F&& fn) -> decltype(fn()) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return queue_.empty() && !running_; });
  if (!error_) return error_.error();
  running_ = true;
  lock.unlock();
  auto result = fn();
  lock.lock();
  running_ = false;
  cv_.notify_all();
  return result;
}

Result<store::Rows> SharedTx::query(std::string_view sql, std::span<const store::Value> params) {
  return exclusive([&] { return tx_.query(sql, params); });
}

Result<std::int64_t> SharedTx::exec(std::string_view sql, std::span<const store::Value> params) {
  return exclusive([&] { return tx_.exec(sql, params); });
}

Status SharedTx::post(Work work) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return queue_.size() < max_ || !error_; });
  if (!error_) return error_;
  queue_.push_back(std::move(work));
  cv_.notify_all();
  return ok_status();
}

void SharedTx::close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  cv_.notify_all();
}

Status SharedTx::serve() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return (closed_ && queue_.empty()) || (!queue_.empty() && !running_); });
    if (queue_.empty()) return error_;
    Work work = std::move(queue_.front());
    queue_.pop_front();
    if (!error_) {
      cv_.notify_all();
      continue;  // dropped: an earlier piece failed and the transaction will roll back
    }
    running_ = true;
    lock.unlock();
    const auto t0 = std::chrono::steady_clock::now();
    Status st = work(tx_);
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    lock.lock();
    busy_ += took;
    running_ = false;
    if (!st && error_) error_ = st;
    cv_.notify_all();
  }
}

}  // namespace onegrid::ingest
