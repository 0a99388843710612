#pragma once
// libsodium start-up: every module calls ensure_sodium() before its first sodium call; the real
// sodium_init() runs once per process, thread-safely. Plus the digest several modules share.

#include <string>
#include <string_view>

namespace onegrid::auth {

// Initialises libsodium once. Aborts the process if the library cannot start (no entropy source),
// since nothing secure can be done without it.
void ensure_sodium();

// Lower-case hex SHA-256 of the bytes (attachment file names, import batches' file digests).
std::string sha256_hex(std::string_view bytes);

}  // namespace onegrid::auth
