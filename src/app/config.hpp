#pragma once
// Configuration of every sub-command: command-line flags, then ONEGRID_* environment variables,
// then an optional TOML file (--config / ONEGRID_CONFIG), then defaults — in that precedence.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

#include "base/result.hpp"

namespace onegrid::app {

struct Config {
  std::string config_file;
  std::string store;  // store URL; default sqlite:///<data_dir>/onegrid.db
  std::string data_dir = "data";
  std::string listen = "127.0.0.1:8080";
  std::string web_root;  // default: web/dist beside the working directory or the binary
  int threads = 0;       // 0: one per core
  int audit_retention_days = 180;
  std::string log_level = "info";
  bool demo = true;              // serve: seed the demo district into an empty store
  int demo_events = 20000;       // events the demo seed files over the past 12 months
  int demo_persons = 4000;       // residents the demo seed imports into the register
  int sweep_seconds = 30;        // how often the deadline sweep (督办) runs
  double dup_radius_m = 200;     // duplicate suggestion: distance …
  double dup_window_hours = 72;  // … and time window either side
  std::size_t body_limit = 1 << 20;
  double login_burst = 20;       // login attempts per client address at once …
  double login_per_minute = 10;  // … refilled at this rate

  std::filesystem::path key_file() const { return std::filesystem::path(data_dir) / "onegrid.key"; }
};

// Adds the options shared by the sub-commands that touch the store.
void add_store_options(CLI::App& cmd, Config& cfg);
// Adds the serve-only options.
void add_serve_options(CLI::App& cmd, Config& cfg);
// After CLI parsing: fills options left unset from the TOML file, derives defaults, validates.
Status finalize(CLI::App& cmd, Config& cfg);
// Splits "host:port"; errors config.bad_listen.
Status parse_listen(const std::string& listen, std::string& host, unsigned short& port);

}  // namespace onegrid::app
