#pragma once
// Login, bearer-token authentication, logout and password change: the account-security flows
// (Argon2id verification, lockout, per-address rate limit, session expiry), audited.

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/keys.hpp"
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

 private:
  store::Store& store_;
  Keys keys_;
  RateLimiter limiter_;
  std::string dummy_hash_;  // verified against for unknown users, so timing does not tell
};

}  // namespace onegrid::auth
