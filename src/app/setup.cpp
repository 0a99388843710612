#include "app/setup.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <thread>

namespace onegrid::app {

void setup_logging(const Config& cfg) {
  // Logs go to stderr; stdout stays for command output.
  auto logger = spdlog::stderr_logger_mt("onegrid");
  spdlog::set_default_logger(logger);
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

int fail(const Error& e) {
  std::fprintf(stderr, "onegrid: %s (%s)\n", e.message.c_str(), e.code.c_str());
  return 1;
}

}  // namespace onegrid::app
