#include "app/config.hpp"

#include <charconv>
#include <toml++/toml.h>

namespace onegrid::app {
namespace {

// TOML keys are the long option names with '-' or '_'.
template <class T>
void from_toml(const toml::table& t, CLI::App& cmd, const char* option, const char* key, T& out) {
  CLI::Option* opt = nullptr;
  try {
    opt = cmd.get_option(option);
  } catch (const CLI::OptionNotFound&) {
    return;
  }
  if (opt->count() > 0) return;  // a flag or an environment variable already set it
  std::string dashed = key;
  for (auto& ch : dashed)
    if (ch == '_') ch = '-';
  const toml::node* node = t.get(key);
  if (!node) node = t.get(dashed);
  if (!node) return;
  if constexpr (std::is_same_v<T, std::string>) {
    if (auto v = node->value<std::string>()) out = *v;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (auto v = node->value<bool>()) out = *v;
  } else if constexpr (std::is_floating_point_v<T>) {
    if (auto v = node->value<double>()) out = *v;
  } else {
    if (auto v = node->value<std::int64_t>()) out = static_cast<T>(*v);
  }
}

}  // namespace

void add_store_options(CLI::App& cmd, Config& cfg) {
  cmd.add_option("--config", cfg.config_file, "TOML configuration file")->envname("ONEGRID_CONFIG");
  cmd.add_option("--store", cfg.store,
                 "Store URL: sqlite:///path/file.db or postgresql://user@host:port/db"
                 " (default: sqlite under the data dir)")
      ->envname("ONEGRID_STORE");
  cmd.add_option("--data-dir", cfg.data_dir, "Data directory (key file, SQLite store, uploads)")
      ->envname("ONEGRID_DATA_DIR")
      ->capture_default_str();
  cmd.add_option("--log-level", cfg.log_level, "trace, debug, info, warn, error")
      ->envname("ONEGRID_LOG_LEVEL")
      ->capture_default_str();
}

void add_serve_options(CLI::App& cmd, Config& cfg) {
  cmd.add_option("--listen", cfg.listen, "Address to listen on, HOST:PORT")
      ->envname("ONEGRID_LISTEN")
      ->capture_default_str();
  cmd.add_option("--web-root", cfg.web_root, "Directory of the built web console (web/dist)")
      ->envname("ONEGRID_WEB_ROOT");
  cmd.add_option("--threads", cfg.threads, "Server threads (0: one per core)")
      ->envname("ONEGRID_THREADS")
      ->capture_default_str();
  cmd.add_option("--audit-retention-days", cfg.audit_retention_days,
                 "Days audit records are kept before the purge job removes them")
      ->envname("ONEGRID_AUDIT_RETENTION_DAYS")
      ->capture_default_str();
  cmd.add_option("--body-limit", cfg.body_limit, "Largest request body in bytes")
      ->envname("ONEGRID_BODY_LIMIT")
      ->capture_default_str();
  cmd.add_option("--login-burst", cfg.login_burst, "Login attempts one client address may make at once")
      ->envname("ONEGRID_LOGIN_BURST")
      ->capture_default_str();
  cmd.add_option("--login-per-minute", cfg.login_per_minute,
                 "Rate at which a client address regains login attempts")
      ->envname("ONEGRID_LOGIN_PER_MINUTE")
      ->capture_default_str();
  cmd.add_flag("--demo,!--no-demo", cfg.demo, "Seed the demo district into an empty store")
      ->envname("ONEGRID_DEMO")
      ->capture_default_str();
}

Status finalize(CLI::App& cmd, Config& cfg) {
  if (!cfg.config_file.empty()) {
    toml::table t;
    try {
      t = toml::parse_file(cfg.config_file);
    } catch (const toml::parse_error& e) {
      return invalid_input("config.bad_file",
                           "cannot read " + cfg.config_file + ": " + std::string(e.description()),
                           "config");
    }
    from_toml(t, cmd, "--store", "store", cfg.store);
    from_toml(t, cmd, "--data-dir", "data_dir", cfg.data_dir);
    from_toml(t, cmd, "--log-level", "log_level", cfg.log_level);
    from_toml(t, cmd, "--listen", "listen", cfg.listen);
    from_toml(t, cmd, "--web-root", "web_root", cfg.web_root);
    from_toml(t, cmd, "--threads", "threads", cfg.threads);
    from_toml(t, cmd, "--audit-retention-days", "audit_retention_days", cfg.audit_retention_days);
    from_toml(t, cmd, "--body-limit", "body_limit", cfg.body_limit);
    from_toml(t, cmd, "--demo", "demo", cfg.demo);
    from_toml(t, cmd, "--login-burst", "login_burst", cfg.login_burst);
    from_toml(t, cmd, "--login-per-minute", "login_per_minute", cfg.login_per_minute);
  }
  if (cfg.store.empty())
    cfg.store = "sqlite://" + std::filesystem::absolute(std::filesystem::path(cfg.data_dir) / "onegrid.db").string();
  if (cfg.threads < 0 || cfg.threads > 256)
    return invalid_input("config.bad_threads", "threads must be 0-256", "threads");
  if (cfg.login_burst < 1 || cfg.login_per_minute <= 0)
    return invalid_input("config.bad_login_limit", "login limits must be positive", "login_burst");
  if (cfg.audit_retention_days < 1)
    return invalid_input("config.bad_retention", "audit retention must be at least 1 day",
                         "audit_retention_days");
  std::string host;
  unsigned short port = 0;
  return parse_listen(cfg.listen, host, port);
}

Status parse_listen(const std::string& listen, std::string& host, unsigned short& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return invalid_input("config.bad_listen", "listen must be HOST:PORT", "listen");
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned value = 0;
  const char* b = listen.data() + colon + 1;
  const char* e = listen.data() + listen.size();
  auto [p, ec] = std::from_chars(b, e, value);
  if (ec != std::errc() || p != e || value > 65535)
    return invalid_input("config.bad_listen", "listen port must be 0-65535", "listen");
  port = static_cast<unsigned short>(value);
  return ok_status();
}

}  // namespace onegrid::app
