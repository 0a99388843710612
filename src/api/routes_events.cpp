// 一网统管 events: intake (console, H5, 12345 hotline), scoped lists and details, the timeline
// and the workflow's actions with If-Match.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <sstream>

#include "api/api.hpp"
#include "api/event_filter.hpp"
#include "api/json_io.hpp"
#include "api/micro_cache.hpp"
#include "base/clock.hpp"
#include "events/event_store.hpp"
#include "org/grid_locator.hpp"
#include "people/address_match.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

using auth::Permission;

events::Viewer viewer_of(const Call& c) {
  return events::Viewer{c.scope(Permission::event_read), c.who->user_id};
}

// The channel an event reported by this caller arrives through.
events::Channel channel_of(const auth::Principal& who) {
  bool resident = false;
  for (const auto& g : who.grants) {
    if (g.role == auth::Role::grid_worker) return events::Channel::grid_worker;
    if (g.role == auth::Role::resident || g.role == auth::Role::partner) resident = true;
  }
  return resident ? events::Channel::resident : events::Channel::console;
}

// location: [lon, lat] (GeoJSON order, WGS 84), inside the plausible range for China.
Status read_location(BodyReader& body, events::NewEvent& in) {
  const auto* v = body.value("location");
  if (!v || v->is_null()) return ok_status();
  if (!v->is_array() || v->as_array().size() != 2 || !v->as_array()[0].is_number() ||
      !v->as_array()[1].is_number())
    return invalid_input("event.invalid_location", "location is [longitude, latitude]", "location");
  const double lon = v->as_array()[0].to_number<double>();
  const double lat = v->as_array()[1].to_number<double>();
  if (!(lon >= 73 && lon <= 136 && lat >= 3 && lat <= 54))
    return invalid_input("event.invalid_location", "location is outside China's extent",
                         "location");
  in.lon = lon;
  in.lat = lat;
  return ok_status();
}

Status read_common(BodyReader& body, events::NewEvent& in) {
  OG_ASSIGN(in.subclass_id, body.integer("subclass_id"));
  OG_ASSIGN(in.title, body.text("title", 100));
  OG_ASSIGN(auto desc, body.opt_text("description", 2000));
  in.description = desc.value_or("");
  OG_ASSIGN(auto addr, body.opt_text("address", 200));
  in.address = addr.value_or("");
  OG_TRY(read_location(body, in));
  OG_ASSIGN(in.grid_id, body.opt_integer("grid_id"));
  OG_ASSIGN(in.community_id, body.opt_integer("community_id"));
  return ok_status();
}

// Places the event: a located point goes to its grid, or the nearest grid's community queue.
Status locate(Call& c, events::NewEvent& in) {
  if (!in.lon || in.grid_id) return ok_status();
  OG_ASSIGN(auto where, c.svc.locator.locate(*in.lon, *in.lat));
  if (where.inside)
    in.grid_id = where.grid_id;
  else if (!in.community_id)
    in.near_grid_id = where.grid_id;
  return ok_status();
}

// Address text the register knows becomes a standard address; without a location or a grid
// the event is placed at that building and in its grid.
Status match_standard_address(Call& c, events::NewEvent& in) {
  if (in.address.empty() || in.address_id) return ok_status();
  OG_ASSIGN(auto found, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return people::match_address(tx, in.address);
            }));
  if (!found) return ok_status();
  in.address_id = found->id;
  if (!in.lon && !in.grid_id && !in.community_id) {
    if (found->lon && found->lat) {
      in.lon = found->lon;
      in.lat = found->lat;
    }
    if (found->grid_id)
      in.grid_id = found->grid_id;
    else
      in.community_id = found->community_id;
  }
  return ok_status();
}

// When nothing says where: the reporter's own grid or community.
void default_place(const auth::Principal& who, events::NewEvent& in) {
  if (in.lon || in.grid_id || in.community_id) return;
  for (const auto& g : who.grants) {
    if (g.org_kind == "grid") {
      in.grid_id = g.org_id;
      return;
    }
    if (g.org_kind == "community") {
      in.community_id = g.org_id;
      return;
    }
  }
}

Result<events::Reported> file(Call& c, const events::NewEvent& in, Permission p) {
  auto res = store::write_result(c.svc.store,
                                 [&](store::Tx& tx) { return events::report(tx, c.actor(p), in); });
  // Two first reports of one ticket at once: the loser finds the winner's event.
  if (!res && res.error().code == "store.unique_violation" && in.external_ref)
    res = store::write_result(c.svc.store,
                              [&](store::Tx& tx) { return events::report(tx, c.actor(p), in); });
  return res;
}

http::Response event_response(int status, const events::Event& e) {
  auto res = json_response(status, events::to_json(e));
  res.set_header("ETag", etag_for(e.version));
  res.set_header("Location", "/api/v1/events/" + std::to_string(e.id));
  return res;
}

Result<http::Response> report(Call& c) {
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  events::NewEvent in;
  OG_TRY(read_common(body, in));
  OG_TRY(body.finish());
  in.channel = channel_of(*c.who);
  in.reporter_id = c.who->user_id;
  in.reporter_name = c.who->display_name;
  OG_TRY(match_standard_address(c, in));
  default_place(*c.who, in);
  OG_TRY(locate(c, in));
  OG_ASSIGN(auto r, file(c, in, Permission::event_report));
  return event_response(201, r.event);
}

Result<http::Response> hotline(Call& c) {
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  events::NewEvent in;
  OG_TRY(read_common(body, in));
  OG_ASSIGN(auto ticket, body.text("ticket", 40));
  OG_ASSIGN(auto caller, body.opt_text("caller_name", 40));
  OG_TRY(body.finish());
  in.channel = events::Channel::hotline;
  in.external_ref = ticket;
  in.reporter_name = caller.value_or("12345市民");
  OG_TRY(match_standard_address(c, in));
  OG_TRY(locate(c, in));
  OG_ASSIGN(auto r, file(c, in, Permission::event_hotline));
  // A repeated ticket is not an error: the hotline system retries; it gets the same event.
  return event_response(r.created ? 201 : 200, r.event);
}

Result<http::Response> list_page(Call& c);

// Lists are micro-cached per caller (scope and user: "mine", reporters and followers see more)
// and request target: at most 1 s, and never past a write of this process (api/micro_cache.hpp).
Result<http::Response> list(Call& c) {
  if (!c.svc.list_cache) return list_page(c);
  const auto viewer = viewer_of(c);
  std::string key = "events|" + std::to_string(viewer.user_id) + (viewer.scope.all ? "|*" : "|");
  for (const auto& p : viewer.scope.paths) key += p + ",";
  key += "\n" + c.req.target;
  if (auto hit = c.svc.list_cache->get(key)) return std::move(*hit);
  const auto ticket = c.svc.list_cache->ticket();
  OG_ASSIGN(auto res, list_page(c));
  c.svc.list_cache->put(key, ticket, res);
  return res;
}

Result<http::Response> list_page(Call& c) {
  OG_ASSIGN(auto f, read_event_filter(c.req));
  OG_ASSIGN(auto found, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return events::list_events(tx, viewer_of(c), f);
            }));
  boost::json::array items;
  for (const auto& e : found) items.push_back(events::to_json(e));
  return page_response(std::move(items), static_cast<std::size_t>(f.limit),
                       found.empty() ? 0 : found.back().id);
}

Result<http::Response> get(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  boost::json::object body;
  std::int64_t version = 0;
  OG_TRY(c.svc.store.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto e, events::get_event(tx, viewer_of(c), id));
    OG_ASSIGN(auto summoned, events::summons_of(tx, id));
    OG_ASSIGN(auto view, events::caller_view(tx, *c.who, e));
    version = e.version;
    body = events::to_json(e).as_object();
    boost::json::array depts, parties, actions;
    for (const auto& s : summoned) depts.push_back(events::to_json(s));
    for (auto p : events::all_parties())
      if (view.parties.has(p)) parties.push_back(boost::json::string(events::party_code(p)));
    for (auto a : view.actions) actions.push_back(boost::json::string(events::action_code(a)));
    body["departments"] = std::move(depts);
    body["my_parties"] = std::move(parties);
    body["my_actions"] = std::move(actions);
    return ok_status();
  }));
  auto res = json_response(200, body);
  res.set_header("ETag", etag_for(version));
  return res;
}

Result<http::Response> get_timeline(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  boost::json::array items;
  OG_TRY(c.svc.store.read([&](store::Tx& tx) -> Status {
    OG_TRY(events::get_event(tx, viewer_of(c), id));
    OG_ASSIGN(auto steps, events::timeline(tx, id));
    for (const auto& t : steps) items.push_back(events::to_json(t));
    return ok_status();
  }));
  return json_response(200, boost::json::object{{"items", std::move(items)}});
}

Result<http::Response> act(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  auto action = events::parse_action(c.params.empty() ? "" : c.params.back().second);
  if (!action) return not_found("event.unknown_action", "no such action");
  OG_ASSIGN(auto version, c.if_match());
  if (!version)
    return make_error(ErrorKind::precondition_required, "http.if_match_required",
                      "send If-Match with the ETag of the event version you acted on");
  events::ActRequest req;
  req.action = *action;
  req.expected_version = *version;
  if (!c.req.body.empty()) {
    OG_ASSIGN(auto body, BodyReader::parse(c.req));
    OG_ASSIGN(auto note, body.opt_text("note", 1000));
    req.note = note.value_or("");
    OG_ASSIGN(req.merge_into, body.opt_integer("merge_into"));
    OG_ASSIGN(req.lead_dept_id, body.opt_integer("lead_dept_id"));
    if (const auto* a = body.value("assist_dept_ids"); a && !a->is_null()) {
      if (!a->is_array())
        return invalid_input("json.wrong_type", "an array of department ids", "assist_dept_ids");
      std::vector<std::int64_t> ids;
      for (const auto& x : a->as_array()) {
        if (!x.is_int64())
          return invalid_input("json.wrong_type", "an array of department ids", "assist_dept_ids");
        ids.push_back(x.as_int64());
      }
      req.assist_dept_ids = std::move(ids);
    }
    if (const auto* a = body.value("attachment_ids"); a && !a->is_null()) {
      if (!a->is_array())
        return invalid_input("json.wrong_type", "an array of attachment ids", "attachment_ids");
      for (const auto& x : a->as_array()) {
        if (!x.is_int64())
          return invalid_input("json.wrong_type", "an array of attachment ids", "attachment_ids");
        req.attachment_ids.push_back(x.as_int64());
      }
    }
    OG_ASSIGN(auto rating, body.opt_integer("rating"));
    if (rating) req.rating = static_cast<int>(*rating);
    OG_TRY(body.finish());
  }
  OG_ASSIGN(auto e, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return events::act(tx, c.actor(Permission::event_read), *c.who, id, req);
            }));
  return event_response(200, e);
}

}  // namespace

void register_event_routes(Routes& r) {
  r.push_back({"POST", "/api/v1/events", Permission::event_report,
               "Report an event (grid worker, resident, console); placed in its grid", report});
  r.push_back({"POST", "/api/v1/events/hotline", Permission::event_hotline,
               "File a 12345 hotline ticket as an event (idempotent on the ticket number)",
               hotline});
  r.push_back({"GET", "/api/v1/events", Permission::self,
               "Events visible to the caller, filtered, newest first (keyset pages)", list});
  r.push_back({"GET", "/api/v1/events/{id}", Permission::self,
               "One event with its summoned departments and the caller's possible actions", get});
  r.push_back({"GET", "/api/v1/events/{id}/timeline", Permission::self,
               "Every transition of an event, oldest first", get_timeline});
  r.push_back({"POST", "/api/v1/events/{id}/actions/{action}", Permission::self,
               "Take a workflow action on an event (If-Match)", act});
}

}  // namespace onegrid::api
