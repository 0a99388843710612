#include "app/setup.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "events/taxonomy_store.hpp"

namespace onegrid::app {

void setup_logging(const Config& cfg) {
  // Logs go to stderr (stdout stays for command output) through a background thread, so no
  // request thread waits on the terminal or the log collector; flushed at exit.
  spdlog::init_thread_pool(16384, 1);
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::async_logger>("onegrid", sink, spdlog::thread_pool(),
                                                       spdlog::async_overflow_policy::block);
  spdlog::set_default_logger(logger);
  std::atexit([] { spdlog::shutdown(); });
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
}

Result<std::unique_ptr<store::Store>> open_migrated_store(const Config& cfg, int readers) {
  std::error_code ec;
  std::filesystem::create_directories(cfg.data_dir, ec);
  if (ec)
    return internal_error("config.data_dir",
                          "cannot create data dir " + cfg.data_dir + ": " + ec.message());
  store::StoreOptions options;
  if (readers > 0) options.readers = readers;
  OG_ASSIGN(auto st, store::open_store(cfg.store, options));
  OG_ASSIGN(int version, store::migrate(*st));
  spdlog::info("store {} at schema version {}",
               st->driver() == store::Driver::sqlite ? "sqlite" : "postgresql", version);
  return st;
}

Result<auth::Keys> load_keys(const Config& cfg) {
  std::error_code ec;
  std::filesystem::create_directories(cfg.data_dir, ec);
  return auth::load_or_create_keys(cfg.key_file());
}

Status ensure_taxonomy(store::Store& store) {
  return store.write([](store::Tx& tx) -> Status {
    OG_ASSIGN(int added, events::install_default_taxonomy(tx, audit::Actor::system("migrate")));
    if (added > 0) spdlog::info("installed the default event taxonomy ({} subclasses)", added);
    return ok_status();
  });
}

int fail(const Error& e) {
  std::fprintf(stderr, "onegrid: %s (%s)\n", e.message.c_str(), e.code.c_str());
  return 1;
}

}  // namespace onegrid::app
