#pragma once
// Per-key token-bucket rate limiter (keys are client addresses) for login attempts: thread-safe,
// with memory bounded by max_keys. Times are ms since the epoch, passed in for testability.

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace onegrid::auth {

class RateLimiter {
 public:
  // `per_second` tokens refill each second up to `burst`; each allowed attempt spends one.
  RateLimiter(double per_second, double burst, std::size_t max_keys = 100000);

  // Logins: a burst of 10 attempts per address, then one every 6 s.
  static RateLimiter for_logins();

  // Spends a token for `key` and returns true, or returns false (spending nothing) when empty.
  bool allow(std::string_view key, std::int64_t now_ms);
  // Milliseconds until allow(key) would succeed; 0 when it would now.
  std::int64_t retry_after_ms(std::string_view key, std::int64_t now_ms) const;
  // Keys currently tracked (at most max_keys).
  std::size_t size() const;

 private:
  struct Bucket {
    double tokens;
    std::int64_t updated_ms;
  };
  double refilled(const Bucket& b, std::int64_t now_ms) const;
  void make_room(std::int64_t now_ms);

  const double per_ms_;
  const double burst_;
  const std::size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace onegrid::auth
