#pragma once
// Encryption at rest of ID numbers and phones (libsodium secretbox, XSalsa20-Poly1305, a unique
// nonce per value: a random per-vault prefix and a counter) and the keyed blind index (BLAKE2b
// keyed hash) that lets the store find and match them by exact value without decrypting. The keys
// come from auth::Keys.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace onegrid::people {

class PiiVault {
 public:
  PiiVault(const std::array<unsigned char, 32>& data_key,
           const std::array<unsigned char, 32>& index_key);

  // nonce || ciphertext.
  std::vector<std::uint8_t> seal(std::string_view plain) const;
  // Errors (internal): "pii.corrupt" (too short, or authentication failed).
  Result<std::string> open(const std::vector<std::uint8_t>& sealed) const;

  // 32 lower-case hex characters; `kind` ("id", "phone") separates the domains so an ID
  // number and a phone with the same digits never share an index value.
  std::string blind_index(std::string_view kind, std::string_view normalized) const;

 private:
  std::array<unsigned char, 32> data_key_;
  std::array<unsigned char, 32> index_key_;
  std::array<unsigned char, 16> nonce_prefix_{};
  mutable std::atomic<std::uint64_t> counter_{0};
};

}  // namespace onegrid::people
