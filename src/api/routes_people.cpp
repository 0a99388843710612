// 一标三实 register, reading: people search and cards, unmasking (audited), households, the
// address tree, building views and population statistics; and 实有单位 (organisations).

#include <boost/json.hpp>

#include "api/api.hpp"
#include "api/json_io.hpp"
#include "base/clock.hpp"
#include "org/scope_sql.hpp"
#include "people/address_store.hpp"
#include "people/calendar.hpp"
#include "people/masking.hpp"
#include "people/organisations.hpp"
#include "people/person_store.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

using auth::Permission;
namespace json = boost::json;

// The caller's register scope and field profile. Department staff are granted on their
// department, which holds no residents: they read the district they belong to, limited.
Result<people::Viewer> viewer_for(const Call& c) {
  people::Viewer v;
  v.today = people::china_date(now_ms());
  if (c.who->is_sysadmin()) {
    v.scope = org::Scope::everything();
    return v;
  }
  bool only_department = true;
  for (const auto& g : c.who->grants) {
    if (!auth::role_allows(g.role, Permission::people_read)) continue;
    if (g.role == auth::Role::department_staff) {
      std::string parent = g.org_path;  // "/1/9/" -> "/1/"
      if (parent.size() > 1) parent.resize(parent.find_last_of('/', parent.size() - 2) + 1);
      v.scope.add(parent);
    } else {
      only_department = false;
      v.scope.add(g.org_path);
    }
  }
  v.profile = only_department ? people::FieldProfile::limited : people::FieldProfile::full;
  return v;
}

Result<const people::PiiVault*> vault(const Call& c) {
  if (!c.svc.vault)
    return make_error(ErrorKind::unavailable, "people.unavailable", "the register is off");
  return c.svc.vault;
}

Result<http::Response> search(Call& c) {
  OG_ASSIGN(const people::PiiVault* pv, vault(c));
  OG_ASSIGN(people::Viewer v, viewer_for(c));
  people::PersonFilter f;
  f.q = c.req.query_param("q").value_or("");
  f.id_number = c.req.query_param("id_number").value_or("");
  f.phone = c.req.query_param("phone").value_or("");
  f.address = c.req.query_param("address").value_or("");
  f.tag = c.req.query_param("tag").value_or("");
  f.residence_type = c.req.query_param("residence_type").value_or("");
  f.separation = c.req.query_param("separation").value_or("");
  if (v.profile == people::FieldProfile::limited && (!f.q.empty() && f.q.size() < 2))
    return invalid_input("people.query", "name searches need at least 2 characters", "q");
  OG_ASSIGN(f.room_id, query_int(c.req, "room_id", 1, INT64_MAX));
  OG_ASSIGN(f.household_id, query_int(c.req, "household_id", 1, INT64_MAX));
  OG_ASSIGN(f.community_id, query_int(c.req, "community_id", 1, INT64_MAX));
  OG_ASSIGN(f.after, query_int(c.req, "after", 1, INT64_MAX));
  OG_ASSIGN(auto limit, query_int(c.req, "limit", 1, 200));
  f.limit = static_cast<int>(limit.value_or(50));
  OG_ASSIGN(auto found, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return people::search_persons(tx, *pv, v, f);
            }));
  json::array items;
  for (const auto& p : found) items.push_back(people::to_json(p));
  return page_response(std::move(items), static_cast<std::size_t>(f.limit),
                       found.empty() ? 0 : found.back().id);
}

// GET …/{id} of one register object (person card, household, building): the caller's viewer,
// one read, the object as JSON.
using ObjectRead = Result<json::object> (*)(store::Tx&, const people::Viewer&, std::int64_t);
template <ObjectRead read>
Result<http::Response> one_object(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(people::Viewer v, viewer_for(c));
  OG_ASSIGN(auto out,
            store::read_result(c.svc.store, [&](store::Tx& tx) { return read(tx, v, id); }));
  return json_response(200, out);
}

Result<http::Response> unmask(Call& c) {
  OG_ASSIGN(const people::PiiVault* pv, vault(c));
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  OG_ASSIGN(std::string purpose, body.text("purpose", 200));
  std::vector<std::string> fields;
  const json::value* fv = body.value("fields");
  if (!fv || !fv->is_array())
    return invalid_input("unmask.field", "fields: [\"id_number\", \"phone\"]", "fields");
  for (const auto& f : fv->as_array()) {
    if (!f.is_string()) return invalid_input("unmask.field", "fields are strings", "fields");
    fields.emplace_back(f.as_string());
  }
  OG_TRY(body.finish());
  const org::Scope scope = c.scope(Permission::people_unmask);
  const audit::Actor actor = c.actor(Permission::people_unmask);
  OG_ASSIGN(auto out, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return people::unmask_person(tx, *pv, scope, id, fields, purpose, actor);
            }));
  http::Response res = json_response(200, out);
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

Result<http::Response> addresses(Call& c) {
  OG_ASSIGN(people::Viewer v, viewer_for(c));
  OG_ASSIGN(auto parent, query_int(c.req, "parent_id", 1, INT64_MAX));
  OG_ASSIGN(auto community, query_int(c.req, "community_id", 1, INT64_MAX));
  OG_ASSIGN(auto out, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return people::list_addresses(tx, v, parent, community);
            }));
  return json_response(200, json::object{{"items", std::move(out)}});
}

Result<http::Response> stats(Call& c) {
  OG_ASSIGN(people::Viewer v, viewer_for(c));
  std::string by = c.req.query_param("by").value_or("community");
  OG_ASSIGN(auto out, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return people::population_stats(tx, v, by);
            }));
  return json_response(200, out);
}

Result<http::Response> list_orgs(Call& c) {
  OG_ASSIGN(people::Viewer v, viewer_for(c));
  people::OrganisationFilter f;
  f.q = c.req.query_param("q").value_or("");
  OG_ASSIGN(f.after, query_int(c.req, "after", 1, INT64_MAX));
  OG_ASSIGN(auto limit, query_int(c.req, "limit", 1, 200));
  f.limit = static_cast<int>(limit.value_or(50));
  OG_ASSIGN(auto found, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return people::list_organisations(tx, v.scope, f);
            }));
  json::array items;
  for (const auto& o : found) items.push_back(people::to_json(o));
  return page_response(std::move(items), static_cast<std::size_t>(f.limit),
                       found.empty() ? 0 : found.back().id);
}

Result<http::Response> create_org(Call& c) {
  OG_ASSIGN(const people::PiiVault* pv, vault(c));
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  people::NewOrganisation n;
  OG_ASSIGN(n.name, body.text("name", 200));
  OG_ASSIGN(n.uscc, body.text("uscc", 40));
  OG_ASSIGN(auto type, body.opt_text("org_type", 20));
  n.org_type = type.value_or("enterprise");
  OG_ASSIGN(n.room_id, body.opt_integer("room_id"));
  OG_ASSIGN(auto addr, body.opt_text("address", 200));
  n.address_text = addr.value_or("");
  OG_ASSIGN(auto contact, body.opt_text("contact_name", 50));
  n.contact_name = contact.value_or("");
  OG_ASSIGN(auto phone, body.opt_text("contact_phone", 40));
  n.contact_phone = phone.value_or("");
  OG_ASSIGN(n.staff_count, body.opt_integer("staff_count"));
  OG_TRY(body.finish());
  const org::Scope scope = c.scope(Permission::register_manage);
  const audit::Actor actor = c.actor(Permission::register_manage);
  OG_ASSIGN(auto created, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return people::create_organisation(tx, *pv, scope, n, actor, now_ms());
            }));
  return json_response(201, people::to_json(created));
}

}  // namespace

void register_people_routes(Routes& r) {
  r.push_back({"GET", "/api/v1/people", Permission::people_read,
               "Search the register's residents (identifiers masked)", search});
  r.push_back({"GET", "/api/v1/people/{id}", Permission::people_read,
               "A resident's card: fields, sources, household and history",
               one_object<people::person_card>});
  r.push_back({"POST", "/api/v1/people/{id}/unmask", Permission::people_unmask,
               "Show a resident's ID number or phone in full, with a stated purpose (audited)",
               unmask});
  r.push_back({"GET", "/api/v1/households/{id}", Permission::people_read,
               "A household and its members", one_object<people::household_card>});
  r.push_back({"GET", "/api/v1/addresses", Permission::people_read,
               "Standard addresses: a community's estates or an address's children", addresses});
  r.push_back({"GET", "/api/v1/buildings/{id}", Permission::people_read,
               "A building's units, floors and rooms with use, occupants and care tags",
               one_object<people::building_view>});
  r.push_back({"GET", "/api/v1/register/stats", Permission::people_read,
               "Population statistics per community or grid", stats});
  r.push_back({"GET", "/api/v1/organisations", Permission::people_read,
               "Organisations (实有单位) in the caller's area", list_orgs});
  r.push_back({"POST", "/api/v1/organisations", Permission::register_manage,
               "Register an organisation (统一社会信用代码 validated)", create_org});
}

}  // namespace onegrid::api
