#pragma once
// 通知: who hears of what happens to an event. The rules (which parties are told of which
// action) are a pure table; `notify` resolves them to users and writes one inbox row each, in the
// caller's transaction, so a notification exists exactly when its transition does.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "events/event.hpp"
#include "store/store.hpp"

namespace onegrid::events {

// Who is told.
enum class Audience {
  grid_worker,      // the worker of the event's grid
  community,        // community workers of the event's community
  street,           // street officers of the event's street
  district,         // district officers over the event
  summoned,         // staff of every summoned department
  lead_department,  // staff of the lead department
  dept_of_step,     // staff of the department the step names (report-in lateness)
  reporter,         // the reporter and everyone who follows the event
};

// The audiences of a kind of step: an action code, "report", or a sweep notice kind
// ("overdue", "escalated", "dept_overdue"). Empty: nobody is told.
const std::vector<Audience>& audiences_for(std::string_view kind);

// The inbox title of a kind of step, in Chinese ("新事件待受理" …).
std::string_view notice_title(std::string_view kind);

struct NoticeInput {
  std::string kind;  // as for audiences_for
  const Event* event = nullptr;
  std::optional<std::int64_t> transition_id;
  std::optional<std::int64_t> actor_id;  // not told of their own step
  std::optional<std::int64_t> dept_id;   // dept_of_step
  std::string note;
  std::int64_t at = 0;
};

// Writes the inbox rows for one step; returns how many users were told.
Result<int> notify(store::Tx& tx, const NoticeInput& in);

struct Notification {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::optional<std::int64_t> event_id;
  std::string event_code;
  std::string kind;
  std::string title;
  std::string body;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> read_at;
};
boost::json::value to_json(const Notification& n);

struct InboxFilter {
  bool unread_only = false;
  std::optional<std::int64_t> cursor;  // id before (newest first)
  int limit = 50;
};
// A user's own notifications, newest first. Nobody reads another's inbox.
Result<std::vector<Notification>> inbox(store::Tx& tx, std::int64_t user_id, const InboxFilter& f);
// Everyone's notifications after `after_id`, oldest first (for the live feed).
Result<std::vector<Notification>> notifications_after(store::Tx& tx, std::int64_t after_id,
                                                      int limit);
Result<std::int64_t> unread_count(store::Tx& tx, std::int64_t user_id);
// Marks one of the user's notifications read (notification.not_found if it is not theirs).
Status mark_read(store::Tx& tx, std::int64_t user_id, std::int64_t id, std::int64_t now);
Result<std::int64_t> mark_all_read(store::Tx& tx, std::int64_t user_id, std::int64_t now);

}  // namespace onegrid::events
