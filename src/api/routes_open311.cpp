// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under /open311/v2/: discovery,
// services, service definitions, service requests (GET, and POST with an API key) and tokens, in
// JSON and XML; plus the sysadmin's API for the clients' keys. The GeoReport routes are public:
// only POST requests needs an api_key. Errors (4xx) use the spec's error documents; a failure of
// the server itself (5xx) is problem+json like everywhere else.
//
// service_request_id is the event id (the receipt code is quoted in service_notice); a token is
// the random external_ref of an event filed through Open311. The router matches whole path
// segments, so "{id}.json" is one capture whose extension the handler splits off, and the fixed
// resources are registered once per format.

#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <map>

#include "api/api.hpp"
#include "api/json_io.hpp"
#include "auth/token.hpp"
#include "base/clock.hpp"
#include "events/event_store.hpp"
#include "events/open311.hpp"
#include "events/open311_format.hpp"
#include "events/open311_store.hpp"
#include "events/taxonomy_store.hpp"
#include "org/grid_locator.hpp"
#include "people/address_match.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

namespace o311 = events::open311;
using auth::Permission;
using o311::Format;

constexpr std::int64_t kDayMs = 86'400'000;
constexpr int kMaxRequests = 1000;

http::Response document(int status, Format f, const boost::json::value& v, std::string_view root,
                        std::string_view item) {
  http::Response r;
  r.status = status;
  r.set_header("Content-Type", std::string(o311::content_type(f)));
  r.body = f == Format::json ? boost::json::serialize(v) : o311::to_xml(root, item, v);
  return r;
}

int spec_status(ErrorKind k) {
  switch (k) {
    case ErrorKind::invalid:
    case ErrorKind::unsupported_media:
      return 400;
    case ErrorKind::unauthenticated:
    case ErrorKind::forbidden:
      return 403;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::too_large:
      return 413;
    case ErrorKind::rate_limited:
      return 429;
    default:
      return 0;  // the server's own failure: problem+json from the API layer
  }
}

// Runs a GeoReport handler body and answers its client errors in the spec's error format.
template <class F>
Result<http::Response> georeport(Format f, F&& body) {
  Result<http::Response> r = body();
  if (r) return r;
  const int status = spec_status(r.error().kind);
  if (status == 0) return r;
  http::Response res;
  res.status = status;
  res.set_header("Content-Type", std::string(o311::content_type(f)));
  res.body = o311::error_document(f, status, r.error().message);
  return res;
}

// A path capture "<name>.<format>": the name and format, or a 404 in JSON for an unknown format.
Result<std::pair<std::string, Format>> split_param(const Call& c, std::string_view param) {
  for (const auto& [k, v] : c.params)
    if (k == param)
      if (auto split = o311::split_format(v); split && !split->first.empty()) return *split;
  return not_found("open311.unknown_format", "no such resource: use .json or .xml");
}

http::Response format_not_found() {
  http::Response res;
  res.status = 404;
  res.set_header("Content-Type", std::string(o311::content_type(Format::json)));
  res.body = o311::error_document(Format::json, 404, "no such resource: use .json or .xml");
  return res;
}

// ---- discovery and services ---------------------------------------------------------------------

std::string base_url(const Call& c) {
  std::string host(c.req.header("host"));
  if (host.empty()) host = "127.0.0.1";
  const bool https = c.req.header("x-forwarded-proto") == "https";
  return (https ? "https://" : "http://") + host + "/open311/v2";
}

Result<http::Response> discovery(Call& c, Format f) {
  return document(200, f, o311::discovery_json(base_url(c)), "discovery", "endpoint");
}

struct ServiceList {
  std::vector<events::EventSubclass> subclasses;  // active ones of active classes
  std::map<std::int64_t, events::EventClass> classes;
};

Result<ServiceList> active_services(store::Tx& tx) {
  ServiceList s;
  OG_ASSIGN(auto classes, events::list_classes(tx, false));
  for (auto& cl : classes) s.classes.emplace(cl.id, std::move(cl));
  OG_ASSIGN(auto subs, events::list_subclasses(tx, false));
  for (auto& sub : subs)
    if (s.classes.count(sub.class_id)) s.subclasses.push_back(std::move(sub));
  return s;
}

Result<http::Response> services(Call& c, Format f) {
  return georeport(f, [&]() -> Result<http::Response> {
    OG_ASSIGN(auto s, store::read_result(c.svc.store, active_services));
    boost::json::array out;
    for (const auto& sub : s.subclasses)
      out.push_back(o311::service_json(sub, s.classes.at(sub.class_id)));
    return document(200, f, out, "services", "service");
  });
}

Result<http::Response> service_definition(Call& c) {
  auto split = split_param(c, "code");
  if (!split) return format_not_found();
  const auto& [code, f] = *split;
  return georeport(f, [&]() -> Result<http::Response> {
    OG_ASSIGN(auto s, store::read_result(c.svc.store, active_services));
    for (const auto& sub : s.subclasses)
      if (sub.code == code)
        return document(200, f, o311::service_definition_json(code), "service_definition", "");
    return not_found("open311.unknown_service", "service_code " + code + " was not found");
  });
}

// ---- service requests ---------------------------------------------------------------------------

// The requests of `found` in the spec's form, with service codes and latest notes.
Result<boost::json::array> requests_json(store::Tx& tx, const std::vector<events::Event>& found) {
  OG_ASSIGN(auto subs, events::list_subclasses(tx, true));
  std::map<std::int64_t, std::string> codes;
  for (const auto& s : subs) codes[s.id] = s.code;
  std::vector<std::int64_t> ids;
  for (const auto& e : found) ids.push_back(e.id);
  OG_ASSIGN(auto notes, o311::latest_notes(tx, ids));
  boost::json::array out;
  for (const auto& e : found) {
    auto note = notes.find(e.id);
    out.push_back(o311::request_json(e, codes[e.subclass_id],
                                     note == notes.end() ? std::string() : note->second));
  }
  return out;
}

std::optional<std::int64_t> positive_id(std::string_view text) {
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::vector<std::string> comma_list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    std::string item = s.substr(i, j - i);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(std::move(item));
    i = j + 1;
  }
  return out;
}

Result<std::optional<std::int64_t>> query_w3(const http::Request& req, std::string_view name) {
  auto raw = req.query_param(name);
  if (!raw || raw->empty()) return std::optional<std::int64_t>{};
  std::int64_t ms = 0;
  if (!o311::parse_w3_datetime(*raw, ms))
    return invalid_input(
        "open311.invalid_date",
        std::string(name) + " must be a w3 datetime, e.g. 2026-12-01T08:00:00+08:00",
        std::string(name));
  return std::optional<std::int64_t>(ms);
}

// GET requests filters: service_code, status, start_date, end_date (at most 90 days apart;
// default: the last 90 days), newest first, at most 1000.
Result<std::optional<events::ListFilter>> read_request_filter(store::Tx& tx,
                                                              const http::Request& req) {
  events::ListFilter f;
  f.limit = kMaxRequests;
  if (auto code = req.query_param("service_code"); code && !code->empty()) {
    OG_ASSIGN(auto subs, events::list_subclasses(tx, true));
    for (const auto& s : subs)
      if (s.code == *code) f.subclass_id = s.id;
    if (!f.subclass_id) f.subclass_id = 0;  // no such service: nothing (after the checks below)
  }
  if (auto status = req.query_param("status"); status && !status->empty()) {
    bool open = false, closed = false;
    for (const auto& s : comma_list(*status)) {
      if (s == "open")
        open = true;
      else if (s == "closed")
        closed = true;
      else
        return invalid_input("open311.invalid_status", "status is open or closed", "status");
    }
    for (auto st : events::all_states())
      if ((o311::is_closed(st) && closed) || (!o311::is_closed(st) && open)) f.states.push_back(st);
  }
  OG_ASSIGN(auto start, query_w3(req, "start_date"));
  OG_ASSIGN(auto end, query_w3(req, "end_date"));
  if (start && end && *end < *start)
    return invalid_input("open311.invalid_date", "end_date is before start_date", "end_date");
  if (start && end && *end - *start > 90 * kDayMs)
    return invalid_input("open311.invalid_date", "the date range may not span more than 90 days",
                         "end_date");
  f.from = start ? *start : (end ? *end : now_ms()) - 90 * kDayMs;
  if (end) f.to = *end + 1000;  // end_date is inclusive, to the second
  if (f.subclass_id == 0) return std::optional<events::ListFilter>{};
  return std::optional<events::ListFilter>(std::move(f));
}

Result<http::Response> list_requests(Call& c, Format f) {
  return georeport(f, [&]() -> Result<http::Response> {
    OG_ASSIGN(auto out,
              store::read_result(c.svc.store, [&](store::Tx& tx) -> Result<boost::json::array> {
                std::vector<events::Event> found;
                auto ids = c.req.query_param("service_request_id");
                if (ids && !ids->empty()) {  // the spec: every other filter is then ignored
                  for (const auto& item : comma_list(*ids)) {
                    if (found.size() >= kMaxRequests) break;
                    auto id = positive_id(item);
                    if (!id) continue;
                    auto e = events::load_event(tx, *id);
                    if (!e && e.error().kind != ErrorKind::not_found) return e.error();
                    // Public: only Open311's own requests (see below).
                    if (e && e->channel == events::Channel::open311) found.push_back(std::move(*e));
                  }
                } else {
                  OG_ASSIGN(auto filter, read_request_filter(tx, c.req));
                  if (filter) {
                    // Public: only what came in through Open311. Reports from residents, grid
                    // workers, the hotline and devices stay inside the platform.
                    filter->channel = events::Channel::open311;
                    const events::Viewer everyone{org::Scope::everything(), 0};
                    OG_ASSIGN(found, events::list_events(tx, everyone, *filter));
                  }
                }
                return requests_json(tx, found);
              }));
    return document(200, f, out, "service_requests", "request");
  });
}

Result<http::Response> get_request(Call& c) {
  auto split = split_param(c, "id");
  if (!split) return format_not_found();
  const auto& [id_text, f] = *split;
  return georeport(f, [&]() -> Result<http::Response> {
    auto id = positive_id(id_text);
    if (!id)
      return not_found("open311.unknown_request", "service request " + id_text + " was not found");
    OG_ASSIGN(auto out,
              store::read_result(c.svc.store, [&](store::Tx& tx) -> Result<boost::json::array> {
                auto e = events::load_event(tx, *id);
                if (e && e->channel != events::Channel::open311)  // not public: see list_requests
                  e = not_found("open311.unknown_request", "not an Open311 request");
                if (!e && e.error().kind == ErrorKind::not_found)
                  return not_found("open311.unknown_request",
                                   "service request " + id_text + " was not found");
                if (!e) return e.error();
                return requests_json(tx, {*e});
              }));
    return document(200, f, out, "service_requests", "request");
  });
}

Result<http::Response> get_token(Call& c) {
  auto split = split_param(c, "token");
  if (!split) return format_not_found();
  const auto& [token, f] = *split;
  return georeport(f, [&]() -> Result<http::Response> {
    OG_ASSIGN(auto id, store::read_result(c.svc.store, [&](store::Tx& tx) {
                return o311::event_for_token(tx, token);
              }));
    if (!id) return not_found("open311.unknown_token", "token " + token + " was not found");
    boost::json::array out{
        boost::json::object{{"service_request_id", std::to_string(*id)}, {"token", token}}};
    return document(200, f, out, "service_requests", "request");
  });
}

// The POST body as fields: form-urlencoded (the spec's) or a JSON object; api_key may also come
// in the query string.
Result<o311::Fields> post_fields(const http::Request& req) {
  std::string_view ct = req.header("content-type");
  std::string_view media = ct.substr(0, ct.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  o311::Fields fields;
  if (media == "application/x-www-form-urlencoded" || (media.empty() && req.body.empty())) {
    auto parsed = o311::parse_form(req.body);
    if (!parsed)
      return invalid_input("open311.invalid_body", "the form body is malformed or not UTF-8");
    fields = std::move(*parsed);
  } else if (media == "application/json") {
    boost::system::error_code ec;
    auto v = boost::json::parse(req.body, ec);
    if (ec) return invalid_input("open311.invalid_body", "the body is not valid JSON");
    OG_ASSIGN(fields, o311::fields_from_json(v));
  } else {
    return invalid_input("open311.invalid_body",
                         "send application/x-www-form-urlencoded or application/json");
  }
  for (const auto& [k, v] : req.query)
    if (k == "api_key") fields.emplace_back(k, v);  // after the body's: the body's wins
  return fields;
}

const std::string* field_of(const o311::Fields& fields, std::string_view name) {
  for (const auto& [k, v] : fields)
    if (k == name) return &v;
  return nullptr;
}

audit::Actor client_actor(const Call& c, const o311::Client& client) {
  audit::Actor a;
  a.username = "open311:" + client.name;
  a.role = "open311_client";
  a.request_id = c.req.request_id;
  a.client_addr = c.req.client_addr;
  return a;
}

Result<http::Response> post_request(Call& c, Format f) {
  return georeport(f, [&]() -> Result<http::Response> {
    OG_ASSIGN(auto fields, post_fields(c.req));
    const std::string* key = field_of(fields, "api_key");
    const std::string api_key = key ? *key : std::string();
    // 403 before 400: an unknown caller learns nothing about the fields.
    OG_ASSIGN(auto client, store::read_result(c.svc.store, [&](store::Tx& tx) {
                return o311::authenticate(tx, api_key);
              }));
    OG_ASSIGN(auto in, o311::read_post(fields));
    OG_ASSIGN(auto s, store::read_result(c.svc.store, active_services));
    const events::EventSubclass* sub = nullptr;
    for (const auto& x : s.subclasses)
      if (x.code == in.service_code) sub = &x;
    if (!sub)
      return invalid_input("open311.unknown_service",
                           "service_code " + in.service_code + " was not found", "service_code");

    events::NewEvent ev;
    ev.subclass_id = sub->id;
    ev.channel = events::Channel::open311;
    ev.title = o311::event_title(in.address, sub->name);
    ev.description = in.description;
    ev.address = in.address;
    ev.reporter_name = o311::reporter_name(in, client.name);
    ev.external_ref = auth::new_session_token();
    // An address_string the register knows is tied to its room or building (and, without
    // lat/long, placed there).
    std::optional<people::StandardAddress> standard;
    if (!in.address.empty()) {
      OG_ASSIGN(standard, store::read_result(c.svc.store, [&](store::Tx& tx) {
                  return people::match_address(tx, in.address);
                }));
      if (standard) ev.address_id = standard->id;
    }
    if (!in.lat && standard && standard->lon && standard->lat) {
      ev.lon = standard->lon;
      ev.lat = standard->lat;
      if (standard->grid_id)
        ev.grid_id = standard->grid_id;
      else
        ev.community_id = standard->community_id;
    } else if (in.lat) {
      // The same placement as the console's intake (routes_events.cpp): the containing grid, or
      // the nearest grid's community queue.
      ev.lon = in.lon;
      ev.lat = in.lat;
      OG_ASSIGN(auto where, c.svc.locator.locate(*in.lon, *in.lat));
      if (where.inside)
        ev.grid_id = where.grid_id;
      else
        ev.near_grid_id = where.grid_id;
    } else {
      OG_ASSIGN(auto place, store::read_result(c.svc.store, [&](store::Tx& tx) {
                  return o311::place_address(tx, in.address);
                }));
      ev.grid_id = place.grid_id;
      if (!place.grid_id) ev.community_id = place.community_id;
      if (!place.grid_id && !place.community_id)
        return invalid_input("open311.address_unlocated",
                             "address_string names no grid or community of this district; send "
                             "lat and long",
                             "address_string");
    }
    OG_ASSIGN(auto r,
              store::write_result(c.svc.store, [&](store::Tx& tx) -> Result<events::Reported> {
                OG_ASSIGN(auto still, o311::authenticate(tx, api_key));  // not revoked meanwhile
                return events::report(tx, client_actor(c, still), ev);
              }));
    boost::json::array out{boost::json::object{{"service_request_id", std::to_string(r.event.id)},
                                               {"token", *ev.external_ref},
                                               {"service_notice", o311::service_notice(r.event)},
                                               {"account_id", nullptr}}};
    auto res = document(201, f, out, "service_requests", "request");
    res.set_header("Location", "/open311/v2/requests/" + std::to_string(r.event.id) +
                                   (f == Format::json ? ".json" : ".xml"));
    return res;
  });
}

// ---- API keys (sysadmin) ------------------------------------------------------------------------

Result<http::Response> create_client(Call& c) {
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  OG_ASSIGN(auto name, body.text("name", 100));
  OG_TRY(body.finish());
  OG_ASSIGN(auto issued, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return o311::create_client(tx, c.actor(Permission::open311_manage), name);
            }));
  auto out = o311::to_json(issued.client).as_object();
  out["api_key"] = issued.api_key;
  auto res = json_response(201, out);
  res.set_header("Cache-Control", "no-store");
  return res;
}

Result<http::Response> list_clients(Call& c) {
  OG_ASSIGN(auto clients, store::read_result(c.svc.store, o311::list_clients));
  boost::json::array items;
  for (const auto& cl : clients) items.push_back(o311::to_json(cl));
  return json_response(200, boost::json::object{{"items", std::move(items)}});
}

Result<http::Response> revoke_client(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto client, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return o311::revoke_client(tx, c.actor(Permission::open311_manage), id);
            }));
  return json_response(200, o311::to_json(client));
}

}  // namespace

void register_open311_routes(Routes& r) {
  for (Format f : {Format::json, Format::xml}) {
    const std::string ext = f == Format::json ? ".json" : ".xml";
    const std::string fmt = f == Format::json ? "JSON" : "XML";
    r.push_back({"GET", "/open311/v2/discovery" + ext, std::nullopt,
                 "Open311 service discovery (" + fmt + ")",
                 [f](Call& c) { return discovery(c, f); }});
    r.push_back({"GET", "/open311/v2/services" + ext, std::nullopt,
                 "Open311 services: the active event subclasses (" + fmt + ")",
                 [f](Call& c) { return services(c, f); }});
    r.push_back({"GET", "/open311/v2/requests" + ext, std::nullopt,
                 "Open311 service requests, filtered (" + fmt + ")",
                 [f](Call& c) { return list_requests(c, f); }});
    r.push_back({"POST", "/open311/v2/requests" + ext, std::nullopt,
                 "Open311: file a service request with an API key (" + fmt + ")",
                 [f](Call& c) { return post_request(c, f); }});
  }
  r.push_back({"GET", "/open311/v2/services/{code}", std::nullopt,
               "Open311 service definition ({code} is the service code plus .json or .xml)",
               service_definition});
  r.push_back({"GET", "/open311/v2/requests/{id}", std::nullopt,
               "Open311 service request ({id} is the event id plus .json or .xml)", get_request});
  r.push_back({"GET", "/open311/v2/tokens/{token}", std::nullopt,
               "Open311 token lookup ({token} plus .json or .xml)", get_token});
  r.push_back({"POST", "/api/v1/open311/clients", Permission::open311_manage,
               "Issue an Open311 API key (shown once)", create_client});
  r.push_back({"GET", "/api/v1/open311/clients", Permission::open311_manage,
               "Open311 clients (without their keys)", list_clients});
  r.push_back({"POST", "/api/v1/open311/clients/{id}/revoke", Permission::open311_manage,
               "Revoke an Open311 client's API key", revoke_client});
}

}  // namespace onegrid::api
