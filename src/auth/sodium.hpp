#pragma once
// libsodium start-up: every module calls ensure_sodium() before its first sodium call; the real
// sodium_init() runs once per process, thread-safely.

namespace onegrid::auth {

// Initialises libsodium once. Aborts the process if the library cannot start (no entropy source),
// since nothing secure can be done without it.
void ensure_sodium();

}  // namespace onegrid::auth
