#pragma once
// 实时推送: the live feed behind the dashboards' and inboxes' stream. One thread per server
// tails the store — new event transitions and new notifications — and hands each message to the
// subscribers allowed to see it: an event change to those whose event.read scope holds the
// event's org unit or one of its summoned departments, or who reported or follow it; a
// notification to its recipient only. Because it tails the store (not in-process calls),
// several `onegrid serve` processes on one PostgreSQL all see every change.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/result.hpp"
#include "org/scope.hpp"
#include "store/store.hpp"

namespace onegrid::events {

struct LiveMessage {
  std::string id;                   // the SSE id: "<transition cursor>.<notification cursor>"
  std::string event;                // "event.changed" | "notification"
  std::string data;                 // JSON text
  std::vector<std::string> paths;   // org paths it belongs to (event.changed)
  std::vector<std::int64_t> users;  // reporter and followers, or the notification's recipient
  bool users_only = false;          // notifications: nobody else, whatever their scope
};

// Who is listening.
struct Listener {
  org::Scope scope;  // event.read scope
  std::int64_t user_id = 0;
  bool may_see(const LiveMessage& m) const;
};

class LiveFeed {
 public:
  using Sink = std::function<void(const std::shared_ptr<const LiveMessage>&)>;

  // `poll`: how often the store is read when nobody pokes. `max_subscribers` bounds the
  // open streams of this process.
  LiveFeed(store::Store& store, std::chrono::milliseconds poll = std::chrono::milliseconds(1000),
           std::size_t max_subscribers = 2000);
  ~LiveFeed();
  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  // Reads the current cursors and starts the tailing thread.
  Status start();
  // Subscribes; messages after `last_event_id` still held in memory are replayed first (a
  // reconnecting client misses nothing recent). Sinks run on the feed's thread: be quick.
  // live.too_many_subscribers when full.
  Result<std::uint64_t> subscribe(Listener who, const std::string& last_event_id, Sink sink);
  void unsubscribe(std::uint64_t id);
  // Something was written: read the store now rather than at the next poll.
  void poke();
  std::size_t subscribers() const;

 private:
  void loop();
  Status poll_once();
  void publish(std::vector<std::shared_ptr<const LiveMessage>> batch);

  store::Store& store_;
  std::chrono::milliseconds poll_;
  std::size_t max_subscribers_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool poked_ = false;
  bool started_ = false;
  std::int64_t transition_cursor_ = 0;
  std::int64_t notification_cursor_ = 0;
  std::set<std::int64_t> recent_transitions_;  // seen ids near the cursor (late commits on PG)
  std::deque<std::shared_ptr<const LiveMessage>> ring_;  // the latest messages, for replay
  struct Sub {
    Listener who;
    Sink sink;
  };
  std::map<std::uint64_t, std::shared_ptr<Sub>> subs_;
  std::uint64_t next_sub_ = 1;
  std::thread thread_;
};

}  // namespace onegrid::events
