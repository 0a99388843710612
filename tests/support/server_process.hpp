#pragma once
// Runs the real `onegrid serve` binary for integration tests: a temp data dir, a fresh store
// (SQLite file, or a new database on the test PostgreSQL), a free port; start, stop (SIGTERM),
// crash (SIGKILL) and restart on the same store.

#include <sys/types.h>

#include <string>
#include <vector>

namespace onegrid::testing {

// "sqlite" or "postgres", from ONEGRID_TEST_DRIVER (default sqlite).
std::string test_driver();
// A store URL for a brand-new, empty store of the test driver (creates a PG database).
std::string fresh_store_url(const std::string& data_dir);
// Path of the onegrid binary (ONEGRID_BIN).
std::string onegrid_binary();
// Runs `onegrid args…` to completion; returns the exit code and fills `output` (stdout+stderr).
int run_onegrid(const std::vector<std::string>& args, std::string& output,
                const std::vector<std::string>& env = {});

class ServerProcess {
 public:
  // extra_args go after `serve`; env entries are "NAME=value".
  explicit ServerProcess(std::vector<std::string> extra_args = {},
                         std::vector<std::string> env = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  void start();      // blocks until /readyz answers 200; throws on failure
  int stop();        // SIGTERM, wait; returns the exit status
  void kill_hard();  // SIGKILL, wait
  unsigned short port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  const std::string& store_url() const { return store_url_; }
  std::string log() const;  // the server's stderr so far
  bool running() const { return pid_ > 0; }

 private:
  std::vector<std::string> extra_args_, env_;
  std::string data_dir_, store_url_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
};

}  // namespace onegrid::testing
