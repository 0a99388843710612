// PII at rest: libsodium secretbox (XSalsa20-Poly1305) with a unique nonce per value, and a keyed
// BLAKE2b blind index for exact-match look-ups without decryption (see pii_vault.hpp).
#include "people/pii_vault.hpp"

#include <sodium.h>

#include <algorithm>

#include "auth/sodium.hpp"

namespace onegrid::people {

static_assert(crypto_secretbox_KEYBYTES == 32, "data_key is 32 bytes");
static_assert(crypto_generichash_KEYBYTES_MIN <= 32 && 32 <= crypto_generichash_KEYBYTES_MAX,
              "index_key is a valid BLAKE2b key length");

namespace {
constexpr std::size_t kIndexBytes = 16;  // 128-bit index: 32 hex characters
}  // namespace

PiiVault::PiiVault(const std::array<unsigned char, 32>& data_key,
                   const std::array<unsigned char, 32>& index_key)
    : data_key_(data_key), index_key_(index_key) {
  auth::ensure_sodium();
  randombytes_buf(nonce_prefix_.data(), nonce_prefix_.size());
}

std::vector<std::uint8_t> PiiVault::seal(std::string_view plain) const {
  std::vector<std::uint8_t> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                plain.size());
  // 16 random bytes per vault and a 64-bit counter: unique without a system call per value
  // (an import seals two values per row, millions of times).
  static_assert(crypto_secretbox_NONCEBYTES == 24);
  std::copy(nonce_prefix_.begin(), nonce_prefix_.end(), out.begin());
  const std::uint64_t n = counter_.fetch_add(1, std::memory_order_relaxed);
  for (int i = 0; i < 8; ++i) out[16 + i] = static_cast<std::uint8_t>(n >> (8 * i));
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                        out.data(), data_key_.data());
  return out;
}

Result<std::string> PiiVault::open(const std::vector<std::uint8_t>& sealed) const {
  constexpr std::size_t overhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  if (sealed.size() < overhead) {
    return internal_error("pii.corrupt", "sealed value is shorter than nonce and tag");
  }
  std::string plain(sealed.size() - overhead, '\0');
  const unsigned char* cipher = sealed.data() + crypto_secretbox_NONCEBYTES;
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), cipher,
                                 sealed.size() - crypto_secretbox_NONCEBYTES, sealed.data(),
                                 data_key_.data()) != 0) {
    return internal_error("pii.corrupt", "sealed value failed authentication");
  }
  return plain;
}

std::string PiiVault::blind_index(std::string_view kind, std::string_view normalized) const {
  // BLAKE2b(key = index_key, kind || 0x00 || value): the separator keeps ("id", "x…") and
  // ("idx", "…") apart.
  crypto_generichash_state state;
  crypto_generichash_init(&state, index_key_.data(), index_key_.size(), kIndexBytes);
  const unsigned char zero = 0;
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kind.data()),
                            kind.size());
  crypto_generichash_update(&state, &zero, 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(normalized.data()),
                            normalized.size());
  unsigned char digest[kIndexBytes];
  crypto_generichash_final(&state, digest, sizeof digest);
  char hex[2 * kIndexBytes + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, 2 * kIndexBytes);
}

}  // namespace onegrid::people
