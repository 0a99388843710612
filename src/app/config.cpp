#include "app/config.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <functional>
#include <variant>

namespace onegrid::app {
namespace {

// One configurable setting: its flag, environment variable and TOML key. Flags are parsed by
// CLI11; the environment and the TOML file are applied here, for settings no flag set, so the
// precedence is ours (CLI11 2.1 lets a variable beat a flag when sub-commands share a setting).
using Target = std::variant<std::string*, int*, std::size_t*, double*, bool*>;
struct Setting {
  const char* flag;  // CLI11 name, e.g. "--store"
  const char* env;   // "ONEGRID_STORE"
  const char* key;   // TOML key, "store"
  const char* help;
  std::function<Target(Config&)> target;
};

const std::vector<Setting>& store_settings() {
  static const std::vector<Setting> s{
      {"--store", "ONEGRID_STORE", "store",
       "Store URL: sqlite:///path/file.db or postgresql://user@host:port/db (default: SQLite in "
       "the data dir)",
       [](Config& c) -> Target { return &c.store; }},
      {"--data-dir", "ONEGRID_DATA_DIR", "data_dir", "Data directory (key file, SQLite store)",
       [](Config& c) -> Target { return &c.data_dir; }},
      {"--log-level", "ONEGRID_LOG_LEVEL", "log_level", "trace, debug, info, warn, error",
       [](Config& c) -> Target { return &c.log_level; }},
  };
  return s;
}

const std::vector<Setting>& serve_settings() {
  static const std::vector<Setting> s{
      {"--listen", "ONEGRID_LISTEN", "listen",
       "Address to listen on, HOST:PORT (port 0: any free port)",
       [](Config& c) -> Target { return &c.listen; }},
      {"--web-root", "ONEGRID_WEB_ROOT", "web_root",
       "Directory of the built web console (default: web/dist)",
       [](Config& c) -> Target { return &c.web_root; }},
      {"--threads", "ONEGRID_THREADS", "threads", "Server threads (0: one per core)",
       [](Config& c) -> Target { return &c.threads; }},
      {"--audit-retention-days", "ONEGRID_AUDIT_RETENTION_DAYS", "audit_retention_days",
       "Days audit records are kept before the purge job removes them",
       [](Config& c) -> Target { return &c.audit_retention_days; }},
      {"--body-limit", "ONEGRID_BODY_LIMIT", "body_limit", "Largest request body in bytes",
       [](Config& c) -> Target { return &c.body_limit; }},
      {"--login-burst", "ONEGRID_LOGIN_BURST", "login_burst",
       "Login attempts one client address may make at once",
       [](Config& c) -> Target { return &c.login_burst; }},
      {"--login-per-minute", "ONEGRID_LOGIN_PER_MINUTE", "login_per_minute",
       "Rate at which a client address regains login attempts",
       [](Config& c) -> Target { return &c.login_per_minute; }},
      {"--demo", "ONEGRID_DEMO", "demo",
       "Seed the demo district into an empty store (--no-demo: don't)",
       [](Config& c) -> Target { return &c.demo; }},
      {"--demo-events", "ONEGRID_DEMO_EVENTS", "demo_events",
       "Events the demo seed files over the past 12 months",
       [](Config& c) -> Target { return &c.demo_events; }},
      {"--demo-persons", "ONEGRID_DEMO_PERSONS", "demo_persons",
       "Residents the demo seed imports into the register (as four department extracts)",
       [](Config& c) -> Target { return &c.demo_persons; }},
      {"--sweep-seconds", "ONEGRID_SWEEP_SECONDS", "sweep_seconds",
       "Seconds between deadline sweeps (overdue flags, supervision, escalation)",
       [](Config& c) -> Target { return &c.sweep_seconds; }},
      {"--dup-radius-m", "ONEGRID_DUP_RADIUS_M", "dup_radius_m",
       "Duplicate suggestion: metres between an event and its possible duplicates",
       [](Config& c) -> Target { return &c.dup_radius_m; }},
      {"--dup-window-hours", "ONEGRID_DUP_WINDOW_HOURS", "dup_window_hours",
       "Duplicate suggestion: hours before or after an event a duplicate may be reported",
       [](Config& c) -> Target { return &c.dup_window_hours; }},
  };
  return s;
}

template <class T>
bool parse_number(std::string_view text, T& out) {
  if constexpr (std::is_floating_point_v<T>) {
    char* end = nullptr;
    const std::string s(text);
    out = std::strtod(s.c_str(), &end);
    return !s.empty() && end == s.c_str() + s.size();
  } else {
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && p == text.data() + text.size();
  }
}

Status set_from_text(const Setting& s, Target target, std::string_view text, const char* source) {
  auto bad = [&] {
    return invalid_input(
        "config.bad_value",
        std::string(source) + " gives " + s.key + " an unusable value: " + std::string(text),
        s.key);
  };
  return std::visit(
      [&](auto* out) -> Status {
        using T = std::remove_pointer_t<decltype(out)>;
        if constexpr (std::is_same_v<T, std::string>) {
          *out = std::string(text);
        } else if constexpr (std::is_same_v<T, bool>) {
          if (text == "1" || text == "true" || text == "yes")
            *out = true;
          else if (text == "0" || text == "false" || text == "no")
            *out = false;
          else
            return bad();
        } else if (!parse_number(text, *out)) {
          return bad();
        }
        return ok_status();
      },
      target);
}

Status set_from_toml(const Setting& s, Target target, const toml::node& node) {
  return std::visit(
      [&](auto* out) -> Status {
        using T = std::remove_pointer_t<decltype(out)>;
        std::optional<T> v;
        if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool>) {
          v = node.value<T>();
        } else if constexpr (std::is_floating_point_v<T>) {
          v = node.value<double>();
        } else if (auto i = node.value<std::int64_t>(); i && *i >= 0) {
          v = static_cast<T>(*i);
        }
        if (!v)
          return invalid_input("config.bad_value",
                               std::string("config file: wrong type for ") + s.key, s.key);
        *out = *v;
        return ok_status();
      },
      target);
}

void add(CLI::App& cmd, Config& cfg, const Setting& s) {
  const std::string help = std::string(s.help) + " [env " + s.env + "]";
  std::visit(
      [&](auto* out) {
        using T = std::remove_pointer_t<decltype(out)>;
        if constexpr (std::is_same_v<T, bool>) {
          cmd.add_flag(std::string(s.flag) + ",!--no-" + (s.flag + 2), *out, help);
        } else {
          cmd.add_option(s.flag, *out, help)->capture_default_str();
        }
      },
      s.target(cfg));
}

}  // namespace

void add_store_options(CLI::App& cmd, Config& cfg) {
  cmd.add_option("--config", cfg.config_file, "TOML configuration file [env ONEGRID_CONFIG]");
  for (const auto& s : store_settings()) add(cmd, cfg, s);
}

void add_serve_options(CLI::App& cmd, Config& cfg) {
  for (const auto& s : serve_settings()) add(cmd, cfg, s);
}

Status finalize(CLI::App& cmd, Config& cfg) {
  if (cfg.config_file.empty())
    if (const char* c = std::getenv("ONEGRID_CONFIG")) cfg.config_file = c;
  toml::table file;
  if (!cfg.config_file.empty()) {
    try {
      file = toml::parse_file(cfg.config_file);
    } catch (const toml::parse_error& e) {
      return invalid_input("config.bad_file",
                           "cannot read " + cfg.config_file + ": " + std::string(e.description()),
                           "config");
    }
  }
  for (const auto* list : {&store_settings(), &serve_settings()}) {
    for (const auto& s : *list) {
      CLI::Option* opt = nullptr;
      try {
        opt = cmd.get_option(s.flag);
      } catch (const CLI::OptionNotFound&) {
        continue;  // this sub-command has no such setting
      }
      if (opt->count() > 0) continue;  // a flag set it
      if (const char* env = std::getenv(s.env); env && *env) {
        OG_TRY(set_from_text(s, s.target(cfg), env, s.env));
        continue;
      }
      std::string dashed = s.key;
      for (auto& ch : dashed)
        if (ch == '_') ch = '-';
      const toml::node* node = file.get(s.key);
      if (!node) node = file.get(dashed);
      if (node) OG_TRY(set_from_toml(s, s.target(cfg), *node));
    }
  }
  if (cfg.store.empty())
    cfg.store =
        "sqlite://" +
        std::filesystem::absolute(std::filesystem::path(cfg.data_dir) / "onegrid.db").string();
  if (cfg.threads < 0 || cfg.threads > 256)
    return invalid_input("config.bad_threads", "threads must be 0-256", "threads");
  if (cfg.login_burst < 1 || cfg.login_per_minute <= 0)
    return invalid_input("config.bad_login_limit", "login limits must be positive", "login_burst");
  if (cfg.sweep_seconds < 1)
    return invalid_input("config.bad_value", "sweep_seconds must be at least 1", "sweep_seconds");
  if (!(cfg.dup_radius_m > 0 && cfg.dup_radius_m <= 10000))
    return invalid_input("config.bad_value", "dup_radius_m must be in (0, 10000]", "dup_radius_m");
  if (!(cfg.dup_window_hours > 0 && cfg.dup_window_hours <= 8760))
    return invalid_input("config.bad_value", "dup_window_hours must be in (0, 8760]",
                         "dup_window_hours");
  if (cfg.demo_events < 0)
    return invalid_input("config.bad_value", "demo_events must not be negative", "demo_events");
  if (cfg.demo_persons < 0 || cfg.demo_persons > 1'000'000)
    return invalid_input("config.bad_value", "demo_persons must be in [0, 1000000]",
                         "demo_persons");
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
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
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
