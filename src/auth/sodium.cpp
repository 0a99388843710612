#include "auth/sodium.hpp"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace onegrid::auth {

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) {
      std::fputs("onegrid: libsodium failed to initialise\n", stderr);
      std::abort();
    }
  });
}

}  // namespace onegrid::auth
