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
#include "app/commands.hpp"
#include "app/setup.hpp"
#include "auth/authenticator.hpp"
#include "base/clock.hpp"
#include "demo/seed.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "org/grid_locator.hpp"

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

// Deletes audit records past the retention once at start and then every hour until stopped.
class RetentionJob {
 public:
  RetentionJob(store::Store& st, int days) : store_(st), days_(days), thread_([this] { loop(); }) {}
  ~RetentionJob() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void loop() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      auto n = audit::purge(store_, now_ms() - std::int64_t{days_} * 86'400'000);
      if (!n)
        spdlog::warn("audit retention purge failed: {}", n.error().message);
      else if (*n > 0)
        spdlog::info("audit retention purge removed {} records", *n);
      lock.lock();
      cv_.wait_for(lock, std::chrono::hours(1), [this] { return stop_; });
    }
  }
  store::Store& store_;
  int days_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

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
  api::Api api(services);
  http::ServerOptions options;
  options.host = host;
  options.port = port;
  options.threads = threads;
  options.body_limit = cfg.body_limit;
  http::Server server(options, [&](http::Request& req) { return api.handle(req); });
  if (auto started = server.start(); !started) return fail(started.error());
  RetentionJob retention(store, cfg.audit_retention_days);
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
