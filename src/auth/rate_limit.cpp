#include "auth/rate_limit.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace onegrid::auth {

namespace {
// Refill is floating point: 6000 ms × (1/6000 per ms) may come out a hair under one token.
constexpr double kEpsilon = 1e-9;
}  // namespace

RateLimiter::RateLimiter(double per_second, double burst, std::size_t max_keys)
    : per_ms_(std::max(per_second, 1e-9) / 1000.0),
      burst_(std::max(burst, 1.0)),
      max_keys_(std::max<std::size_t>(max_keys, 1)) {}

RateLimiter RateLimiter::for_logins() {
  return RateLimiter(1.0 / 6.0, 10.0);
}

double RateLimiter::refilled(const Bucket& b, std::int64_t now_ms) const {
  const double elapsed = static_cast<double>(std::max<std::int64_t>(0, now_ms - b.updated_ms));
  return std::min(burst_, b.tokens + elapsed * per_ms_);
}

// Called when the map is full. A full bucket is the same as no bucket, so those go first; if that
// frees less than a tenth of the room, the least recently used go too. Each sweep is O(n) and
// leaves room for n/10 new keys, so inserts stay O(1) amortised even under a flood of addresses.
void RateLimiter::make_room(std::int64_t now_ms) {
  std::erase_if(buckets_,
                [&](const auto& kv) { return refilled(kv.second, now_ms) + kEpsilon >= burst_; });
  const std::size_t target = max_keys_ - std::max<std::size_t>(1, max_keys_ / 10);
  if (buckets_.size() <= target) return;
  std::vector<std::int64_t> times;
  times.reserve(buckets_.size());
  for (const auto& kv : buckets_) times.push_back(kv.second.updated_ms);
  const std::size_t evict = buckets_.size() - target;
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(evict - 1),
                   times.end());
  const std::int64_t cutoff = times[evict - 1];
  std::size_t removed = 0;
  for (auto it = buckets_.begin(); it != buckets_.end() && removed < evict;) {
    if (it->second.updated_ms <= cutoff) {
      it = buckets_.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
}

bool RateLimiter::allow(std::string_view key, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) make_room(now_ms);
    buckets_.emplace(std::string(key), Bucket{burst_ - 1.0, now_ms});
    return true;
  }
  Bucket& b = it->second;
  const double tokens = refilled(b, now_ms);
  b.updated_ms = std::max(b.updated_ms, now_ms);
  b.tokens = tokens;
  if (tokens + kEpsilon < 1.0) return false;
  b.tokens = std::max(0.0, tokens - 1.0);
  return true;
}

std::int64_t RateLimiter::retry_after_ms(std::string_view key, std::int64_t now_ms) const {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) return 0;
  const double tokens = refilled(it->second, now_ms);
  if (tokens + kEpsilon >= 1.0) return 0;
  return static_cast<std::int64_t>(std::ceil((1.0 - tokens) / per_ms_));
}

std::size_t RateLimiter::size() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace onegrid::auth
