#pragma once
// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) as a view of the event loop:
// a service is an active event subclass (service_code = the subclass code, group = its class),
// a service request is an event (service_request_id = the event id; the receipt code is quoted in
// service_notice), a token is the random external_ref of an event filed through Open311. Pure
// mapping and validation; the store and HTTP sides are open311_store.hpp and
// src/api/routes_open311.cpp.

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "events/event.hpp"
#include "events/taxonomy.hpp"

namespace onegrid::events::open311 {

using Fields = std::vector<std::pair<std::string, std::string>>;

// The W3C-note datetime the spec asks for, in Asia/Shanghai: "2026-12-01T22:45:00+08:00".
std::string w3_datetime(std::int64_t ms);
// Parses a W3C datetime: YYYY-MM-DD (Beijing midnight), YYYY-MM-DDThh:mmTZD,
// YYYY-MM-DDThh:mm:ssTZD, YYYY-MM-DDThh:mm:ss.sTZD, with TZD = Z or ±hh:mm. False otherwise.
bool parse_w3_datetime(std::string_view text, std::int64_t& ms);

// closed, rejected and merged are "closed"; every other state is "open".
bool is_closed(State s);
std::string_view status_of(State s);
// Our Chinese state name, then the latest timeline note when there is one: "处置中：已派人清理".
std::string status_notes(State s, std::string_view latest_note);

// GET services: one entry.
boost::json::value service_json(const EventSubclass& sub, const EventClass& cls);
// GET services/{code}: the definition (this platform asks for no extra attributes).
boost::json::value service_definition_json(std::string_view service_code);
// GET requests and requests/{id}: one service request.
boost::json::value request_json(const Event& e, std::string_view service_code,
                                std::string_view latest_note);
// The service discovery document; `base_url` is ".../open311/v2".
boost::json::value discovery_json(std::string_view base_url);

// A POST requests body, read and checked (api_key is checked against the store by the caller).
struct PostInput {
  std::string api_key;
  std::string service_code;
  std::optional<double> lat, lon;
  std::string address;
  std::string description;
  std::string first_name, last_name, email, phone;
  std::vector<std::pair<std::string, std::string>> attributes;  // attribute[code] = value
};
// Errors (ErrorKind::invalid, 400): open311.service_code_required, open311.location_required,
// open311.invalid_lat / invalid_long, open311.outside_area, open311.too_long, open311.invalid_text.
// A missing api_key is not an error here (the caller answers 403).
Result<PostInput> read_post(const Fields& fields);
// A JSON request body as form fields: scalars as text, "attribute": {"k": v} as attribute[k].
// Errors: open311.invalid_body when the body is not an object of scalars.
Result<Fields> fields_from_json(const boost::json::value& body);

// The event's title: "<address> <service name>" (the address cut to 40 characters), or the
// service name alone.
std::string event_title(std::string_view address, std::string_view service_name);
// The reporter's shown name: the given names, or the client's name.
std::string reporter_name(const PostInput& in, std::string_view client_name);
// The POST answer's service_notice: the receipt code and the accept deadline.
std::string service_notice(const Event& e);

}  // namespace onegrid::events::open311
