#include "org/org_store.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "base/clock.hpp"
#include "org/boundary.hpp"
#include "org/scope_sql.hpp"
#include "store/sql_util.hpp"

namespace onegrid::org {

using store::Value;

namespace {

constexpr const char* kSelect =
    "SELECT o.id, o.parent_id, o.kind, o.code, o.name, o.name_en, o.path, o.boundary, o.area_m2,"
    " o.worker_id, COALESCE(u.display_name, ''), o.active, o.version, o.created_at, o.updated_at,"
    " o.population"
    " FROM org_unit o LEFT JOIN users u ON u.id = o.worker_id WHERE 1 = 1";
constexpr const char* kSelectNoBoundary =
    "SELECT o.id, o.parent_id, o.kind, o.code, o.name, o.name_en, o.path, NULL, o.area_m2,"
    " o.worker_id, COALESCE(u.display_name, ''), o.active, o.version, o.created_at, o.updated_at,"
    " o.population"
    " FROM org_unit o LEFT JOIN users u ON u.id = o.worker_id WHERE 1 = 1";

OrgUnit from_row(const store::Row& r) {
  OrgUnit u;
  u.id = r.i64(0);
  u.parent_id = r.opt_i64(1);
  u.kind = parse_kind(r.text(2)).value_or(UnitKind::grid);
  u.code = r.text(3);
  u.name = r.text(4);
  u.name_en = r.text(5);
  u.path = r.text(6);
  u.boundary = r.opt_text(7);
  if (!r.is_null(8)) u.area_m2 = r.f64(8);
  u.worker_id = r.opt_i64(9);
  u.worker_name = r.text(10);
  u.active = r.i64(11) != 0;
  u.version = r.i64(12);
  u.created_at = r.i64(13);
  u.updated_at = r.i64(14);
  u.population = r.opt_i64(15);
  return u;
}

Error unit_not_found() {
  return not_found("org.not_found", "org unit not found");
}

Status bump_revision(store::Tx& tx) {
  auto r = tx.exec("UPDATE org_revision SET revision = revision + 1 WHERE id = 1");
  if (!r) return r.error();
  return ok_status();
}

Status record_history(store::Tx& tx, const audit::Actor& actor, const OrgUnit& u,
                      std::string_view action) {
  const std::string snapshot = boost::json::serialize(to_json(u, true));
  auto r = tx.exec(
      "INSERT INTO org_unit_history (org_id, version, action, snapshot, changed_by, changed_at)"
      " VALUES (?,?,?,?,?,?)",
      {u.id, u.version, action, snapshot, actor.user_id ? Value(actor.user_id) : Value(nullptr),
       now_ms()});
  if (!r) return r.error();
  return ok_status();
}

// Audit summary of a unit: identity and the fields people change, without the polygon.
boost::json::value brief(const OrgUnit& u) {
  return boost::json::object{
      {"code", u.code},
      {"name", u.name},
      {"kind", kind_code(u.kind)},
      {"version", u.version},
      {"active", u.active},
      {"area_m2", u.area_m2 ? boost::json::value(*u.area_m2) : nullptr},
      {"worker_id", u.worker_id ? boost::json::value(*u.worker_id) : nullptr},
      {"population", u.population ? boost::json::value(*u.population) : nullptr}};
}

// A grid's worker must exist, be active and hold a grid_worker grant on that grid.
Status check_worker(store::Tx& tx, std::int64_t grid_id, std::int64_t worker_id) {
  OG_ASSIGN(auto row,
            tx.query_one("SELECT u.active FROM users u JOIN user_grant g ON g.user_id = u.id"
                         " WHERE u.id = ? AND g.role = 'grid_worker' AND g.org_id = ?",
                         {worker_id, grid_id}));
  if (!row || row->i64(0) != 1)
    return invalid_input("org.worker_not_grid_worker",
                         "the worker must be an active user granted grid_worker on this grid",
                         "worker_id");
  OG_ASSIGN(auto other, tx.query_one("SELECT id FROM org_unit WHERE worker_id = ? AND active = 1"
                                     " AND id <> ?",
                                     {worker_id, grid_id}));
  if (other) return conflict("org.worker_already_assigned", "this grid worker already has a grid");
  return ok_status();
}

}  // namespace

Result<std::vector<OrgUnit>> list_units(store::Tx& tx, const Scope& scope, const ListFilter& f) {
  std::string sql = f.with_boundary ? kSelect : kSelectNoBoundary;
  std::vector<Value> params;
  append_scope_filter(sql, params, scope, "o.path");
  if (!f.include_inactive) sql += " AND o.active = 1";
  if (f.kind) sql += " AND o.kind = ?", params.emplace_back(kind_code(*f.kind));
  if (f.parent_id) sql += " AND o.parent_id = ?", params.emplace_back(*f.parent_id);
  if (f.within_id) {
    sql += " AND o.path LIKE (SELECT path FROM org_unit WHERE id = ?) || '%'";
    params.emplace_back(*f.within_id);
  }
  if (f.q && !f.q->empty()) {
    sql += " AND (o.name LIKE ? ESCAPE '!' OR o.code LIKE ? ESCAPE '!')";
    params.emplace_back(store::like_contains(*f.q));
    params.emplace_back(store::like_contains(*f.q));
  }
  if (f.after_id) sql += " AND o.id > ?", params.emplace_back(*f.after_id);
  sql += " ORDER BY o.id LIMIT ?";
  params.emplace_back(f.limit);
  OG_ASSIGN(auto rows, tx.query(sql, params));
  std::vector<OrgUnit> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<OrgUnit> get_unit(store::Tx& tx, const Scope& scope, std::int64_t id) {
  std::string sql = kSelect;
  std::vector<Value> params;
  sql += " AND o.id = ?";
  params.emplace_back(id);
  append_scope_filter(sql, params, scope, "o.path");
  OG_ASSIGN(auto row, tx.query_one(sql, params));
  if (!row) return unit_not_found();
  return from_row(*row);
}

Result<std::optional<OrgUnit>> find_by_code(store::Tx& tx, const Scope& scope,
                                            std::string_view code) {
  std::string sql = kSelect;
  std::vector<Value> params;
  sql += " AND o.code = ?";
  params.emplace_back(code);
  append_scope_filter(sql, params, scope, "o.path");
  OG_ASSIGN(auto row, tx.query_one(sql, params));
  if (!row) return std::optional<OrgUnit>{};
  return std::optional<OrgUnit>(from_row(*row));
}

Result<OrgUnit> create_unit(store::Tx& tx, const audit::Actor& actor, const Scope& scope,
                            const NewUnit& in, std::string_view audit_action) {
  OG_TRY(validate_code(in.code));
  OG_TRY(validate_name(in.name, "name"));
  if (!in.name_en.empty()) OG_TRY(validate_name(in.name_en, "name_en"));
  std::optional<OrgUnit> parent;
  if (in.parent_id) {
    auto p = get_unit(tx, scope, *in.parent_id);
    if (!p) {
      Error e = p.error();
      if (e.kind == ErrorKind::not_found)
        e = invalid_input("org.parent_not_found", "parent org unit not found", "parent_id");
      return e;
    }
    if (!p->active)
      return invalid_input("org.parent_inactive", "parent org unit is inactive", "parent_id");
    parent = std::move(*p);
  } else if (!scope.all) {
    return forbidden("org.root_forbidden", "only a system administrator may create a root unit");
  }
  if (!valid_parent(in.kind, parent ? std::optional<UnitKind>(parent->kind) : std::nullopt))
    return invalid_input(
        "org.invalid_parent",
        std::string(kind_code(in.kind)) + " cannot be placed under " +
            (parent ? std::string(kind_code(parent->kind)) : std::string("the root")),
        "parent_id");
  std::optional<Boundary> boundary;
  if (in.boundary && !in.boundary->is_null()) {
    if (!has_boundary(in.kind))
      return invalid_input("org.boundary_not_allowed", "departments have no boundary", "boundary");
    OG_ASSIGN(auto b, normalize_boundary(*in.boundary));
    boundary = std::move(b);
  }
  if (in.population) OG_TRY(validate_population(in.kind, *in.population));
  OG_ASSIGN(auto dup, tx.query_one("SELECT id FROM org_unit WHERE code = ?", {in.code}));
  if (dup) return conflict("org.duplicate_code", "an org unit with this code exists");
  const std::int64_t now = now_ms();
  OG_ASSIGN(
      const std::int64_t id,
      tx.insert("INSERT INTO org_unit (parent_id, kind, code, name, name_en, path, boundary,"
                " area_m2, population, active, version, created_at, updated_at)"
                " VALUES (?,?,?,?,?,'',?,?,?,1,1,?,?) RETURNING id",
                {in.parent_id, kind_code(in.kind), in.code, in.name, in.name_en,
                 boundary ? Value(boundary->geojson) : Value(nullptr),
                 boundary ? Value(boundary->area_m2) : Value(nullptr), in.population, now, now}));
  const std::string path = (parent ? parent->path : std::string("/")) + std::to_string(id) + "/";
  OG_TRY(tx.exec("UPDATE org_unit SET path = ? WHERE id = ?", {path, id}));
  OG_ASSIGN(auto unit, get_unit(tx, Scope::everything(), id));
  OG_TRY(record_history(tx, actor, unit, "create"));
  OG_TRY(bump_revision(tx));
  OG_TRY(audit::append(tx, actor, audit_action, "org_unit", std::to_string(id),
                       boost::json::object{{"after", brief(unit)}}, unit.path));
  return unit;
}

Result<OrgUnit> update_unit(store::Tx& tx, const audit::Actor& actor, const Scope& scope,
                            std::int64_t id, std::int64_t expected_version, const UnitPatch& p,
                            std::string_view audit_action) {
  OG_ASSIGN(auto before, get_unit(tx, scope, id));
  if (before.version != expected_version)
    return make_error(ErrorKind::precondition_failed, "org.version_mismatch",
                      "the org unit was changed by someone else; reload and retry");
  if (!before.active) return conflict("org.inactive", "the org unit is inactive");
  std::string sql = "UPDATE org_unit SET version = version + 1, updated_at = ?";
  std::vector<Value> params{now_ms()};
  if (p.name) {
    OG_TRY(validate_name(*p.name, "name"));
    sql += ", name = ?", params.emplace_back(*p.name);
  }
  if (p.name_en) {
    if (!p.name_en->empty()) OG_TRY(validate_name(*p.name_en, "name_en"));
    sql += ", name_en = ?", params.emplace_back(*p.name_en);
  }
  if (p.set_boundary) {
    if (p.boundary && !p.boundary->is_null()) {
      if (!has_boundary(before.kind))
        return invalid_input("org.boundary_not_allowed", "departments have no boundary",
                             "boundary");
      OG_ASSIGN(auto b, normalize_boundary(*p.boundary));
      sql += ", boundary = ?, area_m2 = ?";
      params.emplace_back(b.geojson);
      params.emplace_back(b.area_m2);
    } else {
      sql += ", boundary = NULL, area_m2 = NULL";
    }
  }
  if (p.set_population) {
    if (p.population) OG_TRY(validate_population(before.kind, *p.population));
    sql += ", population = ?", params.emplace_back(p.population);
  }
  if (p.set_worker) {
    if (before.kind != UnitKind::grid)
      return invalid_input("org.worker_not_allowed", "only grids have a grid worker", "worker_id");
    if (p.worker_id) OG_TRY(check_worker(tx, id, *p.worker_id));
    sql += ", worker_id = ?", params.emplace_back(p.worker_id);
  }
  sql += " WHERE id = ? AND version = ?";
  params.emplace_back(id);
  params.emplace_back(expected_version);
  OG_ASSIGN(auto changed, tx.exec(sql, params));
  if (changed != 1)
    return make_error(ErrorKind::precondition_failed, "org.version_mismatch",
                      "the org unit was changed by someone else; reload and retry");
  OG_ASSIGN(auto after, get_unit(tx, Scope::everything(), id));
  OG_TRY(record_history(tx, actor, after, "update"));
  OG_TRY(bump_revision(tx));
  OG_TRY(audit::append(tx, actor, audit_action, "org_unit", std::to_string(id),
                       boost::json::object{{"before", brief(before)}, {"after", brief(after)}},
                       after.path));
  return after;
}

Result<OrgUnit> deactivate_unit(store::Tx& tx, const audit::Actor& actor, const Scope& scope,
                                std::int64_t id, std::int64_t expected_version) {
  OG_ASSIGN(auto before, get_unit(tx, scope, id));
  if (before.version != expected_version)
    return make_error(ErrorKind::precondition_failed, "org.version_mismatch",
                      "the org unit was changed by someone else; reload and retry");
  if (!before.active) return conflict("org.inactive", "the org unit is already inactive");
  OG_ASSIGN(auto kids,
            tx.query_one("SELECT count(*) FROM org_unit WHERE parent_id = ? AND active = 1", {id}));
  if (kids && kids->i64(0) > 0)
    return conflict("org.has_children", "deactivate or move the units below it first");
  OG_TRY(
      tx.exec("UPDATE org_unit SET active = 0, worker_id = NULL, version = version + 1,"
              " updated_at = ? WHERE id = ?",
              {now_ms(), id}));
  OG_ASSIGN(auto after, get_unit(tx, Scope::everything(), id));
  OG_TRY(record_history(tx, actor, after, "deactivate"));
  OG_TRY(bump_revision(tx));
  OG_TRY(audit::append(tx, actor, "org.deactivate", "org_unit", std::to_string(id),
                       boost::json::object{{"before", brief(before)}, {"after", brief(after)}},
                       after.path));
  return after;
}

Result<std::vector<HistoryEntry>> unit_history(store::Tx& tx, const Scope& scope, std::int64_t id) {
  OG_TRY(get_unit(tx, scope, id));
  OG_ASSIGN(auto rows, tx.query("SELECT version, action, snapshot, changed_by, changed_at FROM"
                                " org_unit_history WHERE org_id = ? ORDER BY id",
                                {id}));
  std::vector<HistoryEntry> out;
  for (const auto& r : rows) {
    boost::system::error_code ec;
    auto snap = boost::json::parse(r.text(2), ec);
    out.push_back(
        HistoryEntry{r.i64(0), r.text(1), ec ? boost::json::value() : snap, r.i64(3), r.i64(4)});
  }
  return out;
}

Result<std::int64_t> org_revision(store::Tx& tx) {
  OG_ASSIGN(auto row, tx.query_one("SELECT revision FROM org_revision WHERE id = 1"));
  return row ? row->i64(0) : 0;
}

}  // namespace onegrid::org
