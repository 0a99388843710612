// 事件分类: the event taxonomy — read by everyone who reports or handles events, edited (with
// version checks and history) by holders of taxonomy.manage.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/api.hpp"
#include "api/json_io.hpp"
#include "base/clock.hpp"
#include "events/taxonomy_store.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

using auth::Permission;

Result<std::int64_t> required_version(const Call& c) {
  OG_ASSIGN(auto v, c.if_match());
  if (!v)
    return make_error(ErrorKind::precondition_required, "http.if_match_required",
                      "send If-Match with the ETag of the version you edited");
  return *v;
}

template <class T>
http::Response versioned(int status, const T& x) {
  auto res = json_response(status, events::to_json(x));
  res.set_header("ETag", etag_for(x.version));
  return res;
}

Result<http::Response> get_all(Call& c) {
  const bool all = c.req.query_param("include_inactive").value_or("") == "true";
  boost::json::array classes, subclasses;
  OG_TRY(c.svc.store.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto cs, events::list_classes(tx, all));
    OG_ASSIGN(auto ss, events::list_subclasses(tx, all));
    for (const auto& x : cs) classes.push_back(events::to_json(x));
    for (const auto& x : ss) subclasses.push_back(events::to_json(x));
    return ok_status();
  }));
  return json_response(200, boost::json::object{{"classes", std::move(classes)},
                                                {"subclasses", std::move(subclasses)}});
}

// Reads the editable fields of a class from the body into `c`.
Status read_class(BodyReader& body, events::EventClass& c, bool creating) {
  if (creating) {
    OG_ASSIGN(c.code, body.text("code", 2));
  }
  OG_ASSIGN(c.name, body.text("name", 60));
  OG_ASSIGN(auto en, body.opt_text("name_en", 200));
  c.name_en = en.value_or("");
  OG_ASSIGN(auto active, body.opt_boolean("active"));
  c.active = active.value_or(true);
  return body.finish();
}

Result<std::vector<std::int64_t>> id_list(BodyReader& body, std::string_view field) {
  std::vector<std::int64_t> out;
  const auto* v = body.value(field);
  if (!v || v->is_null()) return out;
  if (!v->is_array())
    return invalid_input("json.wrong_type", "an array of ids", std::string(field));
  for (const auto& x : v->as_array()) {
    if (!x.is_int64() || x.as_int64() <= 0)
      return invalid_input("json.wrong_type", "an array of positive ids", std::string(field));
    out.push_back(x.as_int64());
  }
  return out;
}

Status read_subclass(BodyReader& body, events::EventSubclass& s, bool creating) {
  if (creating) {
    OG_ASSIGN(s.class_id, body.integer("class_id"));
    OG_ASSIGN(s.code, body.text("code", 4));
  }
  OG_ASSIGN(s.name, body.text("name", 60));
  OG_ASSIGN(auto en, body.opt_text("name_en", 200));
  s.name_en = en.value_or("");
  OG_ASSIGN(s.lead_dept_id, body.opt_integer("lead_dept_id"));
  OG_ASSIGN(s.assist_dept_ids, id_list(body, "assist_dept_ids"));
  OG_ASSIGN(auto priority, body.opt_integer("priority"));
  s.priority = static_cast<int>(priority.value_or(2));
  if (const auto* d = body.value("deadlines_minutes"); d && !d->is_null()) {
    if (!d->is_object())
      return invalid_input("json.wrong_type", "an object of minutes per stage",
                           "deadlines_minutes");
    for (const auto& [k, v] : d->as_object()) {
      auto stage = events::parse_stage(k);
      const std::string field = "deadlines_minutes." + std::string(k);
      if (!stage) return invalid_input("json.unknown_field", "unknown stage", field);
      if (!v.is_int64()) return invalid_input("json.wrong_type", "minutes", field);
      auto m = v.as_int64();
      switch (*stage) {
        case events::Stage::accept:
          s.deadlines.accept = m;
          break;
        case events::Stage::report_in:
          s.deadlines.report_in = m;
          break;
        case events::Stage::handle:
          s.deadlines.handle = m;
          break;
        case events::Stage::verify:
          s.deadlines.verify = m;
          break;
      }
    }
  }
  OG_ASSIGN(auto active, body.opt_boolean("active"));
  s.active = active.value_or(true);
  return body.finish();
}

Result<http::Response> create_class(Call& c) {
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  events::EventClass in;
  OG_TRY(read_class(body, in, true));
  OG_ASSIGN(auto out, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return events::create_class(tx, c.actor(Permission::taxonomy_manage), in);
            }));
  return versioned(201, out);
}

Result<http::Response> update_class(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto version, required_version(c));
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  events::EventClass in;
  OG_TRY(read_class(body, in, false));
  OG_ASSIGN(auto out, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return events::update_class(tx, c.actor(Permission::taxonomy_manage), id, version,
                                          in);
            }));
  return versioned(200, out);
}

Result<http::Response> create_subclass(Call& c) {
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  events::EventSubclass in;
  OG_TRY(read_subclass(body, in, true));
  OG_ASSIGN(auto out, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return events::create_subclass(tx, c.actor(Permission::taxonomy_manage), in);
            }));
  return versioned(201, out);
}

Result<http::Response> update_subclass(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto version, required_version(c));
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  events::EventSubclass in;
  OG_TRY(read_subclass(body, in, false));
  OG_ASSIGN(auto out, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return events::update_subclass(tx, c.actor(Permission::taxonomy_manage), id, version,
                                             in);
            }));
  return versioned(200, out);
}

Result<http::Response> history(Call& c, std::string_view kind) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto entries, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return events::taxonomy_history(tx, kind, id);
            }));
  if (entries.empty()) return not_found("taxonomy.not_found", "no such taxonomy entry");
  boost::json::array items;
  for (const auto& h : entries)
    items.push_back(boost::json::object{{"version", h.version},
                                        {"snapshot", h.snapshot},
                                        {"changed_by", h.changed_by},
                                        {"changed_at", format_utc(h.changed_at)}});
  return json_response(200, boost::json::object{{"items", std::move(items)}});
}

}  // namespace

void register_taxonomy_routes(Routes& r) {
  r.push_back({"GET", "/api/v1/taxonomy", Permission::self,
               "The event taxonomy: classes and subclasses with their defaults", get_all});
  r.push_back({"POST", "/api/v1/taxonomy/classes", Permission::taxonomy_manage,
               "Create an event class", create_class});
  r.push_back({"PATCH", "/api/v1/taxonomy/classes/{id}", Permission::taxonomy_manage,
               "Edit an event class (If-Match)", update_class});
  r.push_back({"GET", "/api/v1/taxonomy/classes/{id}/history", Permission::self,
               "Versions of an event class", [](Call& c) { return history(c, "class"); }});
  r.push_back({"POST", "/api/v1/taxonomy/subclasses", Permission::taxonomy_manage,
               "Create an event subclass", create_subclass});
  r.push_back({"PATCH", "/api/v1/taxonomy/subclasses/{id}", Permission::taxonomy_manage,
               "Edit an event subclass: departments, priority, deadlines (If-Match)",
               update_subclass});
  r.push_back({"GET", "/api/v1/taxonomy/subclasses/{id}/history", Permission::self,
               "Versions of an event subclass", [](Call& c) { return history(c, "subclass"); }});
}

}  // namespace onegrid::api
