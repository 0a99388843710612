#include "support/server_process.hpp"

#include <algorithm>

#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/http_client.hpp"

namespace onegrid::testing {
namespace fs = std::filesystem;

std::string test_driver() {
  const char* d = std::getenv("ONEGRID_TEST_DRIVER");
  return d && *d ? d : "sqlite";
}

std::string onegrid_binary() {
  const char* b = std::getenv("ONEGRID_BIN");
  if (!b || !*b) throw std::runtime_error("ONEGRID_BIN is not set (run through ctest)");
  return b;
}

namespace {

std::string random_suffix() {
  std::random_device rd;
  std::ostringstream s;
  s << std::hex << rd() << rd();
  return s.str();
}

std::string make_temp_dir() {
  std::string templ = (fs::temp_directory_path() / "onegrid-it.XXXXXX").string();
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  return templ;
}

// Replaces the database name of a postgresql:// URL.
std::string with_database(const std::string& url, const std::string& db) {
  auto slash = url.rfind('/');
  auto scheme = url.find("://");
  if (slash == std::string::npos || slash < scheme + 3) return url + "/" + db;
  auto q = url.find('?', slash);
  return url.substr(0, slash + 1) + db + (q == std::string::npos ? "" : url.substr(q));
}

pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, int out_fd,
            int err_fd) {
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::string fresh_store_url(const std::string& data_dir) {
  if (test_driver() == "sqlite") return "sqlite://" + data_dir + "/onegrid.db";
  const char* base = std::getenv("ONEGRID_TEST_PG_URL");
  if (!base || !*base)
    throw std::runtime_error("ONEGRID_TEST_PG_URL is not set: run the suite with scripts/test.sh");
  PGconn* c = PQconnectdb(base);
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot reach the test PostgreSQL: " + msg);
  }
  const std::string db = "it_" + random_suffix();
  PGresult* r = PQexec(c, ("CREATE DATABASE " + db).c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error("CREATE DATABASE failed: " + msg);
  return with_database(base, db);
}

int run_onegrid(const std::vector<std::string>& args, std::string& output,
                const std::vector<std::string>& env) {
  std::string tmp = make_temp_dir();
  const std::string out_path = tmp + "/out";
  int fd = open(out_path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  std::vector<std::string> argv{onegrid_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_t pid = spawn(argv, env, fd, fd);
  close(fd);
  int status = 0;
  waitpid(pid, &status, 0);
  output = slurp(out_path);
  fs::remove_all(tmp);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ServerProcess::ServerProcess(std::vector<std::string> extra_args, std::vector<std::string> env)
    : extra_args_(std::move(extra_args)), env_(std::move(env)) {
  data_dir_ = make_temp_dir();
  store_url_ = fresh_store_url(data_dir_);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();  // graceful, as an operator would stop it
  std::error_code ec;
  fs::remove_all(data_dir_, ec);
}

void ServerProcess::start() {
  const std::string out_path = data_dir_ + "/stdout.log";
  const std::string err_path = data_dir_ + "/stderr.log";
  int out = open(out_path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  int err = open(err_path.c_str(), O_CREAT | O_WRONLY | O_APPEND, 0600);
  std::vector<std::string> argv{onegrid_binary(), "serve",   "--listen", "127.0.0.1:0",
                                "--data-dir",     data_dir_, "--store",  store_url_};
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  // The demo's 20,000 past events take long under the sanitizers: none unless a test asks.
  if (std::find(extra_args_.begin(), extra_args_.end(), "--demo-events") == extra_args_.end())
    argv.insert(argv.end(), {"--demo-events", "0"});
  // Likewise the register's demo residents (the register tests ask for a few).
  if (std::find(extra_args_.begin(), extra_args_.end(), "--demo-persons") == extra_args_.end())
    argv.insert(argv.end(), {"--demo-persons", "0"});
  pid_ = spawn(argv, env_, out, err);
  close(out);
  close(err);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  port_ = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("onegrid serve exited during start:\n" + log());
    }
    if (port_ == 0) {
      std::string text = slurp(out_path);
      auto at = text.find("serving http://127.0.0.1:");
      if (at != std::string::npos) {
        auto end = text.find(' ', at + 25);
        if (end != std::string::npos)
          port_ = static_cast<unsigned short>(std::stoi(text.substr(at + 25, end - at - 25)));
      }
    }
    if (port_ != 0) {
      try {
        HttpClient c("127.0.0.1", port_);
        if (c.request("GET", "/readyz").status == 200) return;
      } catch (const std::exception&) {
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("onegrid serve did not become ready:\n" + log());
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::log() const {
  return slurp(data_dir_ + "/stderr.log");
}

}  // namespace onegrid::testing
