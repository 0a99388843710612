#pragma once
// Start-up steps shared by the sub-commands: logging, data directory, key file, store + migrate.

#include <memory>

#include "app/config.hpp"
#include "auth/keys.hpp"
#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::app {

void setup_logging(const Config& cfg);
// Creates the data dir, opens the store and applies pending migrations.
Result<std::unique_ptr<store::Store>> open_migrated_store(const Config& cfg, int readers = 0);
Result<auth::Keys> load_keys(const Config& cfg);
// Installs the built-in event taxonomy into a store that has none (after the demo seed, so the
// default departments resolve when they exist).
Status ensure_taxonomy(store::Store& store);
// Prints "onegrid: <message>" to stderr and returns exit code 1.
int fail(const Error& e);

}  // namespace onegrid::app
