// Reading the register; see person_store.hpp.
#include "people/person_store.hpp"

#include "people/provenance.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "ingest/register_view.hpp"
#include "org/scope_sql.hpp"
#include "people/calendar.hpp"
#include "people/care.hpp"
#include "people/masking.hpp"
#include "people/phone.hpp"
#include "people/provenance.hpp"
#include "people/text.hpp"
#include "store/row_json.hpp"
#include "store/sql_util.hpp"

namespace onegrid::people {
namespace json = boost::json;
using store::Value;

namespace {

// Columns of the summary query, in this order.
constexpr const char* kSummarySelect =
    "SELECT p.id, p.name, p.gender, p.birth_date, p.id_masked, p.phone_masked,"
    " COALESCE(a.full_name, p.actual_address), p.room_id, p.household_id, p.community_id,"
    " o.name, p.residence_type, p.relation, p.hukou_room_id,"
    " (SELECT COUNT(*) FROM person q WHERE q.room_id = p.room_id AND q.merged_into IS NULL)"
    " FROM person p LEFT JOIN address a ON a.id = p.room_id"
    " LEFT JOIN org_unit o ON o.id = p.community_id WHERE p.merged_into IS NULL";

PersonSummary summary_from(const store::Row& r, const Viewer& v) {
  PersonSummary s;
  s.id = r.i64(0);
  s.name = v.profile == FieldProfile::full ? r.text(1) : mask_name(r.text(1));
  s.gender = r.text(2);
  std::string birth = r.text(3);
  if (auto d = ingest::parse_iso_date(birth)) {
    s.age = age_on(*d, v.today);
    s.birth_date = v.profile == FieldProfile::full ? birth : birth.substr(0, 4);
    for (auto& t : derived_care_tags(d, v.today, static_cast<int>(r.i64(14))))
      s.tags.push_back(std::move(t));
  }
  s.id_masked = r.text(4);
  s.phone_masked = r.text(5);
  s.address = r.text(6);
  s.room_id = r.opt_i64(7);
  s.household_id = r.opt_i64(8);
  s.community_id = r.opt_i64(9);
  s.community_name = r.text(10);
  s.residence_type = r.text(11);
  s.relation = r.text(12);
  const auto hukou_room = r.opt_i64(13);
  s.here_hukou_elsewhere = s.room_id && s.residence_type == "registered" && hukou_room != s.room_id;
  s.hukou_here_away = hukou_room && hukou_room != s.room_id;
  return s;
}

// Adds each person's stored tags (one query for the page).
Status add_tags(store::Tx& tx, std::vector<PersonSummary>& page) {
  if (page.empty()) return ok_status();
  std::string sql = "SELECT person_id, tag FROM person_tag WHERE person_id IN (";
  std::vector<Value> params;
  for (std::size_t i = 0; i < page.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.emplace_back(static_cast<long long>(page[i].id));
  }
  sql += ") ORDER BY tag";
  OG_ASSIGN(auto rows, tx.query(sql, params));
  for (const auto& r : rows)
    for (auto& p : page)
      if (p.id == r.i64(0)) p.tags.push_back(r.text(1));
  return ok_status();
}

bool ascii_letters(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::size_t code_point_count(std::string_view s) {
  return text::code_points(s).size();
}

Result<std::optional<PersonSummary>> load_summary(store::Tx& tx, const Viewer& v, std::int64_t id) {
  std::string sql = std::string(kSummarySelect) + " AND p.id = ?";
  std::vector<Value> params{static_cast<long long>(id)};
  org::append_scope_filter(sql, params, v.scope, "p.org_path");
  OG_ASSIGN(auto row, tx.query_one(sql, params));
  if (!row) return std::optional<PersonSummary>();
  std::vector<PersonSummary> one{summary_from(*row, v)};
  OG_TRY(add_tags(tx, one));
  return std::optional<PersonSummary>(std::move(one.front()));
}

}  // namespace

json::object to_json(const PersonSummary& p) {
  json::object o{{"id", p.id},
                 {"name", p.name},
                 {"gender", p.gender},
                 {"birth_date", p.birth_date},
                 {"id_number", p.id_masked},
                 {"phone", p.phone_masked},
                 {"address", p.address},
                 {"community", p.community_name},
                 {"residence_type", p.residence_type},
                 {"relation", p.relation},
                 {"here_hukou_elsewhere", p.here_hukou_elsewhere},
                 {"hukou_here_away", p.hukou_here_away}};
  o["age"] = p.age ? json::value(*p.age) : json::value(nullptr);
  o["room_id"] = p.room_id ? json::value(*p.room_id) : json::value(nullptr);
  o["household_id"] = p.household_id ? json::value(*p.household_id) : json::value(nullptr);
  o["community_id"] = p.community_id ? json::value(*p.community_id) : json::value(nullptr);
  json::array tags;
  for (const auto& t : p.tags) tags.emplace_back(t);
  o["tags"] = std::move(tags);
  return o;
}

namespace {

// The search; `vault` may be null when the filter has no ID number or phone.
Result<std::vector<PersonSummary>> find_persons(store::Tx& tx, const PiiVault* vault,
                                                const Viewer& v, const PersonFilter& f) {
  std::string sql = kSummarySelect;
  std::vector<Value> params;
  if ((!f.id_number.empty() || !f.phone.empty()) && !vault)
    return internal_error("people.no_vault", "identifier search needs the vault");
  if (!f.id_number.empty()) {
    std::string id = text::fold_ascii_no_spaces(f.id_number);
    if (auto parsed = parse_id_number(id, v.today)) id = parsed->value;
    for (char& c : id)
      if (c == 'x') c = 'X';
    sql += " AND p.id_index = ?";
    params.emplace_back(vault->blind_index("id", id));
  }
  if (!f.phone.empty()) {
    auto phone = normalize_phone(f.phone);
    if (!phone) return invalid_input("people.query", "not a phone number", "phone");
    sql += " AND p.phone_index = ?";
    params.emplace_back(vault->blind_index("phone", *phone));
  }
  if (!f.q.empty()) {
    if (ascii_letters(f.q)) {
      sql += " AND p.name_initials >= ? AND p.name_initials < ?";
      params.emplace_back(lower(f.q));
      params.emplace_back(lower(f.q) + "\x7f");
    } else {
      sql += " AND p.name LIKE ? ESCAPE '!'";
      params.emplace_back(store::like_contains(f.q));
    }
  }
  if (!f.address.empty()) {
    sql += " AND (a.full_name LIKE ? ESCAPE '!' OR p.actual_address LIKE ? ESCAPE '!')";
    params.emplace_back(store::like_contains(f.address));
    params.emplace_back(store::like_contains(f.address));
  }
  store::and_equals(sql, params, "p.room_id", f.room_id);
  store::and_equals(sql, params, "p.household_id", f.household_id);
  store::and_equals(sql, params, "p.community_id", f.community_id);
  if (!f.residence_type.empty()) {
    if (f.residence_type != "registered" && f.residence_type != "migrant" &&
        f.residence_type != "overseas")
      return invalid_input("people.query", "residence_type: registered, migrant or overseas",
                           "residence_type");
    sql += " AND p.residence_type = ?";
    params.emplace_back(f.residence_type);
  }
  if (!f.separation.empty()) {
    if (f.separation == "here_hukou_elsewhere") {
      sql +=
          " AND p.room_id IS NOT NULL AND p.residence_type = 'registered'"
          " AND (p.hukou_room_id IS NULL OR p.hukou_room_id <> p.room_id)";
    } else if (f.separation == "hukou_here_away") {
      sql +=
          " AND p.hukou_room_id IS NOT NULL"
          " AND (p.room_id IS NULL OR p.room_id <> p.hukou_room_id)";
    } else {
      return invalid_input("people.query", "separation: here_hukou_elsewhere or hukou_here_away",
                           "separation");
    }
  }
  if (!f.tag.empty()) {
    if (!find_care_tag(f.tag)) return invalid_input("people.query", "unknown care tag", "tag");
    if (f.tag == "elderly_60" || f.tag == "elderly_80") {
      sql += " AND p.birth_date <= ?";
      params.emplace_back(born_by(v.today, f.tag == "elderly_60" ? 60 : 80));
    } else if (f.tag == "living_alone") {
      sql +=
          " AND p.birth_date <= ? AND p.room_id IS NOT NULL AND (SELECT COUNT(*) FROM person"
          " q WHERE q.room_id = p.room_id AND q.merged_into IS NULL) = 1";
      params.emplace_back(born_by(v.today, 60));
    } else {
      sql += " AND EXISTS (SELECT 1 FROM person_tag t WHERE t.person_id = p.id AND t.tag = ?)";
      params.emplace_back(f.tag);
    }
  }
  if (f.after) {
    sql += " AND p.id > ?";
    params.emplace_back(static_cast<long long>(*f.after));
  }
  org::append_scope_filter(sql, params, v.scope, "p.org_path");
  sql += " ORDER BY p.id LIMIT ?";
  params.emplace_back(f.limit);
  OG_ASSIGN(auto rows, tx.query(sql, params));
  std::vector<PersonSummary> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(summary_from(r, v));
  OG_TRY(add_tags(tx, out));
  return out;
}

}  // namespace

Result<std::vector<PersonSummary>> search_persons(store::Tx& tx, const PiiVault& vault,
                                                  const Viewer& v, const PersonFilter& f) {
  return find_persons(tx, &vault, v, f);
}

Result<json::object> person_card(store::Tx& tx, const Viewer& v, std::int64_t id) {
  OG_ASSIGN(auto summary, load_summary(tx, v, id));
  if (!summary) return not_found("people.not_found", "no such person in your scope");
  json::object card = to_json(*summary);
  OG_ASSIGN(auto more, tx.query_one("SELECT ethnicity, hukou_address, arrival_date, id_type,"
                                    " provenance, version, created_at, updated_at"
                                    " FROM person WHERE id = ?",
                                    {id}));
  if (!more) return not_found("people.not_found", "no such person in your scope");
  const bool full = v.profile == FieldProfile::full;
  card["ethnicity"] = full ? more->text(0) : "";
  card["hukou_address"] = full ? more->text(1) : "";
  card["arrival_date"] = more->text(2);
  card["id_type"] = more->text(3);
  card["provenance"] = expand_provenance(more->text(4));
  card["version"] = more->i64(5);
  card["created_at"] = more->i64(6);
  card["updated_at"] = more->i64(7);

  if (summary->room_id) {
    OG_ASSIGN(auto b, tx.query_one("SELECT b.id, b.full_name FROM address r"
                                   " JOIN address f ON f.id = r.parent_id"
                                   " JOIN address u ON u.id = f.parent_id"
                                   " JOIN address b ON b.id = u.parent_id WHERE r.id = ?",
                                   {*summary->room_id}));
    if (b) card["building"] = json::object{{"id", b->i64(0)}, {"name", b->text(1)}};
  }
  OG_ASSIGN(auto records, tx.query("SELECT r.source, r.record_key, r.batch_id, r.status,"
                                   " s.name FROM import_record r"
                                   " JOIN import_source s ON s.code = r.source"
                                   " WHERE r.person_id = ? OR r.person_id IN (SELECT m.id"
                                   " FROM person m WHERE m.merged_into = ?) ORDER BY r.id",
                                   {id, id}));
  json::array recs;
  for (const auto& r : records)
    recs.push_back(json::object{{"source", r.text(0)},
                                {"source_name", r.text(4)},
                                {"record_key", r.text(1)},
                                {"batch_id", r.i64(2)},
                                {"status", r.text(3)}});
  card["records"] = std::move(recs);
  if (summary->household_id) {
    OG_ASSIGN(auto members, tx.query("SELECT id, name, relation, birth_date FROM person"
                                     " WHERE household_id = ? AND merged_into IS NULL"
                                     " ORDER BY id",
                                     {*summary->household_id}));
    json::array ms;
    for (const auto& m : members)
      ms.push_back(json::object{{"id", m.i64(0)},
                                {"name", full ? m.text(1) : mask_name(m.text(1))},
                                {"relation", m.text(2)}});
    card["household_members"] = std::move(ms);
  }
  OG_ASSIGN(auto changes, tx.query("SELECT c.at, c.source, c.field, c.new_value, c.batch_id"
                                   " FROM register_change c WHERE c.object_type = 'person'"
                                   " AND c.object_id = ? ORDER BY c.id DESC LIMIT 50",
                                   {id}));
  json::array history;
  for (const auto& c : changes) {
    // Column names only: values may be ciphertext or personal data.
    json::array fields;
    if (c.text(2) == "*update") {
      std::error_code ec;
      json::value nv = json::parse(c.text(3), ec);
      if (!ec && nv.is_object())
        for (const auto& [k, val] : nv.as_object())
          if (k != "provenance" && k != "id_enc" && k != "phone_enc" && k != "id_index" &&
              k != "phone_index")
            fields.emplace_back(k);
    } else {
      fields.emplace_back(c.text(2));
    }
    history.push_back(json::object{{"at", c.i64(0)},
                                   {"source", c.text(1)},
                                   {"batch_id", store::json_int(c, 4)},
                                   {"fields", std::move(fields)}});
  }
  card["history"] = std::move(history);
  OG_ASSIGN(auto merges, tx.query("SELECT id, merged_id, reason, score, merged_at, undone_at"
                                  " FROM person_merge WHERE survivor_id = ? ORDER BY id",
                                  {id}));
  json::array ms;
  for (const auto& m : merges)
    ms.push_back(json::object{{"id", m.i64(0)},
                              {"merged_id", m.i64(1)},
                              {"reason", m.text(2)},
                              {"score", store::json_real(m, 3)},
                              {"merged_at", m.i64(4)},
                              {"undone", !m.is_null(5)}});
  card["merges"] = std::move(ms);
  return card;
}

Result<json::object> household_card(store::Tx& tx, const Viewer& v, std::int64_t id) {
  std::string sql =
      "SELECT h.id, h.household_no, h.head_person_id, h.room_id, a.full_name FROM household h"
      " LEFT JOIN address a ON a.id = h.room_id WHERE h.id = ?";
  std::vector<Value> params{static_cast<long long>(id)};
  org::append_scope_filter(sql, params, v.scope, "h.org_path");
  OG_ASSIGN(auto h, tx.query_one(sql, params));
  if (!h) return not_found("people.household_not_found", "no such household in your scope");
  PersonFilter f;
  f.household_id = id;
  f.limit = 200;
  OG_ASSIGN(auto members, find_persons(tx, nullptr, v, f));
  json::array ms;
  for (const auto& m : members) ms.push_back(to_json(m));
  return json::object{{"id", h->i64(0)},
                      {"household_no", h->text(1)},
                      {"head_person_id", store::json_int(*h, 2)},
                      {"room_id", store::json_int(*h, 3)},
                      {"address", h->text(4)},
                      {"members", std::move(ms)}};
}

Result<json::object> unmask_person(store::Tx& tx, const PiiVault& vault,
                                   const org::Scope& unmask_scope, std::int64_t id,
                                   const std::vector<std::string>& fields,
                                   const std::string& purpose, const audit::Actor& actor) {
  if (code_point_count(purpose) < 4 || code_point_count(purpose) > 200)
    return invalid_input("unmask.purpose", "state the purpose (4-200 characters)", "purpose");
  if (fields.empty()) return invalid_input("unmask.field", "name the fields", "fields");
  for (const auto& f : fields)
    if (f != "id_number" && f != "phone")
      return invalid_input("unmask.field", "fields: id_number, phone", "fields");
  std::string sql =
      "SELECT id_enc, phone_enc, org_path FROM person WHERE id = ?"
      " AND merged_into IS NULL";
  std::vector<Value> params{static_cast<long long>(id)};
  org::append_scope_filter(sql, params, unmask_scope, "org_path");
  OG_ASSIGN(auto row, tx.query_one(sql, params));
  if (!row) return not_found("people.not_found", "no such person in your scope");
  json::object out{{"id", id}};
  json::array which;
  for (const auto& f : fields) {
    const std::size_t col = f == "id_number" ? 0 : 1;
    if (row->is_null(col) || !row->at(col).is_blob()) {
      out[f] = nullptr;
      continue;
    }
    OG_ASSIGN(std::string plain, vault.open(row->at(col).as_blob().bytes));
    out[f] = plain;
    which.emplace_back(f);
  }
  OG_TRY(audit::append(tx, actor, "person.unmask", "person", std::to_string(id),
                       json::object{{"fields", std::move(which)}, {"purpose", purpose}},
                       row->text(2)));
  return out;
}

}  // namespace onegrid::people
