#pragma once
// Session lifetime rules as pure functions of times in ms since the epoch: 12 h absolute expiry,
// 30 min idle expiry, and last_seen written at most once a minute so that reads stay cheap.

#include <cstdint>
#include <string>

namespace onegrid::auth {

inline constexpr std::int64_t kSessionAbsoluteMs = 12LL * 60 * 60 * 1000;
inline constexpr std::int64_t kSessionIdleMs = 30LL * 60 * 1000;
inline constexpr std::int64_t kSessionTouchMs = 60LL * 1000;

struct SessionCheck {
  bool valid = false;
  std::string reason;  // when invalid: "session.revoked", "session.expired" or "session.idle"
  bool touch = false;  // when valid: last_seen is older than kSessionTouchMs, write `now`
};

// A session ends at min(expires_at, created_at + kSessionAbsoluteMs) and once
// kSessionIdleMs have passed since last_seen (both bounds exclusive: at exactly 30 min idle it
// has ended). Reasons are checked in the order revoked, expired, idle.
SessionCheck check_session(std::int64_t now, std::int64_t created_at, std::int64_t last_seen,
                           std::int64_t expires_at, bool revoked);

}  // namespace onegrid::auth
