// Administrative sub-commands: migrate, seed-demo, user create/reset-password/grant, audit purge,
// kpi-rollup.

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/commands.hpp"
#include "app/setup.hpp"
#include "audit/audit.hpp"
#include "auth/accounts.hpp"
#include "auth/password.hpp"
#include "base/clock.hpp"
#include "demo/events_seed.hpp"
#include "demo/open311_seed.hpp"
#include "demo/population_seed.hpp"
#include "demo/register_seed.hpp"
#include "demo/seed.hpp"
#include "events/kpi_rollup.hpp"
#include "org/org_store.hpp"
#include "people/pii_vault.hpp"

namespace onegrid::app {
namespace {

std::string read_password(std::string given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("ONEGRID_PASSWORD"); env && *env) return env;
  std::fprintf(stderr, "password: ");
  std::string line;
  std::getline(std::cin, line);
  return line;
}

Result<std::int64_t> org_by_code(store::Store& st, const std::string& code) {
  std::int64_t id = 0;
  OG_TRY(st.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto unit, org::find_by_code(tx, org::Scope::everything(), code));
    if (!unit) return not_found("org.not_found", "no org unit with code " + code);
    id = unit->id;
    return ok_status();
  }));
  return id;
}

}  // namespace

int cmd_migrate(const Config& cfg) {
  setup_logging(cfg);
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  if (auto t = ensure_taxonomy(**st); !t) return fail(t.error());
  auto v = store::schema_version(**st);
  std::printf("schema version %d\n", v ? *v : -1);
  return 0;
}

void print_demo_accounts() {
  std::printf("Demo accounts (password: %s):\n", demo::kDemoPassword);
  for (const auto& a : demo::demo_accounts())
    std::printf("  %-11s %-17s %s\n", a.username.c_str(), a.role.c_str(), a.description.c_str());
}

int cmd_seed(const Config& cfg, int scale, int events) {
  setup_logging(cfg);
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  auto report = demo::seed_demo(**st, scale);
  if (!report) return fail(report.error());
  if (report->already_seeded)
    std::printf("the store already holds an org tree; nothing seeded\n");
  else
    std::printf("seeded %d org units and %d users\n", report->org_units, report->users);
  if (auto t = ensure_taxonomy(**st); !t) return fail(t.error());
  if (auto o = demo::seed_open311(**st); !o) return fail(o.error());
  // residents only with a fresh org tree: a cleared figure stays cleared (see cmd_serve)
  if (!report->already_seeded)
    if (auto p = demo::seed_population(**st); !p) return fail(p.error());
  if (cfg.demo_persons > 0) {
    auto keys = load_keys(cfg);
    if (!keys) return fail(keys.error());
    people::PiiVault vault(keys->data_key, keys->index_key);
    auto reg = demo::seed_register(**st, vault, cfg.demo_persons * scale, now_ms());
    if (!reg) return fail(reg.error());
    if (!reg->already_seeded)
      std::printf(
          "seeded the register: %lld residents (%lld extract rows, %lld to review),"
          " %lld organisations\n",
          static_cast<long long>(reg->persons), static_cast<long long>(reg->rows),
          static_cast<long long>(reg->review), static_cast<long long>(reg->organisations));
  }
  auto ev = demo::seed_events(**st, events * scale, now_ms());
  if (!ev) return fail(ev.error());
  if (!ev->already_seeded)
    std::printf("seeded %d events (%d transitions)\n", ev->events, ev->transitions);
  if (auto k = events::refresh_kpi_rollup(**st); !k) return fail(k.error());
  print_demo_accounts();
  return 0;
}

int cmd_user_create(const Config& cfg, UserArgs args) {
  setup_logging(cfg);
  auto role = auth::parse_role(args.role);
  if (!role) return fail(invalid_input("user.invalid_role", "unknown role " + args.role));
  args.password = read_password(args.password);
  if (auto p = auth::check_password_policy(args.password, args.username); !p)
    return fail(p.error());
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  auto org_id = org_by_code(**st, args.org_code);
  if (!org_id) return fail(org_id.error());
  auto hash = auth::hash_password(args.password);
  if (!hash) return fail(hash.error());
  const auto actor = audit::Actor::system("cli");
  auto done = (*st)->write([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto u,
              auth::create_user(tx, actor, org::Scope::everything(),
                                auth::NewUser{args.username, args.display_name, *org_id, *hash}));
    OG_TRY(auth::add_grant(tx, actor, org::Scope::everything(), auth::Role::sysadmin, u.id, *role,
                           *org_id));
    return ok_status();
  });
  if (!done) return fail(done.error());
  std::printf("created %s\n", args.username.c_str());
  return 0;
}

int cmd_user_reset(const Config& cfg, UserArgs args) {
  setup_logging(cfg);
  args.password = read_password(args.password);
  if (auto p = auth::check_password_policy(args.password, args.username); !p)
    return fail(p.error());
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  auto hash = auth::hash_password(args.password);
  if (!hash) return fail(hash.error());
  auto done = (*st)->write([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto u, auth::find_user(tx, args.username));
    if (!u) return not_found("user.not_found", "no user " + args.username);
    return auth::set_password(tx, audit::Actor::system("cli"), u->id, *hash, 0,
                              "user.password_reset");
  });
  if (!done) return fail(done.error());
  std::printf("password of %s reset; their sessions ended\n", args.username.c_str());
  return 0;
}

int cmd_user_grant(const Config& cfg, const UserArgs& args) {
  setup_logging(cfg);
  auto role = auth::parse_role(args.role);
  if (!role) return fail(invalid_input("user.invalid_role", "unknown role " + args.role));
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  auto org_id = org_by_code(**st, args.org_code);
  if (!org_id) return fail(org_id.error());
  auto done = (*st)->write([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto u, auth::find_user(tx, args.username));
    if (!u) return not_found("user.not_found", "no user " + args.username);
    OG_TRY(auth::add_grant(tx, audit::Actor::system("cli"), org::Scope::everything(),
                           auth::Role::sysadmin, u->id, *role, *org_id));
    return ok_status();
  });
  if (!done) return fail(done.error());
  std::printf("granted %s on %s to %s\n", args.role.c_str(), args.org_code.c_str(),
              args.username.c_str());
  return 0;
}

int cmd_check(const Config& cfg) {
  setup_logging(cfg);
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  if (auto ok = (*st)->integrity_check(); !ok) return fail(ok.error());
  std::printf("integrity check ok\n");
  return 0;
}

int cmd_kpi_rollup(const Config& cfg, bool full) {
  setup_logging(cfg);
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  const auto started = std::chrono::steady_clock::now();
  auto r = events::refresh_kpi_rollup(**st, full);
  if (!r) return fail(r.error());
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("KPI rollup: %d days rebuilt%s in %.1f s\n", r->days, r->full ? " (whole)" : "",
              secs);
  return 0;
}

int cmd_audit_purge(const Config& cfg) {
  setup_logging(cfg);
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  const std::int64_t cutoff = now_ms() - std::int64_t{cfg.audit_retention_days} * 86'400'000;
  auto n = audit::purge(**st, cutoff);
  if (!n) return fail(n.error());
  std::printf("deleted %lld audit records older than %s\n", static_cast<long long>(*n),
              format_utc(cutoff).c_str());
  return 0;
}

}  // namespace onegrid::app
