#include "app/setup.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "events/taxonomy_store.hpp"

namespace onegrid::app {
namespace {

// stderr written in blocks: lines collect in a buffer that goes out with one write() when it
// fills, every second, and at once after a warning or error. A server's access line per request
// would otherwise cost a write() each.
class BlockStderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    buffer_.append(line.data(), line.size());
    if (buffer_.size() >= kBlock) flush_();
  }
  void flush_() override {
    std::size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n = ::write(STDERR_FILENO, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // nowhere to write to: the lines are dropped, never the process
      done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
  }

 private:
  static constexpr std::size_t kBlock = 64 * 1024;
  std::string buffer_;
};

}  // namespace

void setup_logging(const Config& cfg) {
  // Logs go to stderr (stdout stays for command output). A request thread only appends its line
  // to the sink's buffer (no hand-off to another thread per line: on two cores the wake-ups
  // cost more than the line); the buffer goes out in blocks, every second and after a warning.
  auto sink = std::make_shared<BlockStderrSink>();
  auto logger = std::make_shared<spdlog::logger>("onegrid", sink);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
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
