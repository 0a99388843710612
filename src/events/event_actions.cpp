// 流转: one workflow step on one event — the state machine decides, this file records it (the
// event row, the summoned departments, the timeline, the audit log) in the caller's transaction.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "base/clock.hpp"
#include "events/attachments.hpp"
#include "events/event_sql.hpp"
#include "events/event_store.hpp"
#include "events/notify.hpp"
#include "events/parties.hpp"
#include "events/taxonomy_store.hpp"

namespace onegrid::events {
namespace {

struct Loaded {
  Event event;
  std::vector<Summons> summoned;
  Parties parties;
  Facts facts;
  const Summons* my_dept = nullptr;
};

Result<Loaded> load_for(store::Tx& tx, const auth::Principal& who, const Event& e) {
  Loaded l;
  l.event = e;
  OG_ASSIGN(l.summoned, summons_of(tx, e.id));
  OG_ASSIGN(bool follower, follows(tx, e.id, who.user_id));
  l.parties = parties_of(who, e, l.summoned, follower);
  l.my_dept = acting_department(who, l.summoned);
  l.facts.caller_reported_in = l.my_dept && l.my_dept->reported_in_at.has_value();
  l.facts.rated = e.rating.has_value();
  l.facts.was_whistled = e.was_whistled;
  return l;
}

Status need_note(const ActRequest& req, const char* why) {
  if (req.note.empty()) return invalid_input("event.note_required", why, "note");
  return ok_status();
}

Result<std::int64_t> active_department(store::Tx& tx, std::int64_t id, const char* field,
                                       std::string& path) {
  OG_ASSIGN(auto row, tx.query_one("SELECT path FROM org_unit WHERE id = ? AND kind = "
                                   "'department' AND active = 1",
                                   {id}));
  if (!row)
    return invalid_input("event.unknown_department", "no active department " + std::to_string(id),
                         field);
  path = row->text(0);
  return id;
}

// The whistle: summons the lead and assisting departments with their deadlines.
Status whistle(store::Tx& tx, const ActRequest& req, const EventSubclass& sub, std::int64_t now,
               Event& e, boost::json::object& data) {
  auto lead = req.lead_dept_id ? req.lead_dept_id : sub.lead_dept_id;
  if (!lead)
    return invalid_input("event.lead_required",
                         "this subclass has no default lead department; name one", "lead_dept_id");
  auto assists = req.assist_dept_ids.value_or(sub.assist_dept_ids);
  std::vector<std::int64_t> depts{*lead};
  for (auto a : assists) {
    bool dup = false;
    for (auto d : depts) dup = dup || d == a;
    if (dup)
      return invalid_input("event.duplicate_department",
                           "a department is summoned once (lead or assisting)", "assist_dept_ids");
    depts.push_back(a);
  }
  if (depts.size() > 10)
    return invalid_input("event.too_many_departments", "at most 10 departments per whistle",
                         "assist_dept_ids");
  const auto report_in_due = now + sub.deadlines.report_in * 60'000;
  const auto handle_due = report_in_due + sub.deadlines.handle * 60'000;
  boost::json::array summoned;
  for (std::size_t i = 0; i < depts.size(); ++i) {
    std::string path;
    OG_TRY(active_department(tx, depts[i], i == 0 ? "lead_dept_id" : "assist_dept_ids", path));
    // A second whistle (after a reopen of an in-grid event) re-summons: one row per department.
    OG_TRY(tx.exec("DELETE FROM event_dept WHERE event_id = ? AND dept_id = ?", {e.id, depts[i]}));
    OG_TRY(tx.exec(
        "INSERT INTO event_dept (event_id, dept_id, dept_path, role, summoned_at, "
        "report_in_due, handle_due) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {e.id, depts[i], path, i == 0 ? "lead" : "assist", now, report_in_due, handle_due}));
    summoned.push_back(depts[i]);
  }
  e.lead_dept_id = *lead;
  e.was_whistled = true;
  data["lead_dept_id"] = *lead;
  data["dept_ids"] = std::move(summoned);
  return ok_status();
}

Status merge(store::Tx& tx, const auth::Principal& who, const ActRequest& req, const Event& e,
             boost::json::object& data) {
  if (!req.merge_into)
    return invalid_input("event.merge_target_required", "name the event to merge into",
                         "merge_into");
  if (*req.merge_into == e.id)
    return invalid_input("event.merge_into_self", "an event cannot be merged into itself",
                         "merge_into");
  Viewer v{who.scope(auth::Permission::event_read), who.user_id};
  auto target = get_event(tx, v, *req.merge_into);
  if (!target)
    return invalid_input("event.merge_target_unknown", "no such event to merge into", "merge_into");
  if (!is_open(target->state))
    return conflict("event.merge_target_closed", "merge only into an open event");
  // The duplicate's reporter follows the original from now on (and so do its followers).
  if (e.reporter_id)
    OG_TRY(
        tx.exec("INSERT INTO event_follower (event_id, user_id) VALUES (?, ?) ON CONFLICT DO "
                "NOTHING",
                {target->id, *e.reporter_id}));
  OG_TRY(
      tx.exec("INSERT INTO event_follower (event_id, user_id) SELECT ?, user_id FROM "
              "event_follower WHERE event_id = ? ON CONFLICT DO NOTHING",
              {target->id, e.id}));
  data["merge_into"] = target->id;
  return ok_status();
}

// The party the caller acted as, for the timeline ("community", "lead_department" …).
std::string acting_as(Action action, const Parties& parties) {
  for (Party p : parties_for(action))
    if (parties.has(p)) return std::string(party_code(p));
  return "";
}

}  // namespace

Result<CallerView> caller_view(store::Tx& tx, const auth::Principal& who, const Event& e) {
  OG_ASSIGN(auto l, load_for(tx, who, e));
  return CallerView{l.parties, available_actions(e.state, l.parties, l.facts)};
}

Result<Event> act(store::Tx& tx, const audit::Actor& actor, const auth::Principal& who,
                  std::int64_t id, const ActRequest& req) {
  Viewer viewer{who.scope(auth::Permission::event_read), who.user_id};
  OG_ASSIGN(auto current, get_event(tx, viewer, id));
  OG_ASSIGN(auto l, load_for(tx, who, current));
  Event e = l.event;
  if (e.version != req.expected_version)
    return make_error(ErrorKind::precondition_failed, "event.version_mismatch",
                      "the event changed since you loaded it (now version " +
                          std::to_string(e.version) + "); reload and try again");
  OG_ASSIGN(State next, decide(e.state, req.action, l.parties, l.facts));
  OG_ASSIGN(auto sub, get_subclass(tx, e.subclass_id));
  const std::int64_t now = req.at.value_or(now_ms());
  boost::json::object data;
  std::optional<std::int64_t> dept_id;
  const State from = e.state;

  switch (req.action) {
    case Action::accept:
      e.accepted_at = now;
      break;
    case Action::reject:
      OG_TRY(need_note(req, "say why the event is not accepted"));
      break;
    case Action::merge:
      OG_TRY(merge(tx, who, req, e, data));
      e.merged_into = *req.merge_into;
      break;
    case Action::handle_in_grid:
      break;
    case Action::resolve_in_grid:
      OG_TRY(need_note(req, "say how it was resolved"));
      e.resolved_in_grid = true;
      e.closed_at = now;
      break;
    case Action::escalate:
      OG_TRY(need_note(req, "say why the grid cannot resolve it"));
      break;
    case Action::whistle:
      OG_TRY(whistle(tx, req, sub, now, e, data));
      break;
    case Action::report_in:
      dept_id = l.my_dept->dept_id;
      OG_TRY(tx.exec("UPDATE event_dept SET reported_in_at = ? WHERE event_id = ? AND dept_id = ?",
                     {now, e.id, *dept_id}));
      data["on_time"] = now <= l.my_dept->report_in_due;
      OG_TRY(
          tx.exec("UPDATE supervision SET closed_at = ? WHERE event_id = ? AND dept_id = ? AND "
                  "stage = 'report_in' AND closed_at IS NULL",
                  {now, e.id, *dept_id}));
      break;
    case Action::submit:
      OG_TRY(need_note(req, "describe the result"));
      dept_id = l.my_dept->dept_id;
      OG_TRY(tx.exec("UPDATE event_dept SET submitted_at = ? WHERE event_id = ? AND dept_id = ?",
                     {now, e.id, *dept_id}));
      break;
    case Action::verify:
      e.closed_at = now;
      break;
    case Action::reopen:
      OG_TRY(need_note(req, "say what is still wrong"));
      e.reopen_count += 1;
      e.closed_at.reset();
      e.resolved_in_grid = false;
      break;
    case Action::rate:
      if (!req.rating || *req.rating < 1 || *req.rating > 5)
        return invalid_input("event.invalid_rating", "a rating is 1 to 5", "rating");
      e.rating = *req.rating;
      e.rating_comment = req.note;
      data["rating"] = *req.rating;
      break;
    case Action::complain:
      OG_TRY(need_note(req, "say what the complaint is"));
      e.complaints += 1;
      break;
  }

  // A new state with a deadline starts its stage clock; leaving a stage ends its supervision.
  if (next != from) {
    e.state = next;
    e.stage = stage_of(next);
    if (e.stage) {
      e.stage_started_at = now;
      e.stage_due_at = now + sub.deadlines.for_stage(*e.stage) * 60'000;
    } else {
      e.stage_started_at.reset();
      e.stage_due_at.reset();
    }
    e.overdue = false;
    OG_TRY(tx.exec("UPDATE supervision SET closed_at = ? WHERE event_id = ? AND closed_at IS NULL",
                   {now, e.id}));
  }
  OG_ASSIGN(
      auto changed,
      tx.exec("UPDATE event SET state = ?, merged_into = ?, lead_dept_id = ?, stage = ?, "
              "stage_started_at = ?, stage_due_at = ?, overdue = ?, was_whistled = ?, "
              "resolved_in_grid = ?, reopen_count = ?, rating = ?, rating_comment = ?, "
              "complaints = ?, accepted_at = ?, closed_at = ?, version = version + 1, "
              "updated_at = ? WHERE id = ? AND version = ?",
              {state_code(e.state), e.merged_into, e.lead_dept_id,
               e.stage ? store::Value(stage_code(*e.stage)) : store::Value(), e.stage_started_at,
               e.stage_due_at, e.overdue, e.was_whistled, e.resolved_in_grid, e.reopen_count,
               e.rating, e.rating ? store::Value(e.rating_comment) : store::Value(), e.complaints,
               e.accepted_at, e.closed_at, now, e.id, e.version}));
  if (changed != 1)
    return make_error(ErrorKind::precondition_failed, "event.version_mismatch",
                      "the event changed while you were acting on it; reload and try again");
  OG_ASSIGN(auto tid,
            tx.insert("INSERT INTO event_transition (event_id, action, from_state, to_state, "
                      "actor_id, actor_name, actor_role, actor_org_id, dept_id, note, data, at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {e.id, action_code(req.action), state_code(from), state_code(e.state),
                       who.user_id, who.display_name.empty() ? who.username : who.display_name,
                       acting_as(req.action, l.parties),
                       actor.org_id ? store::Value(actor.org_id) : store::Value(), dept_id,
                       req.note, boost::json::serialize(data), now}));
  OG_TRY(bind_attachments(tx, e.id, tid, req.attachment_ids));
  data["from"] = state_code(from);
  data["to"] = state_code(e.state);
  OG_TRY(audit::append(tx, actor, std::string("event.") + std::string(action_code(req.action)),
                       "event", std::to_string(e.id), boost::json::object{{"after", data}},
                       e.org_path));
  OG_ASSIGN(auto after, load_event(tx, e.id));
  OG_TRY(notify(tx, NoticeInput{std::string(action_code(req.action)), &after, tid, who.user_id,
                                dept_id, req.note, now}));
  return after;
}

}  // namespace onegrid::events
