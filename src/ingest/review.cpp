// Review queue and merges; see review.hpp.
#include "ingest/review.hpp"

#include <boost/json.hpp>

#include "ingest/change_log.hpp"
#include "org/scope_sql.hpp"
#include "store/row_json.hpp"
#include "store/sql_util.hpp"

namespace onegrid::ingest {
namespace json = boost::json;
using store::Value;

namespace {

// The person columns a merge may fill in and an undo puts back.
constexpr const char* kMergeColumns[] = {
    "name",         "name_initials", "gender",         "birth_date",    "ethnicity",
    "id_type",      "id_enc",        "id_index",       "id_masked",     "phone_enc",
    "phone_index",  "phone_masked",  "hukou_address",  "hukou_room_id", "actual_address",
    "room_id",      "arrival_date",  "residence_type", "household_id",  "relation",
    "community_id", "org_path",      "provenance"};

std::string column_list() {
  std::string s;
  for (auto c : kMergeColumns) s += (s.empty() ? "" : ", ") + std::string(c);
  return s;
}

bool empty_value(const Value& v) {
  return v.is_null() || (v.is_text() && v.as_text().empty()) ||
         (v.is_blob() && v.as_blob().bytes.empty());
}

json::value person_brief(store::Tx& tx, std::optional<std::int64_t> id) {
  if (!id) return nullptr;
  auto row = tx.query_one(
      "SELECT p.id, p.name, p.gender, p.birth_date, p.id_masked, p.phone_masked,"
      " COALESCE(a.full_name, p.actual_address), p.merged_into FROM person p"
      " LEFT JOIN address a ON a.id = p.room_id WHERE p.id = ?",
      {*id});
  if (!row || !*row) return nullptr;
  const auto& r = **row;
  return json::object{{"id", r.i64(0)},         {"name", r.text(1)},
                      {"gender", r.text(2)},    {"birth_date", r.text(3)},
                      {"id_number", r.text(4)}, {"phone", r.text(5)},
                      {"address", r.text(6)},   {"merged_into", store::json_int(r, 7)}};
}

Status audit_review(store::Tx& tx, const audit::Actor& actor, std::string_view action,
                    std::int64_t id, json::object summary, const std::string& path) {
  return audit::append(tx, actor, action, "review_item", std::to_string(id), summary, path);
}

}  // namespace

Result<json::array> list_reviews(store::Tx& tx, const org::Scope& scope, const ReviewFilter& f) {
  std::string sql =
      "SELECT i.id, i.kind, i.batch_id, i.record_id, i.person_id, i.score, i.detail, i.state,"
      " i.created_at, r.source, r.record_key, r.data, r.person_id, s.name"
      " FROM review_item i LEFT JOIN import_record r ON r.id = i.record_id"
      " LEFT JOIN import_source s ON s.code = r.source WHERE 1 = 1";
  std::vector<Value> params;
  if (!f.kind.empty()) {
    if (f.kind != "address" && f.kind != "match")
      return invalid_input("review.query", "kind: address or match", "kind");
    sql += " AND i.kind = ?";
    params.emplace_back(f.kind);
  }
  if (!f.state.empty()) {
    sql += " AND i.state = ?";
    params.emplace_back(f.state);
  }
  store::and_equals(sql, params, "i.batch_id", f.batch_id);
  if (f.after) {
    sql += " AND i.id > ?";
    params.emplace_back(static_cast<long long>(*f.after));
  }
  org::append_scope_filter(sql, params, scope, "i.org_path");
  sql += " ORDER BY i.id LIMIT ?";
  params.emplace_back(f.limit);
  OG_ASSIGN(auto rows, tx.query(sql, params));
  json::array out;
  for (const auto& r : rows) {
    std::error_code ec;
    json::value detail = json::parse(r.text(6), ec);
    if (ec) detail = json::object();
    json::value data = json::parse(r.text(11), ec);
    if (ec) data = json::object();
    json::object o{{"id", r.i64(0)},
                   {"kind", r.text(1)},
                   {"batch_id", store::json_int(r, 2)},
                   {"state", r.text(7)},
                   {"created_at", r.i64(8)},
                   {"source", r.text(9)},
                   {"source_name", r.text(13)},
                   {"record_key", r.text(10)},
                   {"record", data},
                   {"detail", detail}};
    o["score"] = store::json_real(r, 5);
    if (r.text(1) == "match") {
      o["candidate"] = person_brief(tx, r.opt_i64(4));
      o["person"] = person_brief(tx, r.opt_i64(12));
    } else {
      o["person"] = person_brief(tx, r.opt_i64(12));
    }
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::int64_t> merge_persons(store::Tx& tx, std::int64_t survivor, std::int64_t merged,
                                   const std::string& reason, std::optional<double> score,
                                   std::int64_t by, std::int64_t now_ms) {
  if (survivor == merged) return conflict("merge.same", "a person cannot merge with itself");
  const std::string sql = "SELECT " + column_list() + ", merged_into FROM person WHERE id = ?";
  OG_ASSIGN(auto s, tx.query_one(sql, {survivor}));
  OG_ASSIGN(auto m, tx.query_one(sql, {merged}));
  if (!s || !m) return not_found("people.not_found", "no such person");
  const std::size_t n = std::size(kMergeColumns);
  if (!s->is_null(n) || !m->is_null(n))
    return conflict("merge.already", "one of the persons is already merged into another");
  const std::size_t id_index = 7;
  if (!empty_value(s->at(id_index)) && !empty_value(m->at(id_index)) &&
      s->text(id_index) != m->text(id_index))
    return conflict("merge.different_ids", "the persons have different ID numbers");

  Columns before, fill;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string col = kMergeColumns[i];
    before.emplace_back(col, s->at(i));
    if (col == "provenance" || col == "org_path" || col == "community_id") continue;
    if (empty_value(s->at(i)) && !empty_value(m->at(i))) fill.emplace_back(col, m->at(i));
  }
  // Where the survivor takes the merged person's room, its scope follows.
  bool takes_room = false;
  for (const auto& [c, v] : fill) takes_room = takes_room || c == "room_id";
  if (takes_room) {
    fill.emplace_back("community_id", m->at(20));
    fill.emplace_back("org_path", m->at(21));
  }
  OG_ASSIGN(auto tags, tx.query("SELECT tag, source, since FROM person_tag t WHERE person_id = ?"
                                " AND NOT EXISTS (SELECT 1 FROM person_tag u WHERE"
                                " u.person_id = ? AND u.tag = t.tag)",
                                {merged, survivor}));
  json::array added;
  for (const auto& t : tags) {
    OG_TRY(tx.exec("INSERT INTO person_tag (person_id, tag, source, since) VALUES (?, ?, ?, ?)",
                   {survivor, t.text(0), t.text(1), t.text(2)}));
    added.emplace_back(t.text(0));
  }
  if (!fill.empty()) {
    std::string upd = "UPDATE person SET ";
    std::vector<Value> params;
    for (const auto& [c, v] : fill) {
      upd += c + " = ?, ";
      params.push_back(v);
    }
    upd += "version = version + 1, updated_at = ? WHERE id = ?";
    params.emplace_back(now_ms);
    params.emplace_back(static_cast<long long>(survivor));
    OG_TRY(tx.exec(upd, params));
  }
  OG_TRY(
      tx.exec("UPDATE person SET merged_into = ?, version = version + 1, updated_at = ?"
              " WHERE id = ?",
              {survivor, now_ms, merged}));
  std::error_code ec;
  json::object snapshot{{"columns", json::parse(columns_json(before), ec)},
                        {"tags_added", std::move(added)}};
  return tx.insert(
      "INSERT INTO person_merge (survivor_id, merged_id, reason, score, before, merged_by,"
      " merged_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {survivor, merged, reason, score, json::serialize(snapshot),
       by ? Value(static_cast<long long>(by)) : Value(), now_ms});
}

Status undo_merge(store::Tx& tx, const org::Scope& scope, std::int64_t merge_id,
                  const audit::Actor& actor, std::int64_t now_ms) {
  std::string sql =
      "SELECT m.survivor_id, m.merged_id, m.before, m.undone_at, p.org_path FROM person_merge m"
      " JOIN person p ON p.id = m.survivor_id WHERE m.id = ?";
  std::vector<Value> params{static_cast<long long>(merge_id)};
  org::append_scope_filter(sql, params, scope, "p.org_path");
  OG_ASSIGN(auto m, tx.query_one(sql, params));
  if (!m) return not_found("merge.not_found", "no such merge in your scope");
  if (!m->is_null(3)) return conflict("merge.undone", "this merge was already undone");
  OG_ASSIGN(auto later, tx.query_one("SELECT 1 FROM person_merge WHERE survivor_id = ? AND"
                                     " id > ? AND undone_at IS NULL",
                                     {m->i64(0), merge_id}));
  if (later) return conflict("merge.later", "undo the later merge into this person first");
  std::error_code ec;
  json::value snap = json::parse(m->text(2), ec);
  if (ec || !snap.is_object())
    return internal_error("merge.corrupt", "merge snapshot is not readable");
  OG_ASSIGN(Columns before, columns_from_json(json::serialize(snap.at("columns"))));
  std::string upd = "UPDATE person SET ";
  std::vector<Value> up;
  for (const auto& [c, v] : before) {
    upd += c + " = ?, ";
    up.push_back(v);
  }
  upd += "version = version + 1, updated_at = ? WHERE id = ?";
  up.emplace_back(now_ms);
  up.emplace_back(static_cast<long long>(m->i64(0)));
  OG_TRY(tx.exec(upd, up));
  for (const auto& t : snap.at("tags_added").as_array())
    OG_TRY(tx.exec("DELETE FROM person_tag WHERE person_id = ? AND tag = ?",
                   {m->i64(0), std::string(t.as_string())}));
  OG_TRY(
      tx.exec("UPDATE person SET merged_into = NULL, version = version + 1, updated_at = ?"
              " WHERE id = ?",
              {now_ms, m->i64(1)}));
  OG_TRY(tx.exec(
      "UPDATE person_merge SET undone_at = ?, undone_by = ? WHERE id = ?",
      {now_ms, actor.user_id ? Value(static_cast<long long>(actor.user_id)) : Value(), merge_id}));
  // Reviews that led to the merge are open again.
  OG_TRY(
      tx.exec("UPDATE review_item SET state = 'open', resolved_by = NULL, resolved_at = NULL"
              " WHERE kind = 'match' AND state = 'merged' AND person_id = ? AND detail LIKE ?",
              {m->i64(0), "%\"new_person\":" + std::to_string(m->i64(1)) + "%"}));
  return audit::append(tx, actor, "person.merge_undo", "person_merge", std::to_string(merge_id),
                       json::object{{"survivor_id", m->i64(0)}, {"merged_id", m->i64(1)}},
                       m->text(4));
}

Result<json::object> resolve_review(store::Tx& tx, const org::Scope& scope, std::int64_t id,
                                    const Resolution& r, const audit::Actor& actor,
                                    std::int64_t now_ms) {
  std::string sql =
      "SELECT i.kind, i.state, i.person_id, i.detail, i.record_id, i.org_path, i.score,"
      " rec.person_id FROM review_item i LEFT JOIN import_record rec ON rec.id = i.record_id"
      " WHERE i.id = ?";
  std::vector<Value> params{static_cast<long long>(id)};
  org::append_scope_filter(sql, params, scope, "i.org_path");
  OG_ASSIGN(auto item, tx.query_one(sql, params));
  if (!item) return not_found("review.not_found", "no such review item in your scope");
  if (item->text(1) != "open") return conflict("review.closed", "this item is already resolved");
  const std::string kind = item->text(0);
  const std::string path = item->text(5);
  std::string state;
  json::object result{{"id", id}};
  if (kind == "match" && (r.action == "merge" || r.action == "separate")) {
    std::error_code ec;
    json::value d = json::parse(item->text(3), ec);
    std::int64_t newcomer = 0;
    if (!ec && d.is_object() && d.as_object().contains("new_person"))
      newcomer = d.at("new_person").to_number<std::int64_t>();
    if (r.action == "merge") {
      OG_ASSIGN(std::int64_t merge_id,
                merge_persons(tx, item->i64(2), newcomer, "review",
                              item->is_null(6) ? std::nullopt : std::optional(item->f64(6)),
                              actor.user_id, now_ms));
      result["merge_id"] = merge_id;
      result["person_id"] = item->i64(2);
      state = "merged";
    } else {
      state = "separate";
    }
  } else if (kind == "address" && (r.action == "fix" || r.action == "dismiss")) {
    if (r.action == "fix") {
      if (!r.room_id) return invalid_input("review.room", "choose a room", "room_id");
      std::string rs =
          "SELECT id, org_path, community_id FROM address WHERE id = ? AND"
          " level = 'room'";
      std::vector<Value> rp{static_cast<long long>(*r.room_id)};
      org::append_scope_filter(rs, rp, scope, "org_path");
      OG_ASSIGN(auto room, tx.query_one(rs, rp));
      if (!room) return invalid_input("review.room", "not a room in your scope", "room_id");
      if (!item->is_null(7)) {
        OG_TRY(
            tx.exec("UPDATE person SET room_id = ?, org_path = ?, community_id = ?,"
                    " version = version + 1, updated_at = ? WHERE id = ?",
                    {*r.room_id, room->text(1), room->i64(2), now_ms, item->i64(7)}));
      }
      OG_TRY(
          tx.exec("UPDATE import_record SET room_id = ?, status = 'linked', updated_at = ?"
                  " WHERE id = ?",
                  {*r.room_id, now_ms, item->i64(4)}));
      // The next import of the same text finds this room by itself.
      std::error_code dec;
      json::value d = json::parse(item->text(3), dec);
      if (!dec && d.is_object() && d.as_object().contains("text") && d.at("text").is_string())
        OG_TRY(tx.exec(
            "INSERT INTO address_text_alias (text, room_id, created_by, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (text) DO UPDATE SET room_id ="
            " excluded.room_id",
            {std::string(d.at("text").as_string()), *r.room_id,
             actor.user_id ? Value(static_cast<long long>(actor.user_id)) : Value(), now_ms}));
      result["room_id"] = *r.room_id;
      state = "fixed";
    } else {
      state = "dismissed";
    }
  } else {
    return invalid_input("review.action",
                         kind == "match" ? "action: merge or separate" : "action: fix or dismiss",
                         "action");
  }
  OG_TRY(tx.exec(
      "UPDATE review_item SET state = ?, resolved_by = ?, resolved_at = ? WHERE id = ?",
      {state, actor.user_id ? Value(static_cast<long long>(actor.user_id)) : Value(), now_ms, id}));
  OG_TRY(audit_review(tx, actor, "review.resolve", id,
                      json::object{{"kind", kind}, {"action", r.action}, {"note", r.note}}, path));
  result["state"] = state;
  return result;
}

}  // namespace onegrid::ingest
