// 组织与网格: org tree CRUD with history, grid boundaries, validation, point → grid lookup.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/api.hpp"
#include "api/json_io.hpp"
#include "api/micro_cache.hpp"
#include "base/clock.hpp"
#include "org/geo/geojson.hpp"
#include "org/geo/validate.hpp"
#include "org/grid_locator.hpp"
#include "org/org_store.hpp"
#include "org/tree_geojson.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

using auth::Permission;

http::Response unit_response(int status, const org::OrgUnit& u) {
  auto res = json_response(status, org::to_json(u, true));
  res.set_header("ETag", etag_for(u.version));
  return res;
}

Result<std::int64_t> required_version(const Call& c) {
  OG_ASSIGN(auto v, c.if_match());
  if (!v)
    return make_error(ErrorKind::precondition_required, "http.if_match_required",
                      "send If-Match with the ETag of the version you edited");
  return *v;
}

// The micro-cache key of a list request: the caller's scope and the request target.
std::string list_key(const Call& c) {
  const auto scope = c.scope(Permission::org_read);
  std::string key = scope.all ? "org|*" : "org|";
  for (const auto& p : scope.paths) key += p + ",";
  return key + "\n" + c.req.target;
}

Result<http::Response> list_units(Call& c);

Result<http::Response> list(Call& c) {
  if (!c.svc.list_cache) return list_units(c);
  const std::string key = list_key(c);
  if (auto hit = c.svc.list_cache->get(key)) return std::move(*hit);
  const auto ticket = c.svc.list_cache->ticket();
  OG_ASSIGN(auto res, list_units(c));
  c.svc.list_cache->put(key, ticket, res);
  return res;
}

Result<http::Response> list_units(Call& c) {
  org::ListFilter f;
  if (auto k = c.req.query_param("kind")) {
    f.kind = org::parse_kind(*k);
    if (!f.kind) return invalid_input("query.invalid", "unknown kind", "kind");
  }
  OG_ASSIGN(f.parent_id, query_int(c.req, "parent_id", 1, INT64_MAX));
  OG_ASSIGN(f.within_id, query_int(c.req, "within", 1, INT64_MAX));
  OG_ASSIGN(f.after_id, query_int(c.req, "after", 0, INT64_MAX));
  OG_ASSIGN(auto limit, query_int(c.req, "limit", 1, 2000));
  f.limit = static_cast<int>(limit.value_or(500));
  f.q = c.req.query_param("q");
  f.include_inactive = c.req.query_param("include_inactive").value_or("") == "true";
  f.with_boundary = c.req.query_param("boundary").value_or("") == "true";
  std::vector<org::OrgUnit> units;
  OG_TRY(c.svc.store.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(units, org::list_units(tx, c.scope(Permission::org_read), f));
    return ok_status();
  }));
  boost::json::array items;
  for (const auto& u : units) items.push_back(org::to_json(u, f.with_boundary));
  return page_response(std::move(items), static_cast<std::size_t>(f.limit),
                       units.empty() ? 0 : units.back().id);
}

Result<http::Response> get(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto u, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return org::get_unit(tx, c.scope(Permission::org_read), id);
            }));
  return unit_response(200, u);
}

Result<http::Response> create(Call& c) {
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  org::NewUnit in;
  OG_ASSIGN(auto kind, body.text("kind", 20));
  auto k = org::parse_kind(kind);
  if (!k) return invalid_input("org.invalid_kind", "unknown kind: " + kind, "kind");
  in.kind = *k;
  OG_ASSIGN(in.parent_id, body.opt_integer("parent_id"));
  OG_ASSIGN(in.code, body.text("code", 40));
  OG_ASSIGN(in.name, body.text("name", 100));
  OG_ASSIGN(auto name_en, body.opt_text("name_en", 200));
  in.name_en = name_en.value_or("");
  if (const auto* b = body.value("boundary"); b && !b->is_null()) in.boundary = *b;
  OG_ASSIGN(in.population, body.opt_integer("population"));
  OG_TRY(body.finish());
  OG_ASSIGN(auto u, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return org::create_unit(tx, c.actor(Permission::org_write),
                                      c.scope(Permission::org_write), in);
            }));
  auto res = unit_response(201, u);
  res.set_header("Location", "/api/v1/org/units/" + std::to_string(u.id));
  return res;
}

Result<http::Response> patch(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto version, required_version(c));
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  org::UnitPatch p;
  OG_ASSIGN(p.name, body.opt_text("name", 100));
  OG_ASSIGN(p.name_en, body.opt_text("name_en", 200));
  if (const auto* b = body.value("boundary")) {
    p.set_boundary = true;
    if (!b->is_null()) p.boundary = *b;
  }
  if (body.value("worker_id")) {
    p.set_worker = true;
    OG_ASSIGN(p.worker_id, body.opt_integer("worker_id"));
  }
  if (body.value("population")) {
    p.set_population = true;
    OG_ASSIGN(p.population, body.opt_integer("population"));
  }
  OG_TRY(body.finish());
  OG_ASSIGN(auto u, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return org::update_unit(tx, c.actor(Permission::org_write),
                                      c.scope(Permission::org_write), id, version, p);
            }));
  return unit_response(200, u);
}

Result<http::Response> deactivate(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto version, required_version(c));
  OG_ASSIGN(auto u, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return org::deactivate_unit(tx, c.actor(Permission::org_write),
                                          c.scope(Permission::org_write), id, version);
            }));
  return unit_response(200, u);
}

Result<http::Response> history(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  std::vector<org::HistoryEntry> entries;
  OG_TRY(c.svc.store.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(entries, org::unit_history(tx, c.scope(Permission::org_read), id));
    return ok_status();
  }));
  boost::json::array items;
  for (const auto& e : entries)
    items.push_back(boost::json::object{{"version", e.version},
                                        {"action", e.action},
                                        {"changed_by", e.changed_by},
                                        {"changed_at", format_utc(e.changed_at)},
                                        {"snapshot", e.snapshot}});
  return json_response(200, boost::json::object{{"items", std::move(items)}});
}

// Validation of one community's grids, or of every community under a street / the district.
Result<http::Response> validation(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  boost::json::array reports;
  OG_TRY(c.svc.store.read([&](store::Tx& tx) -> Status {
    const auto scope = c.scope(Permission::org_read);
    OG_ASSIGN(auto unit, org::get_unit(tx, scope, id));
    std::vector<org::OrgUnit> communities;
    if (unit.kind == org::UnitKind::community) {
      communities.push_back(unit);
    } else if (unit.kind == org::UnitKind::street || unit.kind == org::UnitKind::district) {
      org::ListFilter f;
      f.kind = org::UnitKind::community;
      f.within_id = id;
      f.with_boundary = true;
      f.limit = 2000;
      OG_ASSIGN(communities, org::list_units(tx, scope, f));
    } else {
      return invalid_input("org.validation_kind",
                           "validation runs on a community, street or district", "id");
    }
    for (const auto& community : communities) {
      boost::json::object entry{{"community_id", community.id}, {"community_name", community.name}};
      if (!community.boundary) {
        entry["error"] = "community has no boundary";
        reports.push_back(std::move(entry));
        continue;
      }
      OG_ASSIGN(auto area, org::geo::parse_geometry_text(*community.boundary));
      org::ListFilter gf;
      gf.kind = org::UnitKind::grid;
      gf.parent_id = community.id;
      gf.with_boundary = true;
      gf.limit = 2000;
      OG_ASSIGN(auto grids, org::list_units(tx, org::Scope::everything(), gf));
      std::vector<org::geo::GridShape> shapes;
      boost::json::array missing;
      for (const auto& g : grids) {
        if (!g.boundary) {
          missing.push_back(g.id);
          continue;
        }
        auto shape = org::geo::parse_geometry_text(*g.boundary);
        if (shape)
          shapes.push_back(org::geo::GridShape{g.id, g.name, std::move(*shape)});
        else
          missing.push_back(g.id);
      }
      auto report = org::geo::validate_community(area, shapes);
      entry["report"] = org::geo::to_json(report);
      entry["ok"] = report.ok() && missing.empty();
      entry["grids_without_boundary"] = std::move(missing);
      reports.push_back(std::move(entry));
    }
    return ok_status();
  }));
  return json_response(200, boost::json::object{{"items", std::move(reports)}});
}

Result<http::Response> locate(Call& c) {
  OG_ASSIGN(auto lon, query_double(c.req, "lon"));
  OG_ASSIGN(auto lat, query_double(c.req, "lat"));
  if (!lon) return invalid_input("query.required", "lon is required", "lon");
  if (!lat) return invalid_input("query.required", "lat is required", "lat");
  OG_ASSIGN(auto loc, c.svc.locator.locate(*lon, *lat));
  boost::json::object body{{"inside", loc.inside}, {"grid", nullptr}};
  if (loc.grid_id) {
    OG_TRY(c.svc.store.read([&](store::Tx& tx) -> Status {
      auto unit = org::get_unit(tx, c.scope(Permission::org_read), *loc.grid_id);
      if (unit) body["grid"] = org::to_json(*unit, false);
      return ok_status();
    }));
  }
  if (body["grid"].is_null())
    return not_found("org.no_grid_here", "no grid of yours at or near this point");
  return json_response(200, body);
}

Result<http::Response> export_geojson(Call& c) {
  std::vector<org::OrgUnit> units;
  OG_TRY(c.svc.store.read([&](store::Tx& tx) -> Status {
    org::ListFilter f;
    f.with_boundary = true;
    f.limit = 1000000;
    OG_ASSIGN(f.within_id, query_int(c.req, "within", 1, INT64_MAX));
    OG_ASSIGN(units, org::list_units(tx, c.scope(Permission::org_read), f));
    return ok_status();
  }));
  auto res = json_response(200, org::feature_collection(units));
  res.set_header("Content-Type", "application/geo+json");
  res.set_header("Content-Disposition", "attachment; filename=\"onegrid-org.geojson\"");
  return res;
}

Result<http::Response> import_geojson(Call& c) {
  const bool dry_run = c.req.query_param("dry_run").value_or("") == "true";
  std::string_view ct = c.req.header("content-type");
  if (ct.substr(0, ct.find(';')) != "application/geo+json" &&
      ct.substr(0, ct.find(';')) != "application/json")
    return make_error(ErrorKind::unsupported_media, "http.unsupported_media_type",
                      "send a GeoJSON FeatureCollection as application/geo+json");
  OG_ASSIGN(auto report, org::import_geojson(c.svc.store, c.actor(Permission::org_import),
                                             c.scope(Permission::org_import), c.req.body, dry_run));
  const bool created = report.as_object().at("created").as_int64() > 0;
  return json_response(!dry_run && created ? 201 : 200, report);
}

}  // namespace

void register_org_routes(Routes& routes) {
  auto add = [&](const char* m, const char* p, Permission perm, const char* s, RouteHandler h) {
    routes.push_back({m, p, perm, s, std::move(h)});
  };
  add("GET", "/api/v1/org/units", Permission::org_read,
      "List org units in scope (filters: kind, parent_id, within, q, include_inactive, boundary)",
      list);
  add("POST", "/api/v1/org/units", Permission::org_write, "Create an org unit", create);
  add("GET", "/api/v1/org/units/{id}", Permission::org_read, "One org unit with its boundary", get);
  add("PATCH", "/api/v1/org/units/{id}", Permission::org_write,
      "Edit name, boundary or grid worker (If-Match required)", patch);
  add("DELETE", "/api/v1/org/units/{id}", Permission::org_write,
      "Deactivate an org unit with no active children (If-Match required)", deactivate);
  add("GET", "/api/v1/org/units/{id}/history", Permission::org_read, "Every version of an org unit",
      history);
  add("GET", "/api/v1/org/units/{id}/validation", Permission::org_read,
      "Grid validation: invalid rings, grids outside, overlaps, uncovered area", validation);
  add("GET", "/api/v1/org/locate", Permission::org_read, "The grid at (or nearest to) a point",
      locate);
  add("GET", "/api/v1/org/geojson", Permission::org_read, "Export the org tree as GeoJSON",
      export_geojson);
  add("POST", "/api/v1/org/geojson", Permission::org_import,
      "Import an org tree from GeoJSON (dry_run=true to preview)", import_geojson);
}

}  // namespace onegrid::api
