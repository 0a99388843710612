#include "auth/authenticator.hpp"

#include <boost/json/object.hpp>

#include "audit/audit.hpp"
#include "auth/accounts.hpp"
#include "auth/lockout.hpp"
#include "auth/password.hpp"
#include "auth/session_policy.hpp"
#include "auth/token.hpp"
#include "base/clock.hpp"

namespace onegrid::auth {

using store::Value;

namespace {

Error invalid_credentials() {
  return make_error(ErrorKind::unauthenticated, "auth.invalid_credentials",
                    "wrong username or password");
}

Error unauthenticated(std::string why) {
  return make_error(ErrorKind::unauthenticated, "auth.unauthenticated", std::move(why));
}

// A refusal that says when to come back (the HTTP layer sends it as Retry-After).
Error throttled(ErrorKind kind, std::string code, const std::string& what, std::int64_t secs) {
  Error e = make_error(kind, std::move(code), what + "; retry in " + std::to_string(secs) + " s");
  e.retry_after_s = static_cast<int>(secs);
  return e;
}

audit::Actor actor_for(const Principal& p, const ClientInfo& c) {
  audit::Actor a;
  a.user_id = p.user_id;
  a.username = p.username;
  const Grant* g = p.acting_grant(Permission::self);
  if (g) {
    a.role = std::string(role_code(g->role));
    a.org_id = g->org_id;
    a.org_path = g->org_path;
  } else {
    a.org_id = p.home_org_id;
    a.org_path = p.home_org_path;
  }
  a.request_id = c.request_id;
  a.client_addr = c.client_addr;
  return a;
}

}  // namespace

Authenticator::Authenticator(store::Store& store, const Keys& keys, Limits limits)
    : store_(store), keys_(keys), limiter_(limits.login_per_minute / 60.0, limits.login_burst) {
  auto h = hash_password("onegrid-timing-equaliser");
  dummy_hash_ = h ? *h : std::string();
}

Result<LoginResult> Authenticator::login(std::string_view username, std::string_view password,
                                         const ClientInfo& client) {
  const std::int64_t now = now_ms();
  if (!limiter_.allow(client.client_addr, now))
    return throttled(ErrorKind::rate_limited, "auth.rate_limited",
                     "too many login attempts from this address",
                     (limiter_.retry_after_ms(client.client_addr, now) + 999) / 1000);
  struct Row {
    std::int64_t id = 0;
    std::string hash;
    bool active = false;
    LockState lock;
    std::string org_path;
  };
  std::optional<Row> user;
  OG_TRY(store_.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto r, tx.query_one("SELECT u.id, u.password_hash, u.active, u.failed_logins,"
                                   " u.lockouts, u.locked_until, o.path FROM users u"
                                   " JOIN org_unit o ON o.id = u.org_id WHERE u.username = ?",
                                   {username}));
    if (r)
      user = Row{r->i64(0), r->text(1), r->i64(2) == 1, LockState{r->i64(3), r->i64(4), r->i64(5)},
                 r->text(6)};
    return ok_status();
  }));
  audit::Actor actor = audit::Actor::system("anonymous");
  actor.username = std::string(username.substr(0, 64));
  actor.request_id = client.request_id;
  actor.client_addr = client.client_addr;
  if (!user) {
    // Answer exactly as for an existing account: the same 401s, and after five of them the same
    // 423 with Retry-After, so neither the status nor the lock tells which usernames exist.
    const std::string key(username.substr(0, 128));
    LockState lock;
    {
      std::lock_guard guard(unknown_mu_);
      if (auto it = unknown_.find(key); it != unknown_.end()) lock = it->second;
    }
    if (is_locked(lock, now))
      return throttled(ErrorKind::locked, "auth.account_locked",
                       "the account is locked after repeated failed logins",
                       retry_after_seconds(lock, now));
    (void)verify_password(dummy_hash_, password);
    {
      std::lock_guard guard(unknown_mu_);
      if (unknown_.size() >= 10000)
        std::erase_if(unknown_, [&](const auto& kv) { return !is_locked(kv.second, now); });
      if (unknown_.size() >= 10000) unknown_.clear();
      unknown_[key] = on_failed_login(unknown_[key], now);
    }
    OG_TRY(store_.write([&](store::Tx& tx) {
      return audit::append(tx, actor, "auth.login_failed", "user", "",
                           boost::json::object{{"reason", "unknown_user"}});
    }));
    return invalid_credentials();
  }
  actor.user_id = user->id;
  actor.org_path = user->org_path;
  if (is_locked(user->lock, now)) {
    return throttled(ErrorKind::locked, "auth.account_locked",
                     "the account is locked after repeated failed logins",
                     retry_after_seconds(user->lock, now));
  }
  const bool good = verify_password(user->hash, password);
  if (!good || !user->active) {
    OG_TRY(store_.write([&](store::Tx& tx) -> Status {
      // re-read inside the write so concurrent failures count exactly
      OG_ASSIGN(auto r,
                tx.query_one("SELECT failed_logins, lockouts, locked_until FROM users WHERE id = ?",
                             {user->id}));
      if (!r) return ok_status();
      LockState next = on_failed_login(LockState{r->i64(0), r->i64(1), r->i64(2)}, now);
      OG_TRY(
          tx.exec("UPDATE users SET failed_logins = ?, lockouts = ?, locked_until = ? WHERE id = ?",
                  {next.failed_logins, next.lockouts, next.locked_until, user->id}));
      const bool locked_now = is_locked(next, now);
      return audit::append(tx, actor, locked_now ? "auth.account_locked" : "auth.login_failed",
                           "user", std::to_string(user->id),
                           boost::json::object{{"reason", good ? "inactive" : "wrong_password"},
                                               {"failed_logins", next.failed_logins}});
    }));
    return invalid_credentials();
  }
  LoginResult result;
  result.token = new_session_token();
  const std::string hash = token_hash(keys_, result.token);
  result.expires_at = now + kSessionAbsoluteMs;
  std::int64_t session_id = 0;
  OG_TRY(store_.write([&](store::Tx& tx) -> Status {
    LockState next = on_successful_login(user->lock);
    OG_TRY(tx.exec("UPDATE users SET failed_logins = ?, locked_until = 0 WHERE id = ?",
                   {next.failed_logins, user->id}));
    OG_ASSIGN(session_id,
              tx.insert("INSERT INTO session (token_hash, user_id, created_at, last_seen,"
                        " expires_at, client_addr, user_agent) VALUES (?,?,?,?,?,?,?)"
                        " RETURNING id",
                        {hash, user->id, now, now, result.expires_at, client.client_addr,
                         client.user_agent.substr(0, 200)}));
    if (needs_rehash(user->hash)) {
      auto rehashed = hash_password(password);
      if (rehashed)
        OG_TRY(tx.exec("UPDATE users SET password_hash = ? WHERE id = ?", {*rehashed, user->id}));
    }
    return audit::append(tx, actor, "auth.login", "session", std::to_string(session_id),
                         boost::json::object{{"user_agent", client.user_agent.substr(0, 120)}});
  }));
  auto principal = authenticate(result.token, client);
  if (!principal) return principal.error();
  result.principal = std::move(*principal);
  return result;
}

std::optional<Principal> Authenticator::cached(const std::string& hash, std::int64_t now) {
  std::shared_lock lock(cache_mu_);
  auto it = cache_.find(hash);
  if (it == cache_.end() || now - it->second.fetched_at >= kCacheMs) return std::nullopt;
  const Cached& c = it->second;
  // expiry still applies to a remembered session
  if (!check_session(now, c.created_at, c.last_seen, c.expires_at, false).valid)
    return std::nullopt;
  return c.principal;
}

void Authenticator::remember(const std::string& hash, Cached entry) {
  std::unique_lock lock(cache_mu_);
  if (cache_.size() >= 10000) {  // bounded: drop what has aged out, else start afresh
    std::erase_if(cache_, [&](const auto& kv) {
      return entry.fetched_at - kv.second.fetched_at >= kCacheMs;
    });
    if (cache_.size() >= 10000) cache_.clear();
  }
  cache_[hash] = std::move(entry);
}

void Authenticator::forget_user(std::int64_t user_id) {
  std::unique_lock lock(cache_mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.principal.user_id == user_id; });
}

Result<Principal> Authenticator::authenticate(std::string_view token, const ClientInfo&) {
  if (!looks_like_token(token)) return unauthenticated("malformed bearer token");
  const std::string hash = token_hash(keys_, token);
  const std::int64_t now = now_ms();
  if (auto hit = cached(hash, now)) return std::move(*hit);
  Principal p;
  Cached entry;
  bool touch = false;
  std::optional<Error> failure;
  OG_TRY(store_.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto r,
              tx.query_one("SELECT s.id, s.created_at, s.last_seen, s.expires_at, s.revoked, u.id,"
                           " u.username, u.display_name, u.org_id, o.path, u.active FROM session s"
                           " JOIN users u ON u.id = s.user_id JOIN org_unit o ON o.id = u.org_id"
                           " WHERE s.token_hash = ?",
                           {hash}));
    if (!r) {
      failure = unauthenticated("unknown or expired session");
      return ok_status();
    }
    SessionCheck check = check_session(now, r->i64(1), r->i64(2), r->i64(3), r->i64(4) != 0);
    if (!check.valid || r->i64(10) != 1) {
      failure =
          make_error(ErrorKind::unauthenticated, check.valid ? "session.revoked" : check.reason,
                     "the session has ended; log in again");
      return ok_status();
    }
    touch = check.touch;
    entry.created_at = r->i64(1);
    entry.last_seen = check.touch ? now : r->i64(2);
    entry.expires_at = r->i64(3);
    p.session_id = r->i64(0);
    p.user_id = r->i64(5);
    p.username = r->text(6);
    p.display_name = r->text(7);
    p.home_org_id = r->i64(8);
    p.home_org_path = r->text(9);
    OG_ASSIGN(p.grants, grants_of(tx, p.user_id));
    return ok_status();
  }));
  if (failure) return *failure;
  if (touch) {
    OG_TRY(store_.write([&](store::Tx& tx) -> Status {
      OG_TRY(tx.exec("UPDATE session SET last_seen = ? WHERE id = ?", {now, p.session_id}));
      return ok_status();
    }));
  }
  entry.principal = p;
  entry.fetched_at = now;
  remember(hash, std::move(entry));
  return p;
}

Status Authenticator::logout(const Principal& who, const ClientInfo& client) {
  forget_user(who.user_id);
  return store_.write([&](store::Tx& tx) -> Status {
    OG_TRY(tx.exec("UPDATE session SET revoked = 1 WHERE id = ?", {who.session_id}));
    return audit::append(tx, actor_for(who, client), "auth.logout", "session",
                         std::to_string(who.session_id), boost::json::object{});
  });
}

Status Authenticator::change_password(const Principal& who, std::string_view current,
                                      std::string_view replacement, const ClientInfo& client) {
  // Guessing the current password from a stolen session is throttled like a login.
  const std::string key = "password-change:" + std::to_string(who.user_id);
  if (!limiter_.allow(key, now_ms()))
    return throttled(ErrorKind::rate_limited, "auth.rate_limited", "too many password attempts",
                     (limiter_.retry_after_ms(key, now_ms()) + 999) / 1000);
  std::string stored;
  OG_TRY(store_.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto r, tx.query_one("SELECT password_hash FROM users WHERE id = ?", {who.user_id}));
    if (r) stored = r->text(0);
    return ok_status();
  }));
  if (!verify_password(stored, current))
    return invalid_input("auth.wrong_current_password", "the current password is wrong",
                         "current_password");
  if (current == replacement)
    return invalid_input("password.unchanged", "the new password must differ from the current one",
                         "new_password");
  auto policy = check_password_policy(replacement, who.username);
  if (!policy) {
    Error e = policy.error();
    e.field = "new_password";
    return e;
  }
  OG_ASSIGN(auto hash, hash_password(replacement));
  forget_user(who.user_id);
  return store_.write([&](store::Tx& tx) {
    return set_password(tx, actor_for(who, client), who.user_id, hash, who.session_id,
                        "auth.password_change");
  });
}

}  // namespace onegrid::auth
