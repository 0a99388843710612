// 通知 and 实时推送: the caller's inbox (list, unread count, mark read) and the live stream of
// server-sent events (event changes in the caller's scope, the caller's notifications).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <mutex>

#include "api/api.hpp"
#include "api/json_io.hpp"
#include "base/clock.hpp"
#include "events/live_feed.hpp"
#include "events/notify.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

using auth::Permission;

// Messages a slow client may fall behind by before its stream is ended (it reconnects with
// Last-Event-ID and gets what the feed still holds).
constexpr std::size_t kMaxPending = 1 << 20;

// One client's stream: the feed's sink appends SSE frames, the server takes them.
class SseStream : public http::BodyStream {
 public:
  explicit SseStream(events::LiveFeed& feed) : feed_(feed) {
    pending_ = "retry: 3000\n: connected\n\n";
  }
  ~SseStream() override { cancel(); }

  void attach(std::uint64_t sub) {
    std::lock_guard lock(mu_);
    sub_ = sub;
  }

  // On the feed's thread.
  void push(const events::LiveMessage& m) {
    std::function<void()> wake;
    {
      std::lock_guard lock(mu_);
      if (done_) return;
      if (pending_.size() > kMaxPending) {
        overflow_ = true;  // the client is not reading: end, it will reconnect
      } else {
        pending_ += "id: " + m.id + "\nevent: " + m.event + "\ndata: " + m.data + "\n\n";
      }
      wake = std::move(wake_);
      wake_ = nullptr;
    }
    if (wake) wake();
  }

  std::string take(bool& ended) override {
    std::lock_guard lock(mu_);
    ended = done_ || overflow_;
    return std::exchange(pending_, std::string());
  }

  void arm(std::function<void()> wake) override {
    {
      std::lock_guard lock(mu_);
      if (pending_.empty() && !done_ && !overflow_) {
        wake_ = std::move(wake);
        return;
      }
    }
    wake();
  }

  void cancel() override {
    std::uint64_t sub = 0;
    {
      std::lock_guard lock(mu_);
      if (done_) return;
      done_ = true;
      wake_ = nullptr;
      sub = sub_;
    }
    if (sub) feed_.unsubscribe(sub);
  }

 private:
  events::LiveFeed& feed_;
  std::mutex mu_;
  std::string pending_;
  std::function<void()> wake_;
  std::uint64_t sub_ = 0;
  bool done_ = false;
  bool overflow_ = false;
};

Result<http::Response> stream(Call& c) {
  if (!c.svc.live) return not_found("live.unavailable", "this server has no live stream");
  auto sse = std::make_shared<SseStream>(*c.svc.live);
  std::weak_ptr<SseStream> weak = sse;
  events::Listener who{c.scope(Permission::event_read), c.who->user_id};
  OG_ASSIGN(auto sub,
            c.svc.live->subscribe(std::move(who), std::string(c.req.header("last-event-id")),
                                  [weak](const auto& m) {
                                    if (auto s = weak.lock()) s->push(*m);
                                  }));
  sse->attach(sub);
  http::Response res;
  res.status = 200;
  res.set_header("Content-Type", "text/event-stream; charset=utf-8");
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Accel-Buffering", "no");  // nginx: pass events through at once
  res.stream = std::move(sse);
  return res;
}

Result<http::Response> list(Call& c) {
  events::InboxFilter f;
  if (auto u = c.req.query_param("unread"); u && !u->empty()) {
    if (*u != "true" && *u != "false")
      return invalid_input("query.invalid", "unread is true or false", "unread");
    f.unread_only = *u == "true";
  }
  OG_ASSIGN(f.cursor, query_int(c.req, "after", 1, INT64_MAX));
  OG_ASSIGN(auto limit, query_int(c.req, "limit", 1, 200));
  f.limit = static_cast<int>(limit.value_or(50));
  OG_ASSIGN(auto found, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return events::inbox(tx, c.who->user_id, f);
            }));
  boost::json::array items;
  for (const auto& n : found) items.push_back(events::to_json(n));
  return page_response(std::move(items), static_cast<std::size_t>(f.limit),
                       found.empty() ? 0 : found.back().id);
}

Result<http::Response> unread(Call& c) {
  OG_ASSIGN(auto n, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return events::unread_count(tx, c.who->user_id);
            }));
  return json_response(200, boost::json::object{{"count", n}});
}

Result<http::Response> read_one(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_TRY(c.svc.store.write(
      [&](store::Tx& tx) { return events::mark_read(tx, c.who->user_id, id, now_ms()); }));
  http::Response res;
  res.status = 204;
  return res;
}

Result<http::Response> read_all(Call& c) {
  OG_ASSIGN(auto n, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return events::mark_all_read(tx, c.who->user_id, now_ms());
            }));
  return json_response(200, boost::json::object{{"updated", n}});
}

}  // namespace

void register_notification_routes(Routes& r) {
  r.push_back({"GET", "/api/v1/stream", Permission::self,
               "Live server-sent events: event changes in scope and the caller's notifications",
               stream});
  r.push_back({"GET", "/api/v1/notifications", Permission::self,
               "The caller's notifications, newest first (keyset pages)", list});
  r.push_back({"GET", "/api/v1/notifications/unread_count", Permission::self,
               "How many of the caller's notifications are unread", unread});
  r.push_back({"POST", "/api/v1/notifications/{id}/read", Permission::self,
               "Mark one of the caller's notifications read", read_one});
  r.push_back({"POST", "/api/v1/notifications/read_all", Permission::self,
               "Mark all of the caller's notifications read", read_all});
}

}  // namespace onegrid::api
