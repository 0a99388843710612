#pragma once
// Login, bearer-token authentication, logout and password change: the account-security flows
// (Argon2id verification, lockout, per-address rate limit, session expiry), audited.

#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/keys.hpp"
#include "auth/lockout.hpp"
#include "auth/principal.hpp"
#include "auth/rate_limit.hpp"
#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::auth {

struct ClientInfo {
  std::string client_addr;
  std::string user_agent;
  std::string request_id;
};

struct LoginResult {
  std::string token;            // shown once; only its keyed hash is stored
  std::int64_t expires_at = 0;  // absolute expiry, ms
  Principal principal;
};

class Authenticator {
 public:
  struct Limits {
    double login_burst = 20;       // login attempts one address may make at once
    double login_per_minute = 10;  // and the rate at which that allowance refills
  };
  Authenticator(store::Store& store, const Keys& keys, Limits limits);

  // Errors: auth.rate_limited (429), auth.account_locked (423), auth.invalid_credentials (401).
  Result<LoginResult> login(std::string_view username, std::string_view password,
                            const ClientInfo& client);
  // `token` is the bare bearer token. Errors: auth.unauthenticated (401) with the reason.
  Result<Principal> authenticate(std::string_view token, const ClientInfo& client);
  Status logout(const Principal& who, const ClientInfo& client);
  // Checks the current password and the policy; ends the user's other sessions.
  Status change_password(const Principal& who, std::string_view current,
                         std::string_view replacement, const ClientInfo& client);
  // Drops this process's remembered sessions of a user whose account, grants or password an
  // administrator just changed, so the change applies to the very next request.
  void forget_user(std::int64_t user_id);

 private:
  // Authenticated sessions are remembered for kCacheMs so that a burst of requests does not read
  // the session and grants for every call. This process forgets a session at once on logout and
  // password change; another process sharing the store sees a revocation within kCacheMs.
  static constexpr std::int64_t kCacheMs = 2000;
  struct Cached {
    Principal principal;
    std::int64_t fetched_at = 0;
    std::int64_t created_at = 0, last_seen = 0, expires_at = 0;
  };
  std::optional<Principal> cached(const std::string& hash, std::int64_t now);
  void remember(const std::string& hash, Cached entry);

  store::Store& store_;
  Keys keys_;
  RateLimiter limiter_;
  std::string dummy_hash_;  // verified against for unknown users, so timing does not tell
  std::shared_mutex cache_mu_;
  std::unordered_map<std::string, Cached> cache_;  // by token hash
  // Unknown usernames lock out like real ones (so a 423 never tells that an account exists);
  // kept in memory, bounded, per process.
  std::mutex unknown_mu_;
  std::unordered_map<std::string, LockState> unknown_;
};

}  // namespace onegrid::auth
