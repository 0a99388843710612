#pragma once
// Server secrets (session-token key, data-encryption key, blind-index key), read from a private key
// file that is created with fresh random keys, mode 0600, on first run.

#include <array>
#include <filesystem>

#include "base/result.hpp"

namespace onegrid::auth {

struct Keys {
  std::array<unsigned char, 32> session_key;  // keyed hash of session tokens
  std::array<unsigned char, 32> data_key;     // encryption of personal data (ID numbers, phones)
  std::array<unsigned char, 32> index_key;    // keyed blind index for looking those up
};

// Loads the key file, or creates it (and missing parent directories, mode 0700) when absent.
// Creation is atomic and never overwrites a file another process created meanwhile.
// Errors (ErrorKind::internal): "keys.insecure_permissions" (group/other have any permission bit,
// or not a regular file), "keys.corrupt" (malformed), "keys.io". Messages never hold key material.
Result<Keys> load_or_create_keys(const std::filesystem::path& file);

}  // namespace onegrid::auth
