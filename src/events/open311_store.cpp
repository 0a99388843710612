#include "events/open311_store.hpp"

#include <sodium.h>

#include <array>
#include <boost/json/object.hpp>

#include "auth/sodium.hpp"
#include "auth/token.hpp"
#include "base/clock.hpp"

namespace onegrid::events::open311 {
namespace {

constexpr const char* kClientSelect =
    "SELECT id, name, active, created_at, created_by, revoked_at FROM open311_client";

Client client_from(const store::Row& r) {
  Client c;
  c.id = r.i64(0);
  c.name = r.text(1);
  c.active = r.i64(2) == 1;
  c.created_at = r.i64(3);
  c.created_by = r.opt_i64(4);
  c.revoked_at = r.opt_i64(5);
  return c;
}

// The store's hash key, created (32 random bytes) when absent. Concurrent first uses race on
// the primary key; the loser's insert does nothing and both read the winner's key.
// Without `create`, a store that has none yet gives nullopt (then no key was ever issued).
Result<std::optional<std::array<unsigned char, 32>>> hash_key(store::Tx& tx, bool create) {
  OG_ASSIGN(auto row, tx.query_one("SELECT hash_key FROM open311_secret WHERE id = 1"));
  if (!row && !create) return std::optional<std::array<unsigned char, 32>>{};
  if (!row) {
    OG_TRY(
        tx.exec("INSERT INTO open311_secret (id, hash_key, created_at) VALUES (1, ?, ?) ON "
                "CONFLICT (id) DO NOTHING",
                {auth::random_hex(32), now_ms()}));
    OG_ASSIGN(row, tx.query_one("SELECT hash_key FROM open311_secret WHERE id = 1"));
    if (!row) return internal_error("open311.no_secret", "the Open311 hash key is missing");
  }
  const std::string hex = row->text(0);
  std::array<unsigned char, 32> key{};
  std::size_t len = 0;
  auth::ensure_sodium();
  if (hex.size() != 64 ||
      sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != key.size())
    return internal_error("open311.corrupt_secret", "the Open311 hash key is malformed");
  return std::optional<std::array<unsigned char, 32>>(key);
}

std::string keyed_hash(std::array<unsigned char, 32>& key, std::string_view api_key) {
  std::array<unsigned char, 32> digest;
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(api_key.data()), api_key.size(),
                     key.data(), key.size());
  sodium_memzero(key.data(), key.size());
  char hex[2 * 32 + 1];
  sodium_bin2hex(hex, sizeof hex, digest.data(), digest.size());
  return std::string(hex, 2 * 32);
}

Result<std::optional<Client>> client_by_id(store::Tx& tx, std::int64_t id) {
  OG_ASSIGN(auto row, tx.query_one(std::string(kClientSelect) + " WHERE id = ?", {id}));
  if (!row) return std::optional<Client>{};
  return std::optional<Client>(client_from(*row));
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

boost::json::value to_json(const Client& c) {
  return boost::json::object{
      {"id", c.id},
      {"name", c.name},
      {"active", c.active},
      {"created_at", format_utc(c.created_at)},
      {"created_by", c.created_by ? boost::json::value(*c.created_by) : nullptr},
      {"revoked_at", c.revoked_at ? boost::json::value(format_utc(*c.revoked_at)) : nullptr}};
}

Result<std::string> key_hash(store::Tx& tx, std::string_view api_key) {
  OG_ASSIGN(auto key, hash_key(tx, true));
  return keyed_hash(*key, api_key);
}

Result<IssuedClient> create_client(store::Tx& tx, const audit::Actor& actor, std::string name,
                                   std::optional<std::string> fixed_key) {
  if (name.empty() || code_points(name) > 100)
    return invalid_input("open311.invalid_name", "name is 1 to 100 characters", "name");
  IssuedClient out;
  out.api_key = fixed_key ? *fixed_key : auth::new_session_token();
  OG_ASSIGN(auto hash, key_hash(tx, out.api_key));
  const std::int64_t now = now_ms();
  OG_ASSIGN(auto id, tx.insert("INSERT INTO open311_client (name, key_hash, active, created_at, "
                               "created_by) VALUES (?, ?, 1, ?, ?) RETURNING id",
                               {name, hash, now,
                                actor.user_id ? store::Value(actor.user_id) : store::Value()}));
  out.client.id = id;
  out.client.name = std::move(name);
  out.client.created_at = now;
  if (actor.user_id) out.client.created_by = actor.user_id;
  OG_TRY(audit::append(tx, actor, "open311.client_create", "open311_client", std::to_string(id),
                       boost::json::object{{"after", to_json(out.client)}}));
  return out;
}

Result<std::vector<Client>> list_clients(store::Tx& tx) {
  OG_ASSIGN(auto rows, tx.query(std::string(kClientSelect) + " ORDER BY id"));
  std::vector<Client> out;
  for (const auto& r : rows) out.push_back(client_from(r));
  return out;
}

Result<Client> revoke_client(store::Tx& tx, const audit::Actor& actor, std::int64_t id) {
  OG_ASSIGN(auto before, client_by_id(tx, id));
  if (!before)
    return not_found("open311.client_not_found", "no Open311 client " + std::to_string(id));
  if (!before->active) return *before;
  const std::int64_t now = now_ms();
  OG_TRY(
      tx.exec("UPDATE open311_client SET active = 0, revoked_at = ?, revoked_by = ? WHERE id "
              "= ?",
              {now, actor.user_id ? store::Value(actor.user_id) : store::Value(), id}));
  Client after = *before;
  after.active = false;
  after.revoked_at = now;
  OG_TRY(
      audit::append(tx, actor, "open311.client_revoke", "open311_client", std::to_string(id),
                    boost::json::object{{"before", to_json(*before)}, {"after", to_json(after)}}));
  return after;
}

Result<std::optional<Client>> find_client(store::Tx& tx, std::string_view api_key) {
  OG_ASSIGN(auto key, hash_key(tx, false));
  if (!key) return std::optional<Client>{};
  const std::string hash = keyed_hash(*key, api_key);
  OG_ASSIGN(auto row, tx.query_one(std::string(kClientSelect) + " WHERE key_hash = ?", {hash}));
  if (!row) return std::optional<Client>{};
  return std::optional<Client>(client_from(*row));
}

Result<Client> authenticate(store::Tx& tx, std::string_view api_key) {
  if (api_key.empty()) return forbidden("open311.api_key_required", "api_key was not provided");
  OG_ASSIGN(auto c, find_client(tx, api_key));
  if (!c || !c->active) return forbidden("open311.invalid_api_key", "api_key is invalid");
  return *c;
}

Result<std::optional<std::int64_t>> event_for_token(store::Tx& tx, std::string_view token) {
  OG_ASSIGN(auto row, tx.query_one("SELECT id FROM event WHERE channel = 'open311' AND "
                                   "external_ref = ?",
                                   {token}));
  if (!row) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>(row->i64(0));
}

Result<std::map<std::int64_t, std::string>> latest_notes(store::Tx& tx,
                                                         const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> out;
  // In chunks, so no statement carries more parameters than a driver takes.
  for (std::size_t start = 0; start < ids.size(); start += 500) {
    const std::size_t end = std::min(ids.size(), start + 500);
    std::string sql =
        "SELECT event_id, note FROM event_transition WHERE note <> '' AND event_id IN (";
    std::vector<store::Value> params;
    for (std::size_t i = start; i < end; ++i) {
      sql += i == start ? "?" : ", ?";
      params.emplace_back(ids[i]);
    }
    sql += ") ORDER BY id";
    OG_ASSIGN(auto rows, tx.query(sql, params));
    for (const auto& r : rows) out[r.i64(0)] = r.text(1);  // later rows win
  }
  return out;
}

Result<AddressPlace> place_address(store::Tx& tx, std::string_view address) {
  AddressPlace out;
  if (address.empty()) return out;
  OG_ASSIGN(auto rows, tx.query("SELECT id, kind, name FROM org_unit WHERE active = 1 AND kind IN "
                                "('grid', 'community') ORDER BY id"));
  std::size_t best_grid = 0, best_community = 0;
  for (const auto& r : rows) {
    const std::string name = r.text(2);
    if (name.empty() || address.find(name) == std::string_view::npos) continue;
    if (r.text(1) == "grid" && name.size() > best_grid) {
      best_grid = name.size();
      out.grid_id = r.i64(0);
    } else if (r.text(1) == "community" && name.size() > best_community) {
      best_community = name.size();
      out.community_id = r.i64(0);
    }
  }
  return out;
}

}  // namespace onegrid::events::open311
