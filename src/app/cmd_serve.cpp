// `onegrid serve`: migrate, seed the demo into an empty store, then serve the API and console.

#include <spdlog/spdlog.h>

#include <unistd.h>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include "api/api.hpp"
#include "api/micro_cache.hpp"
#include "app/commands.hpp"
#include "app/jobs.hpp"
#include "app/setup.hpp"
#include "auth/authenticator.hpp"
#include "base/clock.hpp"
#include "demo/events_seed.hpp"
#include "demo/open311_seed.hpp"
#include "demo/population_seed.hpp"
#include "demo/register_seed.hpp"
#include "demo/seed.hpp"
#include "events/kpi_rollup.hpp"
#include "events/live_feed.hpp"
#include "events/supervision.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "org/grid_locator.hpp"
#include "people/pii_vault.hpp"

namespace onegrid::app {
namespace {

namespace fs = std::filesystem;

// The built console: --web-root, else web/dist under the working directory, else beside the
// binary (build/onegrid → ../web/dist).
fs::path find_web_root(const Config& cfg) {
  if (!cfg.web_root.empty()) return cfg.web_root;
  if (fs::exists("web/dist/index.html")) return fs::absolute("web/dist");
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path beside = exe.parent_path().parent_path() / "web" / "dist";
    if (fs::exists(beside / "index.html")) return beside;
  }
  return {};
}

}  // namespace

int cmd_serve(const Config& cfg) {
  setup_logging(cfg);
  std::string host;
  unsigned short port = 0;
  if (auto st = parse_listen(cfg.listen, host, port); !st) return fail(st.error());
  auto keys = load_keys(cfg);
  if (!keys) return fail(keys.error());
  const int threads = cfg.threads > 0
                          ? cfg.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto st = open_migrated_store(cfg, std::max(4, threads * 2));
  if (!st) return fail(st.error());
  store::Store& store = **st;
  bool seeded = false;
  if (cfg.demo) {
    auto report = demo::seed_demo(store, 1);
    if (!report) return fail(report.error());
    seeded = !report->already_seeded;
    if (seeded)
      spdlog::info("seeded the demo district: {} org units, {} users", report->org_units,
                   report->users);
  }
  if (auto t = ensure_taxonomy(store); !t) return fail(t.error());
  // Residents only with a fresh demo: an administrator may have cleared a community's figure
  // since (its KPIs then count the register's residents), and a restart must not refill it.
  if (auto p = seeded ? demo::seed_population(store) : Result<int>(0); !p) return fail(p.error());
  if (auto o = cfg.demo ? demo::seed_open311(store) : Result<bool>(false); !o)
    return fail(o.error());
  if (seeded && cfg.demo_persons > 0) {
    people::PiiVault seed_vault(keys->data_key, keys->index_key);
    auto reg = demo::seed_register(store, seed_vault, cfg.demo_persons, now_ms());
    if (!reg) return fail(reg.error());
    spdlog::info(
        "seeded the register: {} residents, {} extract rows, {} to review, {} organisations"
        " ({:.1f} s)",
        reg->persons, reg->rows, reg->review, reg->organisations, reg->seconds);
  }
  if (seeded && cfg.demo_events > 0) {
    auto ev = demo::seed_events(store, cfg.demo_events, now_ms());
    if (!ev) return fail(ev.error());
  }
  auth::Authenticator authenticator(store, *keys, {cfg.login_burst, cfg.login_per_minute});
  org::GridLocator locator(store);
  http::Metrics metrics;
  std::optional<http::StaticFiles> static_files;
  if (fs::path root = find_web_root(cfg); !root.empty()) {
    static_files.emplace(root);
    spdlog::info("serving the web console from {}", root.string());
  } else {
    spdlog::warn("no built web console found (web/dist); serving the API only");
  }
  std::atomic<bool> stopping{false};
  api::Services services{store,
                         authenticator,
                         locator,
                         metrics,
                         static_files ? &*static_files : nullptr,
                         cfg.audit_retention_days,
                         [&] { return !stopping.load(); }};
  services.event_files = {cfg.data_dir, cfg.dup_radius_m, cfg.dup_window_hours};
  // The live stream tails the store (so it hears other serve processes' writes too).
  events::LiveFeed live(store);
  if (auto s = live.start(); !s) return fail(s.error());
  services.live = &live;
  api::MicroCache list_cache;  // org-unit and event lists: 1 s, dropped on every write here
  services.list_cache = &list_cache;
  people::PiiVault vault(keys->data_key, keys->index_key);
  services.vault = &vault;
  api::Api api(services);
  http::ServerOptions options;
  options.host = host;
  options.port = port;
  options.threads = threads;
  options.body_limit = cfg.body_limit;
  // Attachment uploads (photos, PDFs) may be larger than JSON bodies.
  const std::size_t upload_limit =
      std::max(cfg.body_limit, services.event_files.max_attachment_bytes);
  options.max_body_limit = std::max(upload_limit, api::kImportBodyLimit);
  options.body_limit_for = [&cfg, upload_limit](std::string_view method, std::string_view path) {
    const bool upload =
        method == "POST" && path.starts_with("/api/v1/events/") && path.ends_with("/attachments");
    if (method == "POST" && path == "/api/v1/imports") return api::kImportBodyLimit;
    return upload ? upload_limit : cfg.body_limit;
  };
  http::Server server(options, [&](http::Request& req) { return api.handle(req); });
  if (auto started = server.start(); !started) return fail(started.error());
  // Audit retention: at start, then hourly.
  PeriodicJob retention(std::chrono::hours(1), [&store, days = cfg.audit_retention_days] {
    auto n = audit::purge(store, now_ms() - std::int64_t{days} * 86'400'000);
    if (!n)
      spdlog::warn("audit retention purge failed: {}", n.error().message);
    else if (*n > 0)
      spdlog::info("audit retention purge removed {} records", *n);
  });
  // Deadlines (督办): flag overdue stages, supervise, escalate.
  PeriodicJob deadlines(std::chrono::seconds(cfg.sweep_seconds), [&store] {
    auto r = events::sweep(store, now_ms());
    if (!r)
      spdlog::warn("deadline sweep failed: {}", r.error().message);
    else if (r->overdue + r->dept_overdue + r->escalated > 0)
      spdlog::info("deadline sweep: {} overdue, {} departments late, {} escalated", r->overdue,
                   r->dept_overdue, r->escalated);
    // The KPI rollup catches up with the steps since its last run (and the sweep's flags), so
    // KPI requests rarely pay for it; the first run after a demo seed builds it whole.
    if (auto k = events::refresh_kpi_rollup(store); !k)
      spdlog::warn("KPI rollup refresh failed: {}", k.error().message);
  });
  std::printf("OneGrid %s serving http://%s:%u (store: %s)\n", ONEGRID_VERSION, host.c_str(),
              server.port(), store.driver() == store::Driver::sqlite ? "sqlite" : "postgresql");
  if (seeded || cfg.demo) print_demo_accounts();
  std::fflush(stdout);
  server.run(true);
  stopping = true;
  spdlog::info("stopped");
  return 0;
}

}  // namespace onegrid::app
