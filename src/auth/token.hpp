#pragma once
// Session tokens and other random identifiers: 256-bit opaque bearer tokens (base64url), their
// keyed hash (the only form stored), and random hex ids for requests and temp files.

#include <cstddef>
#include <string>
#include <string_view>

#include "auth/keys.hpp"

namespace onegrid::auth {

inline constexpr std::size_t kSessionTokenBytes = 32;
inline constexpr std::size_t kSessionTokenChars = 43;  // base64url of 32 bytes, no padding

// A fresh token: 32 random bytes, base64url without padding (43 chars of [A-Za-z0-9_-]).
std::string new_session_token();

// The stored form of a token: keyed BLAKE2b-256 with keys.session_key, as 64 lower-case hex digits.
std::string token_hash(const Keys& keys, std::string_view token);

// Cheap shape check (length and alphabet) before any database lookup.
bool looks_like_token(std::string_view token);

// `bytes` random bytes as 2 × bytes lower-case hex digits (request ids, temp-file suffixes).
std::string random_hex(std::size_t bytes);

}  // namespace onegrid::auth
