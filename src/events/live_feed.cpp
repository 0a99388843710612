#include "events/live_feed.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "base/clock.hpp"
#include "events/event.hpp"
#include "events/notify.hpp"

namespace onegrid::events {
namespace {

constexpr std::size_t kRing = 2048;     // messages kept for replay
constexpr std::int64_t kLookback = 64;  // ids below the cursor read again (late PG commits)
constexpr int kBatch = 500;
// Pokes that arrive within this long of the last read are served by one read: under a stream
// of writes the feed reads the store at most this often, not once per write.
constexpr auto kMinGap = std::chrono::milliseconds(10);

boost::json::value opt_int(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

std::string in_list(std::size_t n) {
  std::string s = "(";
  for (std::size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s + ")";
}

struct Change {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  boost::json::object data;
  std::string org_path;
  std::optional<std::int64_t> reporter_id;
};

// The transitions after `after` that `wanted` keeps (the others are not turned into JSON).
template <typename Wanted>
Result<std::vector<Change>> changes_after(store::Tx& tx, std::int64_t after, Wanted wanted) {
  OG_ASSIGN(auto rows,
            tx.query("SELECT t.id, t.event_id, t.action, t.from_state, t.to_state, t.at, "
                     "t.actor_name, e.org_path, e.reporter_id, e.title, e.state, e.lon, e.lat, "
                     "e.grid_id, e.community_id, e.street_id, es.name, e.overdue, e.priority, "
                     "e.reported_at FROM event_transition t JOIN event e ON e.id = t.event_id "
                     "JOIN event_subclass es ON es.id = e.subclass_id WHERE t.id > ? ORDER BY "
                     "t.id LIMIT " +
                         std::to_string(kBatch),
                     {after}));
  std::vector<Change> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    if (!wanted(r.i64(0))) continue;
    Change c;
    c.id = r.i64(0);
    c.event_id = r.i64(1);
    c.org_path = r.text(7);
    c.reporter_id = r.opt_i64(8);
    const auto state = parse_state(r.text(10)).value_or(State::reported);
    boost::json::value location = nullptr;
    if (!r.at(11).is_null() && !r.at(12).is_null())
      location = boost::json::array(
          {boost::json::value(r.at(11).as_real()), boost::json::value(r.at(12).as_real())});
    boost::json::object ev{
        {"id", c.event_id},
        {"code", receipt_code(c.event_id, r.i64(19))},
        {"title", r.text(9)},
        {"state", state_code(state)},
        {"state_name", state_name_zh(state)},
        {"location", std::move(location)},
        {"grid_id", opt_int(r.opt_i64(13))},
        {"community_id", r.i64(14)},
        {"street_id", r.i64(15)},
        {"subclass_name", r.text(16)},
        {"overdue", r.i64(17) != 0},
        {"priority", r.i64(18)},
        {"reported_at", format_utc(r.i64(19))},
    };
    c.data = boost::json::object{
        {"event_id", c.event_id},
        {"action", r.text(2)},
        {"from", r.at(3).is_null() ? boost::json::value(nullptr) : boost::json::value(r.text(3))},
        {"to", r.text(4)},
        {"at", format_utc(r.i64(5))},
        {"actor_name", r.text(6)},
        {"event", std::move(ev)},
    };
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

bool Listener::may_see(const LiveMessage& m) const {
  if (std::find(m.users.begin(), m.users.end(), user_id) != m.users.end()) return true;
  if (m.users_only) return false;
  return std::any_of(m.paths.begin(), m.paths.end(),
                     [this](const std::string& p) { return scope.contains(p); });
}

LiveFeed::LiveFeed(store::Store& store, std::chrono::milliseconds poll, std::size_t max_subscribers)
    : store_(store), poll_(poll), max_subscribers_(max_subscribers) {}

LiveFeed::~LiveFeed() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status LiveFeed::start() {
  std::int64_t t = 0, n = 0;
  OG_TRY(store_.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto a, tx.query_one("SELECT COALESCE(MAX(id), 0) FROM event_transition"));
    OG_ASSIGN(auto b, tx.query_one("SELECT COALESCE(MAX(id), 0) FROM notification"));
    t = a ? a->i64(0) : 0;
    n = b ? b->i64(0) : 0;
    return ok_status();
  }));
  {
    std::lock_guard lock(mu_);
    if (started_) return ok_status();
    started_ = true;
    transition_cursor_ = t;
    notification_cursor_ = n;
  }
  thread_ = std::thread([this] { loop(); });
  return ok_status();
}

Result<std::uint64_t> LiveFeed::subscribe(Listener who, const std::string& last_event_id,
                                          Sink sink) {
  auto sub = std::make_shared<Sub>(Sub{std::move(who), std::move(sink)});
  std::vector<std::shared_ptr<const LiveMessage>> replay;
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mu_);
    if (subs_.size() >= max_subscribers_)
      return make_error(ErrorKind::unavailable, "live.too_many_subscribers",
                        "too many live streams are open; try again later");
    id = next_sub_++;
    subs_.emplace(id, sub);
    if (!last_event_id.empty()) {
      auto it = std::find_if(ring_.begin(), ring_.end(),
                             [&](const auto& m) { return m->id == last_event_id; });
      if (it != ring_.end())
        for (++it; it != ring_.end(); ++it)
          if (sub->who.may_see(**it)) replay.push_back(*it);
    }
  }
  for (const auto& m : replay) sub->sink(m);
  return id;
}

void LiveFeed::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mu_);
  subs_.erase(id);
}

void LiveFeed::poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

std::size_t LiveFeed::subscribers() const {
  std::lock_guard lock(mu_);
  return subs_.size();
}

void LiveFeed::loop() {
  std::unique_lock lock(mu_);
  auto last = std::chrono::steady_clock::time_point{};
  while (!stop_) {
    cv_.wait_for(lock, poll_, [this] { return stop_ || poked_; });
    if (stop_) break;
    cv_.wait_until(lock, last + kMinGap, [this] { return stop_; });
    if (stop_) break;
    poked_ = false;
    last = std::chrono::steady_clock::now();
    lock.unlock();
    if (auto st = poll_once(); !st) spdlog::warn("live feed: {}", st.error().message);
    lock.lock();
  }
}

Status LiveFeed::poll_once() {
  std::int64_t tcur = 0, ncur = 0;
  std::set<std::int64_t> seen;
  {
    std::lock_guard lock(mu_);
    tcur = transition_cursor_;
    ncur = notification_cursor_;
    seen = recent_transitions_;
  }
  std::vector<Change> changes;
  std::map<std::int64_t, std::vector<std::string>> dept_paths;
  std::map<std::int64_t, std::vector<std::int64_t>> followers;
  std::vector<Notification> notes;
  OG_TRY(store_.read([&](store::Tx& tx) -> Status {
    // Ids below the cursor can still appear when several writers commit out of id order
    // (PostgreSQL). SQLite's one writer commits in id order: nothing below it can come late.
    const std::int64_t lookback = tx.driver() == store::Driver::sqlite ? 0 : kLookback;
    OG_ASSIGN(changes,
              changes_after(tx, std::max<std::int64_t>(0, tcur - lookback),
                            [&](std::int64_t id) { return id > tcur || !seen.count(id); }));
    if (!changes.empty()) {
      std::vector<store::Value> ids;
      for (const auto& c : changes) ids.emplace_back(c.event_id);
      const auto list = in_list(ids.size());
      OG_ASSIGN(
          auto d,
          tx.query("SELECT event_id, dept_path FROM event_dept WHERE event_id IN " + list, ids));
      for (const auto& r : d) dept_paths[r.i64(0)].push_back(r.text(1));
      OG_ASSIGN(
          auto f,
          tx.query("SELECT event_id, user_id FROM event_follower WHERE event_id IN " + list, ids));
      for (const auto& r : f) followers[r.i64(0)].push_back(r.i64(1));
    }
    OG_ASSIGN(notes, notifications_after(tx, ncur, kBatch));
    return ok_status();
  }));
  if (changes.empty() && notes.empty()) return ok_status();

  std::vector<std::shared_ptr<const LiveMessage>> batch;
  for (auto& c : changes) {
    tcur = std::max(tcur, c.id);
    seen.insert(c.id);
    auto m = std::make_shared<LiveMessage>();
    m->id = std::to_string(tcur) + "." + std::to_string(ncur);
    m->event = "event.changed";
    m->data = boost::json::serialize(c.data);
    m->paths.push_back(c.org_path);
    for (auto& p : dept_paths[c.event_id]) m->paths.push_back(p);
    if (c.reporter_id) m->users.push_back(*c.reporter_id);
    for (auto u : followers[c.event_id]) m->users.push_back(u);
    batch.push_back(std::move(m));
  }
  for (const auto& n : notes) {
    ncur = std::max(ncur, n.id);
    auto m = std::make_shared<LiveMessage>();
    m->id = std::to_string(tcur) + "." + std::to_string(ncur);
    m->event = "notification";
    m->data = boost::json::serialize(to_json(n));
    m->users.push_back(n.user_id);
    m->users_only = true;
    batch.push_back(std::move(m));
  }
  {
    std::lock_guard lock(mu_);
    transition_cursor_ = tcur;
    notification_cursor_ = ncur;
    seen.erase(seen.begin(), seen.lower_bound(tcur - kLookback));
    recent_transitions_ = std::move(seen);
    // A full batch: more is waiting; read again at once.
    if (changes.size() + notes.size() >= static_cast<std::size_t>(kBatch)) poked_ = true;
  }
  publish(std::move(batch));
  return ok_status();
}

void LiveFeed::publish(std::vector<std::shared_ptr<const LiveMessage>> batch) {
  std::vector<std::shared_ptr<Sub>> subs;
  {
    std::lock_guard lock(mu_);
    for (const auto& m : batch) {
      ring_.push_back(m);
      if (ring_.size() > kRing) ring_.pop_front();
    }
    for (const auto& [id, s] : subs_) subs.push_back(s);
  }
  for (const auto& m : batch)
    for (const auto& s : subs)
      if (s->who.may_see(*m)) s->sink(m);
}

}  // namespace onegrid::events
