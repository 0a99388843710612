// 上报: filing a new event from any channel, placed in its grid (or a community's queue).

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "base/clock.hpp"
#include "events/event_sql.hpp"
#include "events/event_store.hpp"
#include "events/notify.hpp"
#include "events/search_index.hpp"
#include "events/taxonomy_store.hpp"

namespace onegrid::events {
namespace {

struct Place {
  std::optional<std::int64_t> grid_id;
  std::int64_t community_id = 0;
  std::int64_t street_id = 0;
  std::string org_path;
};

Result<std::optional<store::Row>> active_unit(store::Tx& tx, std::int64_t id) {
  return tx.query_one("SELECT id, parent_id, path, kind FROM org_unit WHERE id = ? AND active = 1",
                      {id});
}

Result<Place> place(store::Tx& tx, const NewEvent& in) {
  Place p;
  std::int64_t community = 0;
  if (in.grid_id) {
    OG_ASSIGN(auto grid, active_unit(tx, *in.grid_id));
    if (!grid || grid->text(3) != "grid")
      return invalid_input("event.unknown_grid", "no active grid " + std::to_string(*in.grid_id),
                           "grid_id");
    p.grid_id = *in.grid_id;
    p.org_path = grid->text(2);
    community = grid->i64(1);
  } else if (in.community_id) {
    community = *in.community_id;
  } else if (in.near_grid_id) {
    OG_ASSIGN(auto near, active_unit(tx, *in.near_grid_id));
    if (!near) return invalid_input("event.unknown_grid", "no active grid nearby", "location");
    community = near->i64(1);
  } else {
    return invalid_input("event.location_required",
                         "give a location (lon, lat), a grid or a community", "location");
  }
  OG_ASSIGN(auto comm, active_unit(tx, community));
  if (!comm || comm->text(3) != "community")
    return invalid_input("event.unknown_community",
                         "no active community " + std::to_string(community), "community_id");
  p.community_id = community;
  p.street_id = comm->i64(1);
  if (p.org_path.empty()) p.org_path = comm->text(2);
  return p;
}

}  // namespace

Result<Reported> report(store::Tx& tx, const audit::Actor& actor, const NewEvent& in) {
  if (in.external_ref) {
    OG_ASSIGN(auto prior, tx.query_one("SELECT id FROM event WHERE channel = ? AND external_ref "
                                       "= ?",
                                       {channel_code(in.channel), *in.external_ref}));
    if (prior) {
      OG_ASSIGN(auto e, load_event(tx, prior->i64(0)));
      return Reported{std::move(e), false};
    }
  }
  auto sub = get_subclass(tx, in.subclass_id);
  if (!sub || !sub->active)
    return invalid_input("event.unknown_subclass",
                         "no active event subclass " + std::to_string(in.subclass_id),
                         "subclass_id");
  if (in.title.empty()) return invalid_input("event.title_required", "title is required", "title");
  OG_ASSIGN(auto where, place(tx, in));
  const std::int64_t now = in.reported_at.value_or(now_ms());
  const std::int64_t due = now + sub->deadlines.accept * 60'000;
  OG_ASSIGN(
      auto id,
      tx.insert("INSERT INTO event (class_id, subclass_id, state, channel, priority, title, "
                "description, address, lon, lat, grid_id, community_id, street_id, "
                "org_path, reporter_id, reporter_name, external_ref, stage, "
                "stage_started_at, stage_due_at, reported_at, version, updated_at, address_id) "
                "VALUES (?, ?, 'reported', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "'accept', ?, ?, ?, 1, ?, ?) RETURNING id",
                {sub->class_id,
                 sub->id,
                 channel_code(in.channel),
                 sub->priority,
                 in.title,
                 in.description,
                 in.address,
                 in.lon,
                 in.lat,
                 where.grid_id,
                 where.community_id,
                 where.street_id,
                 where.org_path,
                 in.reporter_id,
                 in.reporter_name,
                 in.external_ref,
                 now,
                 due,
                 now,
                 now,
                 in.address_id}));
  index_events_at_commit(tx);
  boost::json::object data{{"channel", channel_code(in.channel)},
                           {"grid_id", where.grid_id ? boost::json::value(*where.grid_id)
                                                     : boost::json::value(nullptr)}};
  if (in.external_ref) data["external_ref"] = *in.external_ref;
  const std::string actor_name = in.reporter_name.empty() ? actor.username : in.reporter_name;
  OG_ASSIGN(
      auto tid,
      tx.insert("INSERT INTO event_transition (event_id, action, from_state, to_state, actor_id, "
                "actor_name, actor_role, actor_org_id, note, data, at) VALUES (?, 'report', "
                "NULL, 'reported', ?, ?, ?, ?, '', ?, ?) RETURNING id",
                {id, actor.user_id ? store::Value(actor.user_id) : store::Value(), actor_name,
                 actor.role, actor.org_id ? store::Value(actor.org_id) : store::Value(),
                 boost::json::serialize(data), now}));
  OG_TRY(audit::append(tx, actor, "event.report", "event", std::to_string(id),
                       boost::json::object{{"after", data}}, where.org_path));
  OG_ASSIGN(auto e, load_event(tx, id));
  OG_TRY(notify(tx, NoticeInput{"report", &e, tid,
                                actor.user_id ? std::optional(actor.user_id) : std::nullopt,
                                std::nullopt, "", now}));
  return Reported{std::move(e), true};
}

}  // namespace onegrid::events
