#pragma once
// Account lockout as pure functions: the 5th consecutive failed login locks the account for
// 10 min × 2^(earlier lockouts), capped at 24 h. Times are ms since the epoch.

#include <cstdint>

namespace onegrid::auth {

inline constexpr std::int64_t kMaxFailedLogins = 5;
inline constexpr std::int64_t kFirstLockoutMs = 10LL * 60 * 1000;
inline constexpr std::int64_t kMaxLockoutMs = 24LL * 60 * 60 * 1000;

struct LockState {
  std::int64_t failed_logins = 0;  // consecutive failures since the last success or lockout
  std::int64_t lockouts = 0;       // lockouts so far; kept across successes so repeats grow
  std::int64_t locked_until = 0;   // ms; locked while now < locked_until
};

// Counts a failure; the kMaxFailedLogins-th locks the account, increments `lockouts` and resets
// the count. A failure while already locked changes nothing (it never reached the password).
LockState on_failed_login(LockState state, std::int64_t now);

// Resets the failure count and any lock; keeps the lockout history.
LockState on_successful_login(LockState state);

bool is_locked(const LockState& state, std::int64_t now);

// Whole seconds until the lock ends, rounded up; 0 when not locked.
std::int64_t retry_after_seconds(const LockState& state, std::int64_t now);

// How long the next lockout lasts after `lockouts` earlier ones.
std::int64_t lockout_duration_ms(std::int64_t lockouts);

}  // namespace onegrid::auth
