// 一标三实 register, writing: department sources, extract imports (dry run and commit), the
// batch list and roll-back, the review queue, merge undo and the person-links export.

#include <boost/json.hpp>

#include "api/api.hpp"
#include "api/json_io.hpp"
#include "base/clock.hpp"
#include "ingest/importer.hpp"
#include "ingest/report_json.hpp"
#include "ingest/review.hpp"
#include "ingest/rollback.hpp"
#include "ingest/sources.hpp"
#include "org/scope_sql.hpp"
#include "people/calendar.hpp"
#include "store/row_json.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

using auth::Permission;
namespace json = boost::json;

json::object source_json(const ingest::SourcePolicy& s) {
  json::object pri;
  for (const auto& [g, rank] : s.priorities) pri[g] = rank;
  return json::object{{"code", s.code},       {"name", s.name},    {"name_en", s.name_en},
                      {"builtin", s.builtin}, {"priorities", pri}, {"mapping", s.mapping_toml}};
}

Result<http::Response> list_sources(Call& c) {
  OG_ASSIGN(auto found, store::read_result(
                            c.svc.store, [&](store::Tx& tx) { return ingest::list_sources(tx); }));
  json::array items;
  for (const auto& s : found) items.push_back(source_json(s));
  return json_response(200, json::object{{"items", std::move(items)}});
}

Result<http::Response> create_source(Call& c) {
  if (!c.who->is_sysadmin() && !c.who->can(Permission::taxonomy_manage))
    return forbidden("auth.forbidden", "only district administrators add import sources");
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  ingest::SourcePolicy s;
  OG_ASSIGN(s.code, body.text("code", 32));
  OG_ASSIGN(s.name, body.text("name", 100));
  OG_ASSIGN(auto en, body.opt_text("name_en", 100));
  s.name_en = en.value_or("");
  OG_ASSIGN(auto mapping, body.opt_text("mapping", 20000));
  s.mapping_toml = mapping.value_or("");
  if (const json::value* pri = body.value("priorities")) {
    if (!pri->is_object())
      return invalid_input("source.priority", "priorities is an object", "priorities");
    for (const auto& [g, rank] : pri->as_object()) {
      if (!rank.is_int64())
        return invalid_input("source.priority", "ranks are integers", "priorities");
      s.priorities[std::string(g)] = static_cast<int>(rank.as_int64());
    }
  }
  OG_TRY(body.finish());
  if (!s.mapping_toml.empty())
    if (auto m = ingest::parse_mapping(s.mapping_toml); !m) return m.error();
  const audit::Actor actor = c.actor(Permission::register_manage);
  OG_TRY(store::write_result(c.svc.store, [&](store::Tx& tx) -> Status {
    OG_TRY(ingest::create_source(tx, s, now_ms()));
    return audit::append(tx, actor, "import_source.create", "import_source", s.code,
                         json::object{{"after", json::object{{"name", s.name}}}});
  }));
  return json_response(201, source_json(s));
}

// ?map.<header>=<field code> pairs and ?key=<header> build an explicit mapping.
Result<std::optional<ingest::Mapping>> mapping_from_query(const http::Request& req) {
  ingest::Mapping m;
  bool any = false;
  for (const auto& [k, v] : req.query) {
    if (k == "key") {
      m.key_column = v;
      any = true;
    } else if (k.starts_with("map.")) {
      auto f = ingest::parse_field(v);
      if (!f) return invalid_input("import.mapping_field", "unknown field code " + v, k);
      m.columns[k.substr(4)] = *f;
      any = true;
    }
  }
  if (!any) return std::optional<ingest::Mapping>();
  return std::optional<ingest::Mapping>(std::move(m));
}

Result<http::Response> import_file(Call& c) {
  if (!c.svc.vault)
    return make_error(ErrorKind::unavailable, "people.unavailable", "the register is off");
  ingest::ImportOptions opt;
  opt.source = c.req.query_param("source").value_or("");
  if (opt.source.empty())
    return invalid_input("import.source", "source is required (police, civil …)", "source");
  opt.dry_run = c.req.query_param("dry_run").value_or("false") == "true";
  opt.file_name = c.req.query_param("file_name").value_or("upload.csv");
  if (auto enc = c.req.query_param("encoding"); enc && !enc->empty()) {
    opt.encoding = ingest::parse_encoding(*enc);
    if (!opt.encoding)
      return invalid_input("import.encoding", "encoding: utf-8, gbk or gb18030", "encoding");
  }
  OG_ASSIGN(opt.mapping, mapping_from_query(c.req));
  const audit::Actor actor = c.actor(Permission::register_manage);
  opt.org_id = actor.org_id;
  opt.org_path = actor.org_path;
  opt.user_id = actor.user_id;
  opt.now_ms = now_ms();
  opt.today = people::china_date(opt.now_ms);
  OG_ASSIGN(auto rep, ingest::import_extract(c.svc.store, *c.svc.vault, c.req.body, opt));
  if (!opt.dry_run) {
    OG_TRY(store::write_result(c.svc.store, [&](store::Tx& tx) -> Status {
      return audit::append(tx, actor, "import.commit", "import_batch", std::to_string(rep.batch_id),
                           json::object{{"source", rep.source},
                                        {"file", opt.file_name},
                                        {"rows", static_cast<std::int64_t>(rep.rows_total)}});
    }));
  }
  return json_response(opt.dry_run ? 200 : 201, ingest::report_json(rep));
}

json::object batch_json(const store::Row& r) {
  return json::object{{"id", r.i64(0)},
                      {"source", r.text(1)},
                      {"source_name", r.text(17)},
                      {"file_name", r.text(2)},
                      {"encoding", r.text(3)},
                      {"state", r.text(4)},
                      {"rows", json::object{{"total", r.i64(5)},
                                            {"new", r.i64(6)},
                                            {"merged", r.i64(7)},
                                            {"updated", r.i64(8)},
                                            {"same", r.i64(9)},
                                            {"review", r.i64(10)},
                                            {"error", r.i64(11)}}},
                      {"created_by", r.text(12)},
                      {"created_at", r.i64(13)},
                      {"rolled_back_at", store::json_int(r, 14)},
                      {"open_reviews", r.i64(15)},
                      {"file_sha256", r.text(16)}};
}

constexpr const char* kBatchSelect =
    "SELECT b.id, b.source, b.file_name, b.encoding, b.state, b.rows_total, b.rows_new,"
    " b.rows_merged, b.rows_updated, b.rows_same, b.rows_review, b.rows_error,"
    " COALESCE(u.display_name, ''), b.created_at, b.rolled_back_at,"
    " (SELECT COUNT(*) FROM review_item i WHERE i.batch_id = b.id AND i.state = 'open'),"
    " b.file_sha256, s.name FROM import_batch b LEFT JOIN users u ON u.id = b.created_by"
    " JOIN import_source s ON s.code = b.source WHERE 1 = 1";

Result<http::Response> list_batches(Call& c) {
  const org::Scope scope = c.scope(Permission::register_manage);
  OG_ASSIGN(auto after, query_int(c.req, "after", 1, INT64_MAX));
  OG_ASSIGN(auto limit, query_int(c.req, "limit", 1, 200));
  const int n = static_cast<int>(limit.value_or(50));
  OG_ASSIGN(auto rows, store::read_result(c.svc.store, [&](store::Tx& tx) {
              std::string sql = kBatchSelect;
              std::vector<store::Value> params;
              if (after) {
                sql += " AND b.id < ?";
                params.emplace_back(static_cast<long long>(*after));
              }
              org::append_scope_filter(sql, params, scope, "b.org_path");
              sql += " ORDER BY b.id DESC LIMIT ?";
              params.emplace_back(n);
              return tx.query(sql, params);
            }));
  json::array items;
  for (const auto& r : rows) items.push_back(batch_json(r));
  return page_response(std::move(items), static_cast<std::size_t>(n),
                       rows.empty() ? 0 : rows.rows.back().i64(0));
}

Result<http::Response> get_batch(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  const org::Scope scope = c.scope(Permission::register_manage);
  OG_ASSIGN(auto row, store::read_result(c.svc.store, [&](store::Tx& tx) {
              std::string sql = std::string(kBatchSelect) + " AND b.id = ?";
              std::vector<store::Value> params{static_cast<long long>(id)};
              org::append_scope_filter(sql, params, scope, "b.org_path");
              return tx.query_one(sql, params);
            }));
  if (!row) return not_found("import.batch_not_found", "no such import batch in your scope");
  return json_response(200, batch_json(*row));
}

Result<http::Response> rollback(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  const org::Scope scope = c.scope(Permission::register_manage);
  const audit::Actor actor = c.actor(Permission::register_manage);
  OG_ASSIGN(auto rep,
            store::write_result(c.svc.store, [&](store::Tx& tx) -> Result<ingest::RollbackReport> {
              std::string sql = "SELECT id FROM import_batch WHERE id = ?";
              std::vector<store::Value> params{static_cast<long long>(id)};
              org::append_scope_filter(sql, params, scope, "org_path");
              OG_ASSIGN(auto found, tx.query_one(sql, params));
              if (!found)
                return not_found("import.batch_not_found", "no such import batch in your scope");
              OG_ASSIGN(auto r, ingest::rollback_batch(tx, id, actor.user_id, now_ms()));
              OG_TRY(audit::append(tx, actor, "import.rollback", "import_batch", std::to_string(id),
                                   json::object{{"restored", r.restored},
                                                {"removed_persons", r.removed_persons},
                                                {"kept", r.kept}}));
              return r;
            }));
  return json_response(200, json::object{{"batch_id", rep.batch_id},
                                         {"restored", rep.restored},
                                         {"removed_persons", rep.removed_persons},
                                         {"removed_records", rep.removed_records},
                                         {"kept", rep.kept}});
}

Result<http::Response> list_reviews(Call& c) {
  ingest::ReviewFilter f;
  f.kind = c.req.query_param("kind").value_or("");
  f.state = c.req.query_param("state").value_or("open");
  if (f.state == "any") f.state.clear();
  OG_ASSIGN(f.batch_id, query_int(c.req, "batch_id", 1, INT64_MAX));
  OG_ASSIGN(f.after, query_int(c.req, "after", 1, INT64_MAX));
  OG_ASSIGN(auto limit, query_int(c.req, "limit", 1, 200));
  f.limit = static_cast<int>(limit.value_or(50));
  const org::Scope scope = c.scope(Permission::register_manage);
  OG_ASSIGN(auto items, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return ingest::list_reviews(tx, scope, f);
            }));
  const std::int64_t last = items.empty() ? 0 : items.back().as_object().at("id").as_int64();
  return page_response(std::move(items), static_cast<std::size_t>(f.limit), last);
}

Result<http::Response> resolve_review(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto body, BodyReader::parse(c.req));
  ingest::Resolution r;
  OG_ASSIGN(r.action, body.text("action", 20));
  OG_ASSIGN(r.room_id, body.opt_integer("room_id"));
  OG_ASSIGN(auto note, body.opt_text("note", 500));
  r.note = note.value_or("");
  OG_TRY(body.finish());
  const org::Scope scope = c.scope(Permission::register_manage);
  const audit::Actor actor = c.actor(Permission::register_manage);
  OG_ASSIGN(auto out, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return ingest::resolve_review(tx, scope, id, r, actor, now_ms());
            }));
  return json_response(200, out);
}

Result<http::Response> undo_merge(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  const org::Scope scope = c.scope(Permission::register_manage);
  const audit::Actor actor = c.actor(Permission::register_manage);
  OG_TRY(store::write_result(c.svc.store, [&](store::Tx& tx) {
    return ingest::undo_merge(tx, scope, id, actor, now_ms());
  }));
  return json_response(200, json::object{{"id", id}, {"undone", true}});
}

// source,record_key,person_id for the caller's batches; a merged person is its survivor.
Result<http::Response> person_links(Call& c) {
  const org::Scope scope = c.scope(Permission::register_manage);
  OG_ASSIGN(auto rows, store::read_result(c.svc.store, [&](store::Tx& tx) {
              std::string sql =
                  "SELECT r.source, r.record_key, COALESCE(p.merged_into, r.person_id)"
                  " FROM import_record r JOIN import_batch b ON b.id = r.batch_id"
                  " LEFT JOIN person p ON p.id = r.person_id WHERE 1 = 1";
              std::vector<store::Value> params;
              org::append_scope_filter(sql, params, scope, "b.org_path");
              sql += " ORDER BY r.source, r.id";
              return tx.query(sql, params);
            }));
  std::string csv = "\xEF\xBB\xBFsource,record_key,person_id\r\n";
  for (const auto& r : rows) {
    std::string key = r.text(1);
    if (key.find_first_of(",\"\r\n") != std::string::npos) {
      std::string q = "\"";
      for (char ch : key) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      key = q + "\"";
    }
    csv += r.text(0) + "," + key + "," + (r.is_null(2) ? "" : std::to_string(r.i64(2))) + "\r\n";
  }
  http::Response res;
  res.status = 200;
  res.headers.emplace_back("Content-Type", "text/csv; charset=utf-8");
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"person-links.csv\"");
  res.body = std::move(csv);
  return res;
}

}  // namespace

void register_import_routes(Routes& r) {
  r.push_back({"GET", "/api/v1/import/sources", Permission::register_manage,
               "Department sources and their field priorities", list_sources});
  r.push_back({"POST", "/api/v1/import/sources", Permission::register_manage,
               "Add a department source (district administrators)", create_source});
  r.push_back({"POST", "/api/v1/imports", Permission::register_manage,
               "Import a department extract (CSV/TSV body); dry_run=true reports only",
               import_file});
  r.push_back({"GET", "/api/v1/imports", Permission::register_manage,
               "Import batches, newest first", list_batches});
  r.push_back(
      {"GET", "/api/v1/imports/{id}", Permission::register_manage, "One import batch", get_batch});
  r.push_back({"POST", "/api/v1/imports/{id}/rollback", Permission::register_manage,
               "Roll back an import batch", rollback});
  r.push_back({"GET", "/api/v1/reviews", Permission::register_manage,
               "The review queue: unmatched addresses and uncertain person matches", list_reviews});
  r.push_back({"POST", "/api/v1/reviews/{id}/resolve", Permission::register_manage,
               "Resolve a review item (merge / separate / fix / dismiss)", resolve_review});
  r.push_back({"POST", "/api/v1/person-merges/{id}/undo", Permission::register_manage,
               "Undo a merge of two persons", undo_merge});
  r.push_back({"GET", "/api/v1/person-links.csv", Permission::register_manage,
               "source,record_key,person_id of every imported row (CSV)", person_links});
}

}  // namespace onegrid::api
