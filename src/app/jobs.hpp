#pragma once
// Background jobs of `serve`: a thread that runs one function at start and then every period
// until the job is destroyed (destruction wakes it and joins, so shutdown never waits a period).

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace onegrid::app {

class PeriodicJob {
 public:
  PeriodicJob(std::chrono::milliseconds period, std::function<void()> fn)
      : period_(period), fn_(std::move(fn)), thread_([this] { loop(); }) {}
  ~PeriodicJob() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  PeriodicJob(const PeriodicJob&) = delete;
  PeriodicJob& operator=(const PeriodicJob&) = delete;

 private:
  void loop() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      fn_();
      lock.lock();
      cv_.wait_for(lock, period_, [this] { return stop_; });
    }
  }
  std::chrono::milliseconds period_;
  std::function<void()> fn_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: starts after the members it uses exist
};

}  // namespace onegrid::app
