// Organisations (实有单位); see organisations.hpp.
#include "people/organisations.hpp"

#include <boost/json.hpp>

#include "org/scope_sql.hpp"
#include "people/masking.hpp"
#include "people/phone.hpp"
#include "people/uscc.hpp"
#include "store/sql_util.hpp"

namespace onegrid::people {
namespace json = boost::json;
using store::Value;

namespace {

constexpr const char* kTypes[] = {"enterprise", "individual", "social", "public", "other"};

Organisation from_row(const store::Row& r) {
  return Organisation{r.i64(0),  r.text(1), r.text(2),    r.text(3),   r.text(4),
                      r.text(5), r.text(6), r.opt_i64(7), r.opt_i64(8)};
}

constexpr const char* kSelect =
    "SELECT o.id, o.name, COALESCE(o.uscc, ''), o.org_type,"
    " COALESCE(a.full_name, o.address_text), o.contact_name, o.phone_masked, o.room_id,"
    " o.staff_count FROM organisation o LEFT JOIN address a ON a.id = o.room_id WHERE 1 = 1";

}  // namespace

json::object to_json(const Organisation& o) {
  return json::object{
      {"id", o.id},
      {"name", o.name},
      {"uscc", o.uscc},
      {"org_type", o.org_type},
      {"address", o.address},
      {"contact_name", o.contact_name},
      {"contact_phone", o.phone_masked},
      {"room_id", o.room_id ? json::value(*o.room_id) : json::value(nullptr)},
      {"staff_count", o.staff_count ? json::value(*o.staff_count) : json::value(nullptr)}};
}

Result<std::vector<Organisation>> list_organisations(store::Tx& tx, const org::Scope& scope,
                                                     const OrganisationFilter& f) {
  std::string sql = kSelect;
  std::vector<Value> params;
  if (!f.q.empty()) {
    sql += " AND (o.name LIKE ? ESCAPE '!' OR o.uscc = ?)";
    params.emplace_back(store::like_contains(f.q));
    params.emplace_back(f.q);
  }
  if (f.after) {
    sql += " AND o.id > ?";
    params.emplace_back(static_cast<long long>(*f.after));
  }
  org::append_scope_filter(sql, params, scope, "o.org_path");
  sql += " ORDER BY o.id LIMIT ?";
  params.emplace_back(f.limit);
  OG_ASSIGN(auto rows, tx.query(sql, params));
  std::vector<Organisation> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<Organisation> create_organisation(store::Tx& tx, const PiiVault& vault,
                                         const org::Scope& scope, const NewOrganisation& n,
                                         const audit::Actor& actor, std::int64_t now_ms) {
  if (n.name.empty()) return invalid_input("organisation.name", "name is required", "name");
  OG_ASSIGN(std::string uscc, parse_uscc(n.uscc));
  bool known = false;
  for (auto t : kTypes) known = known || n.org_type == t;
  if (!known)
    return invalid_input("organisation.type",
                         "org_type: enterprise, individual, social, public, other", "org_type");
  if (n.staff_count && (*n.staff_count < 0 || *n.staff_count > 1'000'000))
    return invalid_input("organisation.staff_count", "staff_count: 0 to 1,000,000", "staff_count");
  Value phone_enc, phone_index;
  std::string phone_masked;
  if (!n.contact_phone.empty()) {
    OG_ASSIGN(std::string phone, normalize_phone(n.contact_phone));
    phone_enc = store::Blob{vault.seal(phone)};
    phone_index = vault.blind_index("phone", phone);
    phone_masked = mask_phone(phone);
  }
  // Scope: the room's, else the actor's own org unit (which must be in the write scope).
  std::string path = actor.org_path;
  Value community;
  if (n.room_id) {
    std::string rs = "SELECT org_path, community_id FROM address WHERE id = ? AND level = 'room'";
    std::vector<Value> rp{static_cast<long long>(*n.room_id)};
    org::append_scope_filter(rs, rp, scope, "org_path");
    OG_ASSIGN(auto room, tx.query_one(rs, rp));
    if (!room) return invalid_input("organisation.room", "not a room in your area", "room_id");
    path = room->text(0);
    community = room->at(1);
  }
  OG_ASSIGN(auto dup, tx.query_one("SELECT id FROM organisation WHERE uscc = ?", {uscc}));
  if (dup)
    return conflict("organisation.uscc_exists", "an organisation with this code is registered");
  OG_ASSIGN(
      std::int64_t id,
      tx.insert("INSERT INTO organisation (name, uscc, org_type, room_id, address_text,"
                " contact_name, phone_enc, phone_index, phone_masked, staff_count,"
                " community_id, org_path, source, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'console', ?, ?) RETURNING id",
                {n.name, uscc, n.org_type, n.room_id, n.address_text, n.contact_name, phone_enc,
                 phone_index, phone_masked, n.staff_count, community, path, now_ms, now_ms}));
  OG_TRY(audit::append(tx, actor, "organisation.create", "organisation", std::to_string(id),
                       json::object{{"after", json::object{{"name", n.name}, {"uscc", uscc}}}},
                       path));
  OG_ASSIGN(auto rows, tx.query(std::string(kSelect) + " AND o.id = ?", {id}));
  return from_row(rows[0]);
}

}  // namespace onegrid::people
