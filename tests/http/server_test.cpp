// The Beast server end to end on a loopback port: keep-alive, pipelining, limits, framing
// errors as problem+json, request ids, HEAD, timeouts and graceful shutdown.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>
#include <vector>

#include "http/server.hpp"
#include "support/http_client.hpp"

namespace onegrid::http {
namespace {

using namespace std::chrono_literals;
using onegrid::testing::HttpClient;

Response echo(Request& req) {
  boost::json::object query;
  for (const auto& [k, v] : req.query) query[k] = v;
  boost::json::object out{{"method", req.method},
                          {"target", req.target},
                          {"path", req.path},
                          {"query", query},
                          {"body", req.body},
                          {"request_id", req.request_id},
                          {"client_addr", req.client_addr},
                          {"x_test", req.header("x-test")}};
  Response res;
  res.set_header("Content-Type", "application/json");
  res.body = boost::json::serialize(out);
  return res;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions opts;
    opts.host = "127.0.0.1";
    opts.port = 0;
    opts.threads = 2;
    opts.body_limit = 1024;
    opts.header_limit = 2048;
    opts.header_timeout = 400ms;
    opts.read_timeout = 3000ms;
    opts.shutdown_grace = 3000ms;
    server_ = std::make_unique<Server>(opts, [this](Request& req) -> Response {
      ++handled_;
      if (req.path == "/throw") throw std::runtime_error("boom");
      if (req.path == "/fixed") {
        Response res;
        res.set_header("Content-Type", "text/plain");
        res.body = "twelve bytes";
        return res;
      }
      if (req.path == "/slow") {
        std::this_thread::sleep_for(300ms);
        Response res;
        res.body = std::string(100'000, 's');
        return res;
      }
      return echo(req);
    });
    ASSERT_TRUE(server_->start().ok());
    ASSERT_NE(server_->port(), 0);
    thread_ = std::thread([this] {
      server_->run(false);
      run_returned_ = true;
    });
  }
  void TearDown() override {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  HttpClient client() { return HttpClient("127.0.0.1", server_->port()); }

  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<int> handled_{0};
  std::atomic<bool> run_returned_{false};
};

std::string problem_code(const HttpClient::Reply& r) {
  return std::string(r.json().as_object().at("code").as_string());
}

TEST_F(ServerTest, PassesTheDecodedRequestToTheHandler) {
  HttpClient c = client();
  auto r =
      c.request("POST", "/echo/a%20b?x=1&q=%E7%BD%91+%E6%A0%BC", "{\"k\":1}", {{"X-Test", "yes"}});
  ASSERT_EQ(r.status, 200);
  auto body = r.json().as_object();
  EXPECT_EQ(body.at("method"), "POST");
  EXPECT_EQ(body.at("target"), "/echo/a%20b?x=1&q=%E7%BD%91+%E6%A0%BC");
  EXPECT_EQ(body.at("path"), "/echo/a b");
  EXPECT_EQ(body.at("query").at("q"), "网 格");
  EXPECT_EQ(body.at("body"), "{\"k\":1}");
  EXPECT_EQ(body.at("client_addr"), "127.0.0.1");
  EXPECT_EQ(body.at("x_test"), "yes");
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("content-length"), std::to_string(r.body.size()));
  EXPECT_FALSE(r.header("date").empty());
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  HttpClient c = client();
  EXPECT_EQ(c.get("/one").status, 200);
  EXPECT_EQ(c.get("/two").json().at("path"), "/two");
  EXPECT_EQ(c.post("/three", "{}").status, 200);
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(ServerTest, ConnectionCloseAndHttp10AreHonoured) {
  HttpClient c = client();
  auto r = c.request("GET", "/x", "", {{"Connection", "close"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_EQ(c.get("/y").status, 200);
  EXPECT_EQ(c.connections_opened(), 2);

  auto replies = c.raw_many("GET /old HTTP/1.0\r\n\r\nGET /more HTTP/1.0\r\n\r\n", 2);
  ASSERT_EQ(replies.size(), 1u);  // the server closed after the first
  EXPECT_EQ(replies[0].status, 200);
  EXPECT_EQ(replies[0].json().at("path"), "/old");
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  HttpClient c = client();
  const std::string bytes =
      "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"
      "POST /second HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
      "GET /third?n=3 HTTP/1.1\r\nHost: t\r\n\r\n";
  auto replies = c.raw_many(bytes, 3);
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0].status, 200);
  EXPECT_EQ(replies[0].body.size(), 100'000u);
  EXPECT_EQ(replies[1].json().at("path"), "/second");
  EXPECT_EQ(replies[1].json().at("body"), "hello");
  EXPECT_EQ(replies[2].json().at("path"), "/third");
  EXPECT_EQ(replies[2].json().at("query").at("n"), "3");
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponse) {
  HttpClient c = client();
  auto replies = c.raw_many(
      "POST /upload HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
      2);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].status, 100);
  EXPECT_EQ(replies[1].status, 200);
  EXPECT_EQ(replies[1].json().at("body"), "hello");
}

TEST_F(ServerTest, OversizedBodyGets413AndClose) {
  HttpClient c = client();
  auto r = c.post("/echo", std::string(2 << 20, 'x'));  // drained, not reset
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(problem_code(r), "http.body_too_large");
  EXPECT_EQ(r.header("connection"), "close");

  // Chunked, so the limit is only found while reading the body.
  std::string chunked = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) chunked += "200\r\n" + std::string(512, 'y') + "\r\n";
  chunked += "0\r\n\r\n";
  auto r2 = c.raw(chunked);
  EXPECT_EQ(r2.status, 413);
  EXPECT_EQ(problem_code(r2), "http.body_too_large");
  EXPECT_EQ(handled_, 0);
}

TEST_F(ServerTest, GarbageGets400) {
  HttpClient c = client();
  auto r = c.raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(problem_code(r), "http.bad_request");
  EXPECT_EQ(r.header("connection"), "close");

  auto r2 = c.raw("GET / HTTP/1.1\r\nNo colon here\r\n\r\n");
  EXPECT_EQ(r2.status, 400);
  EXPECT_EQ(problem_code(r2), "http.bad_request");
  EXPECT_EQ(handled_, 0);
}

TEST_F(ServerTest, HugeHeaderGets431) {
  HttpClient c = client();
  auto r = c.raw("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(4000, 'h') + "\r\n\r\n");
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(problem_code(r), "http.header_too_large");
  EXPECT_EQ(handled_, 0);
}

TEST_F(ServerTest, MalformedEscapeGets400AndKeepsTheConnection) {
  HttpClient c = client();
  auto r = c.get("/bad%zzpath");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(problem_code(r), "http.bad_target");
  EXPECT_EQ(c.get("/fine").status, 200);
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(ServerTest, RequestIdIsEchoedOrGenerated) {
  HttpClient c = client();
  auto given = c.request("GET", "/id", "", {{"X-Request-Id", "abc-123.X_y"}});
  EXPECT_EQ(given.header("x-request-id"), "abc-123.X_y");
  EXPECT_EQ(given.json().at("request_id"), "abc-123.X_y");

  auto is_fresh = [](const std::string& id) {
    return id.size() == 16 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
  };
  auto insane = c.request("GET", "/id", "", {{"X-Request-Id", "has space;and<junk>"}});
  EXPECT_TRUE(is_fresh(insane.header("x-request-id"))) << insane.header("x-request-id");
  auto too_long = c.request("GET", "/id", "", {{"X-Request-Id", std::string(65, 'a')}});
  EXPECT_TRUE(is_fresh(too_long.header("x-request-id")));

  auto a = c.get("/id"), b = c.get("/id");
  EXPECT_TRUE(is_fresh(a.header("x-request-id")));
  EXPECT_NE(a.header("x-request-id"), b.header("x-request-id"));
  EXPECT_EQ(std::string(a.json().at("request_id").as_string()), a.header("x-request-id"));
}

TEST_F(ServerTest, HandlerExceptionBecomes500Problem) {
  HttpClient c = client();
  auto r = c.request("GET", "/throw", "", {{"X-Request-Id", "rid-500"}});
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  auto body = r.json().as_object();
  EXPECT_EQ(body.at("code"), "http.internal");
  EXPECT_EQ(body.at("instance"), "urn:request:rid-500");
  EXPECT_EQ(body.at("detail").as_string().find("boom"), boost::json::string::npos);
  EXPECT_EQ(c.get("/after").status, 200);
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(ServerTest, HeadSendsHeadersWithoutBody) {
  HttpClient c = client();
  const auto head = c.request("HEAD", "/fixed");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.header("content-length"), "12");
  EXPECT_EQ(head.header("content-type"), "text/plain");
  // Had any body bytes followed the HEAD response, this one would not parse.
  EXPECT_EQ(c.get("/next").json().at("path"), "/next");
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(ServerTest, HeaderTimeoutClosesAClientThatNeverFinishesItsHead) {
  HttpClient c = client();
  const auto start = std::chrono::steady_clock::now();
  auto r = c.raw("GET /never HTTP/1.1\r\nHost: t\r\n");
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status, 0);  // closed without an answer
  EXPECT_GE(took, 350ms);
  EXPECT_LT(took, 2500ms);
  EXPECT_EQ(handled_, 0);
}

TEST_F(ServerTest, StopLetsTheRequestInFlightFinish) {
  HttpClient::Reply slow;
  std::thread caller([&] {
    HttpClient c = client();
    slow = c.get("/slow");
  });
  while (handled_ == 0) std::this_thread::sleep_for(5ms);
  HttpClient idle = client();
  // An idle keep-alive connection must not hold the shutdown up for its read timeout.
  std::thread idle_caller([&] { EXPECT_EQ(idle.get("/idle").status, 200); });
  idle_caller.join();
  const auto start = std::chrono::steady_clock::now();
  server_->stop();
  thread_.join();
  const auto took = std::chrono::steady_clock::now() - start;
  caller.join();
  EXPECT_TRUE(run_returned_);
  EXPECT_LT(took, 2000ms);
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body.size(), 100'000u);
  EXPECT_EQ(slow.header("connection"), "close");
  // No longer accepting.
  HttpClient late = client();
  late.set_timeout(1000ms);
  EXPECT_THROW(late.get("/late"), std::runtime_error);
}

TEST_F(ServerTest, StopLetsAWriteInFlightFinish) {
  HttpClient::Reply slow;
  std::thread caller([&] {
    HttpClient c = client();
    slow = c.post("/slow", "{}");
  });
  while (handled_ == 0) std::this_thread::sleep_for(5ms);
  server_->stop();
  thread_.join();
  caller.join();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body.size(), 100'000u);
  EXPECT_EQ(slow.header("connection"), "close");
}

// Writes run on their own pool: with one I/O thread, four POSTs still wait in their handlers at
// once (as they do for a group commit), and GETs are answered meanwhile.
TEST(ServerWrites, WritesWaitTogetherBeyondTheIoThreads) {
  constexpr int kWriters = 4;
  std::mutex mu;
  std::condition_variable cv;
  int waiting = 0;
  ServerOptions opts;
  opts.port = 0;
  opts.threads = 1;
  opts.write_threads = kWriters;
  Server server(opts, [&](Request& req) {
    Response res;
    if (req.method != "POST") return res;
    std::unique_lock lock(mu);
    ++waiting;
    cv.notify_all();
    res.status = cv.wait_for(lock, 5s, [&] { return waiting >= kWriters; }) ? 200 : 503;
    return res;
  });
  ASSERT_TRUE(server.start().ok());
  std::thread runner([&] { server.run(false); });
  std::vector<int> statuses(kWriters, 0);
  std::vector<std::thread> posts;
  for (int i = 0; i < kWriters - 1; ++i)
    posts.emplace_back(
        [&, i] { statuses[i] = HttpClient("127.0.0.1", server.port()).post("/w", "{}").status; });
  {
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, 5s, [&] { return waiting == kWriters - 1; }));
  }
  EXPECT_EQ(HttpClient("127.0.0.1", server.port()).get("/r").status, 200);
  statuses[kWriters - 1] = HttpClient("127.0.0.1", server.port()).post("/w", "{}").status;
  for (auto& t : posts) t.join();
  for (int st : statuses) EXPECT_EQ(st, 200);
  server.stop();
  runner.join();
}

TEST_F(ServerTest, StopWithoutTrafficReturnsPromptly) {
  const auto start = std::chrono::steady_clock::now();
  server_->stop();
  thread_.join();
  EXPECT_TRUE(run_returned_);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1000ms);
}

TEST(ServerIdle, IdleKeepAliveConnectionsTimeOutAndTheClientReconnects) {
  ServerOptions opts;
  opts.port = 0;
  opts.threads = 1;
  opts.read_timeout = 200ms;
  Server server(opts, [](Request&) { return Response{}; });
  ASSERT_TRUE(server.start().ok());
  std::thread runner([&] { server.run(false); });
  HttpClient c("127.0.0.1", server.port());
  EXPECT_EQ(c.get("/a").status, 200);
  std::this_thread::sleep_for(500ms);  // the server closes the idle connection meanwhile
  EXPECT_EQ(c.get("/b").status, 200);
  EXPECT_EQ(c.connections_opened(), 2);
  server.stop();
  runner.join();
}

TEST(ServerSignals, SigtermStopsARunThatInstalledHandlers) {
  ServerOptions opts;
  opts.port = 0;
  opts.threads = 1;
  Server server(opts, [](Request&) { return Response{}; });
  ASSERT_TRUE(server.start().ok());
  std::atomic<bool> returned{false};
  std::thread runner([&] {
    server.run(true);
    returned = true;
  });
  // Once a request has been answered, run() has installed its signal handlers (they are set up
  // on the listener's strand before the first accept completes).
  HttpClient c("127.0.0.1", server.port());
  EXPECT_EQ(c.get("/").status, 200);
  std::raise(SIGTERM);
  runner.join();
  EXPECT_TRUE(returned);
}

TEST(ServerStart, ReportsAPortInUse) {
  ServerOptions opts;
  opts.port = 0;
  Server first(opts, [](Request&) { return Response{}; });
  ASSERT_TRUE(first.start().ok());
  opts.port = first.port();
  Server second(opts, [](Request&) { return Response{}; });
  auto status = second.start();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "http.listen_failed");
}

}  // namespace
}  // namespace onegrid::http
