#include "auth/session_policy.hpp"

#include <algorithm>

namespace onegrid::auth {

SessionCheck check_session(std::int64_t now, std::int64_t created_at, std::int64_t last_seen,
                           std::int64_t expires_at, bool revoked) {
  if (revoked) return {false, "session.revoked", false};
  const std::int64_t ends = std::min(expires_at, created_at + kSessionAbsoluteMs);
  if (now >= ends) return {false, "session.expired", false};
  // last_seen ahead of now (another server's clock) counts as "just seen"
  const std::int64_t idle = std::max<std::int64_t>(0, now - last_seen);
  if (idle >= kSessionIdleMs) return {false, "session.idle", false};
  return {true, {}, idle >= kSessionTouchMs};
}

}  // namespace onegrid::auth
