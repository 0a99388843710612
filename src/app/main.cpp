// `onegrid`: the one binary. Sub-commands: serve, migrate, seed-demo, user, audit, check,
// import, import-batch, export, bench-data, version.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "app/commands.hpp"
#include "app/config.hpp"

namespace onegrid::app {
void add_bench_data_command(CLI::App& app, Config& cfg);  // cmd_bench_data.cpp
void add_register_commands(CLI::App& app, Config& cfg);   // cmd_register.cpp
}  // namespace onegrid::app

int main(int argc, char** argv) {
  using namespace onegrid::app;
  CLI::App app{"OneGrid (一网统管) — community-governance platform"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every sub-command");
  Config cfg;
  UserArgs user_args;
  int scale = 1;
  int seed_events = 20000;

  auto* serve = app.add_subcommand(
      "serve",
      "Run the HTTP server (migrates the store first; seeds the demo district into an empty store"
      " unless --no-demo)");
  add_store_options(*serve, cfg);
  add_serve_options(*serve, cfg);
  app.footer(
      "Precedence: flags, then ONEGRID_* environment variables, then the TOML file given by "
      "--config\n"
      "(keys are the long option names, e.g. store = \"postgresql://onegrid@db:5432/onegrid\"), "
      "then defaults.");

  auto* migrate = app.add_subcommand("migrate", "Apply pending schema migrations and exit");
  add_store_options(*migrate, cfg);

  auto* seed = app.add_subcommand("seed-demo", "Seed the demo district (idempotent)");
  add_store_options(*seed, cfg);
  seed->add_option("--scale", scale, "Multiply streets, communities, grids and users")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  seed->add_option("--events", seed_events, "Demo events over the past 12 months (scaled too)")
      ->check(CLI::Range(0, 100'000'000))
      ->capture_default_str();
  seed->add_option("--persons", cfg.demo_persons,
                   "Residents imported into the register as department extracts (scaled too)")
      ->check(CLI::Range(0, 1'000'000))
      ->capture_default_str();

  auto* user = app.add_subcommand("user", "Manage accounts from the command line");
  user->require_subcommand(1);
  auto* user_create = user->add_subcommand("create", "Create a user with a role on an org unit");
  add_store_options(*user_create, cfg);
  user_create->add_option("username", user_args.username)->required();
  user_create->add_option("--name", user_args.display_name, "Display name")->required();
  user_create->add_option("--role", user_args.role, "Role code, e.g. sysadmin, grid_worker")
      ->required();
  user_create->add_option("--org", user_args.org_code, "Org unit code, e.g. 110105")->required();
  user_create->add_option("--password", user_args.password,
                          "Password (else ONEGRID_PASSWORD, else read from standard input)");
  auto* user_reset =
      user->add_subcommand("reset-password", "Set a user's password; ends their sessions");
  add_store_options(*user_reset, cfg);
  user_reset->add_option("username", user_args.username)->required();
  user_reset->add_option("--password", user_args.password,
                         "Password (else ONEGRID_PASSWORD, else read from standard input)");
  auto* user_grant = user->add_subcommand("grant", "Grant a role on an org unit");
  add_store_options(*user_grant, cfg);
  user_grant->add_option("username", user_args.username)->required();
  user_grant->add_option("--role", user_args.role, "Role code")->required();
  user_grant->add_option("--org", user_args.org_code, "Org unit code")->required();

  auto* audit = app.add_subcommand("audit", "Audit log maintenance");
  audit->require_subcommand(1);
  auto* purge = audit->add_subcommand("purge", "Delete audit records older than the retention");
  add_store_options(*purge, cfg);
  purge
      ->add_option("--days,--audit-retention-days", cfg.audit_retention_days,
                   "Retention in days [env ONEGRID_AUDIT_RETENTION_DAYS]")
      ->capture_default_str();

  bool rollup_full = false;
  auto* rollup = app.add_subcommand(
      "kpi-rollup", "Bring the KPI rollup up to date with the event transitions and exit");
  add_store_options(*rollup, cfg);
  rollup->add_flag("--full", rollup_full, "Rebuild every day and month of it");

  auto* check = app.add_subcommand("check", "Run the store's integrity check");
  add_store_options(*check, cfg);

  app.add_subcommand("version", "Print the version");

  add_bench_data_command(app, cfg);
  add_register_commands(app, cfg);
  CLI11_PARSE(app, argc, argv);

  auto run = [&](CLI::App* cmd, auto&& fn) -> int {
    auto st = finalize(*cmd, cfg);
    if (!st) {
      std::fprintf(stderr, "onegrid: %s\n", st.error().message.c_str());
      return 2;
    }
    return fn();
  };
  if (app.got_subcommand("version")) {
    std::printf("onegrid %s\n", ONEGRID_VERSION);
    return 0;
  }
  if (serve->parsed()) return run(serve, [&] { return cmd_serve(cfg); });
  if (migrate->parsed()) return run(migrate, [&] { return cmd_migrate(cfg); });
  if (seed->parsed()) return run(seed, [&] { return cmd_seed(cfg, scale, seed_events); });
  if (rollup->parsed()) return run(rollup, [&] { return cmd_kpi_rollup(cfg, rollup_full); });
  if (user_create->parsed())
    return run(user_create, [&] { return cmd_user_create(cfg, user_args); });
  if (user_reset->parsed()) return run(user_reset, [&] { return cmd_user_reset(cfg, user_args); });
  if (user_grant->parsed()) return run(user_grant, [&] { return cmd_user_grant(cfg, user_args); });
  if (check->parsed()) return run(check, [&] { return cmd_check(cfg); });
  if (purge->parsed()) return run(purge, [&] { return cmd_audit_purge(cfg); });
  std::cerr << app.help();
  return 2;
}
