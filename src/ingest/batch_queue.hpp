#pragma once
// A bounded queue of batches between two threads: the import reads and cleans an extract's rows
// on one thread while another matches them. The reader blocks while the
// queue is full (memory stays bounded however large the file); the consumer blocks while it is
// empty. Either side can stop the other: the reader by finishing, the consumer by cancelling.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace onegrid::ingest {

template <class T>
class BatchQueue {
 public:
  explicit BatchQueue(std::size_t max_batches) : max_(max_batches) {}

  // Reader: waits for room; false when the consumer cancelled (stop reading).
  bool push(std::vector<T>&& batch) {
    std::unique_lock lock(mu_);
    room_.wait(lock, [&] { return cancelled_ || batches_.size() < max_; });
    if (cancelled_) return false;
    batches_.push_back(std::move(batch));
    ready_.notify_one();
    return true;
  }
  // Reader: nothing more will come.
  void finish() {
    std::lock_guard lock(mu_);
    finished_ = true;
    ready_.notify_one();
  }
  // Consumer: the next batch, in order; nullopt once the reader finished and all were taken.
  std::optional<std::vector<T>> pop() {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [&] { return finished_ || !batches_.empty(); });
    if (batches_.empty()) return std::nullopt;
    std::vector<T> batch = std::move(batches_.front());
    batches_.pop_front();
    room_.notify_one();
    return batch;
  }
  // Consumer: stop the reader (it sees push() fail) and drop what waits.
  void cancel() {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    batches_.clear();
    room_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable room_, ready_;
  std::deque<std::vector<T>> batches_;
  std::size_t max_;
  bool finished_ = false, cancelled_ = false;
};

}  // namespace onegrid::ingest
