#include "auth/lockout.hpp"

#include <algorithm>

namespace onegrid::auth {

std::int64_t lockout_duration_ms(std::int64_t lockouts) {
  std::int64_t ms = kFirstLockoutMs;
  for (std::int64_t i = 0; i < lockouts && ms < kMaxLockoutMs; ++i) ms *= 2;
  return std::min(ms, kMaxLockoutMs);
}

LockState on_failed_login(LockState state, std::int64_t now) {
  if (is_locked(state, now)) return state;
  state.failed_logins = std::max<std::int64_t>(0, state.failed_logins) + 1;
  if (state.failed_logins >= kMaxFailedLogins) {
    const std::int64_t earlier = std::max<std::int64_t>(0, state.lockouts);
    state.locked_until = now + lockout_duration_ms(earlier);
    state.lockouts = earlier + 1;
    state.failed_logins = 0;
  }
  return state;
}

LockState on_successful_login(LockState state) {
  state.failed_logins = 0;
  state.locked_until = 0;
  return state;
}

bool is_locked(const LockState& state, std::int64_t now) {
  return now < state.locked_until;
}

std::int64_t retry_after_seconds(const LockState& state, std::int64_t now) {
  if (!is_locked(state, now)) return 0;
  return (state.locked_until - now + 999) / 1000;
}

}  // namespace onegrid::auth
