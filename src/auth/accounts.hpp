#pragma once
// 用户与授权: user accounts and their (role, org unit) grants, scoped by the caller's reach and
// audited. A user record belongs to its home org unit; it is visible to callers whose
// user.read scope covers that unit.

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "auth/principal.hpp"
#include "base/result.hpp"
#include "org/scope.hpp"
#include "store/store.hpp"

namespace onegrid::auth {

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::int64_t org_id = 0;
  std::string org_path;
  std::string org_name;
  bool active = true;
  bool locked = false;
  std::int64_t locked_until = 0;
  std::int64_t version = 1;
  std::int64_t created_at = 0;
  std::string prefs = "{}";
  std::vector<Grant> grants;
};

boost::json::value to_json(const User& u);
boost::json::value to_json(const Grant& g);

// Username: 3–32 of [a-z0-9_.-], starting with a letter. Error user.invalid_username.
Status validate_username(std::string_view username);

struct UserFilter {
  std::optional<std::string> q;  // username or display name contains
  std::optional<std::string> role;
  std::optional<std::int64_t> org_id;  // home unit within this unit's subtree
  int limit = 100;
  std::optional<std::int64_t> after_id;
};

Result<std::vector<User>> list_users(store::Tx& tx, const org::Scope& scope, const UserFilter& f);
Result<User> get_user(store::Tx& tx, const org::Scope& scope, std::int64_t id);
Result<std::optional<User>> find_user(store::Tx& tx, std::string_view username);
// Grants of a user with their org unit's path, name and kind.
Result<std::vector<Grant>> grants_of(store::Tx& tx, std::int64_t user_id);

struct NewUser {
  std::string username;
  std::string display_name;
  std::int64_t org_id = 0;
  std::string password_hash;  // already Argon2id-hashed (hashing is slow: do it outside the tx)
};
Result<User> create_user(store::Tx& tx, const audit::Actor& actor, const org::Scope& scope,
                         const NewUser& in);

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<bool> active;
  std::optional<std::string> prefs;  // JSON object text
};
// `editor`: the caller's acting role when an administrator edits someone else (rank-checked);
// nullopt for a user's own preferences.
Result<User> update_user(store::Tx& tx, const audit::Actor& actor, const org::Scope& scope,
                         std::int64_t id, std::optional<std::int64_t> expected_version,
                         const UserPatch& p, std::optional<Role> editor = std::nullopt);
// True when `granter` outranks every role `target` holds (may edit or reset them).
bool outranks(Role granter, const User& target);

// `granter` is the caller's acting role (may_grant decides); the org unit must be in scope and
// of a kind the role may be granted on.
Result<Grant> add_grant(store::Tx& tx, const audit::Actor& actor, const org::Scope& scope,
                        Role granter, std::int64_t user_id, Role role, std::int64_t org_id);
Status remove_grant(store::Tx& tx, const audit::Actor& actor, const org::Scope& scope, Role granter,
                    std::int64_t user_id, std::int64_t grant_id);

// Replaces the password hash and revokes every session of the user except `keep_session`.
Status set_password(store::Tx& tx, const audit::Actor& actor, std::int64_t user_id,
                    const std::string& password_hash, std::int64_t keep_session,
                    std::string_view action);

}  // namespace onegrid::auth
