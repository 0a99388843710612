#include "auth/token.hpp"

#include <sodium.h>

#include <array>
#include <vector>

#include "auth/sodium.hpp"

namespace onegrid::auth {

namespace {
constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
static_assert(sodium_base64_ENCODED_LEN(kSessionTokenBytes, kVariant) == kSessionTokenChars + 1);
}  // namespace

std::string new_session_token() {
  ensure_sodium();
  std::array<unsigned char, kSessionTokenBytes> raw;
  randombytes_buf(raw.data(), raw.size());
  char out[kSessionTokenChars + 1];
  sodium_bin2base64(out, sizeof out, raw.data(), raw.size(), kVariant);
  sodium_memzero(raw.data(), raw.size());
  std::string token(out, kSessionTokenChars);
  sodium_memzero(out, sizeof out);
  return token;
}

std::string token_hash(const Keys& keys, std::string_view token) {
  ensure_sodium();
  std::array<unsigned char, 32> digest;
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     keys.session_key.data(), keys.session_key.size());
  char hex[2 * 32 + 1];
  sodium_bin2hex(hex, sizeof hex, digest.data(), digest.size());
  return std::string(hex, 2 * 32);
}

bool looks_like_token(std::string_view token) {
  if (token.size() != kSessionTokenChars) return false;
  for (char c : token) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string random_hex(std::size_t bytes) {
  if (bytes == 0) return {};
  ensure_sodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string hex(2 * bytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  hex.pop_back();
  return hex;
}

}  // namespace onegrid::auth
