#pragma once
// Passwords: Argon2id hashing and verification (libsodium) and the password policy (length in
// code points, common-password blocklist, username, repetition) with stable error codes.

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace onegrid::auth {

inline constexpr unsigned long long kPasswordOpsLimit = 2;          // Argon2id passes
inline constexpr std::size_t kPasswordMemLimit = 19 * 1024 * 1024;  // 19 MiB
inline constexpr std::size_t kPasswordMinChars = 12;                // Unicode code points
inline constexpr std::size_t kPasswordMaxChars = 128;

// The encoded "$argon2id$v=19$m=19456,t=2,p=1$salt$hash" string. Fails with
// internal "password.hash_failed" only when memory runs out.
Result<std::string> hash_password(std::string_view password);

// Constant-time check against an encoded hash; false for a malformed or empty `encoded`.
bool verify_password(std::string_view encoded, std::string_view password);

// True when `encoded` is not Argon2id with the current limits (re-hash after a good login).
bool needs_rehash(std::string_view encoded);

// ErrorKind::invalid, field "password", checked in this order: "password.too_short",
// "password.too_long", "password.repetitive", "password.common", "password.contains_username".
Status check_password_policy(std::string_view password, std::string_view username);

}  // namespace onegrid::auth
