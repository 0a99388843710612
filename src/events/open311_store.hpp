#pragma once
// Open311 in the store: the API clients and their keys (only a keyed BLAKE2b-256 hash of a key is
// stored; the hash key is a per-store random secret, table open311_secret), looking up events by
// token, the latest timeline notes for status_notes, and placing an address-only report.

#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::events::open311 {

struct Client {
  std::int64_t id = 0;
  std::string name;
  bool active = true;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> created_by;
  std::optional<std::int64_t> revoked_at;
};
boost::json::value to_json(const Client& c);  // never holds the key or its hash

struct IssuedClient {
  Client client;
  std::string api_key;  // shown once
};

// The stored form of an API key (creates the store's hash key on first use: call in a write
// transaction, or after one has run).
Result<std::string> key_hash(store::Tx& tx, std::string_view api_key);

// Issues a client with a fresh random key (or `fixed_key`, for the demo). Audited
// (open311.client_create). Errors: open311.invalid_name (400).
Result<IssuedClient> create_client(store::Tx& tx, const audit::Actor& actor, std::string name,
                                   std::optional<std::string> fixed_key = std::nullopt);
Result<std::vector<Client>> list_clients(store::Tx& tx);
// Revokes a client's key; revoking a revoked client changes nothing. Audited
// (open311.client_revoke). Errors: open311.client_not_found (404).
Result<Client> revoke_client(store::Tx& tx, const audit::Actor& actor, std::int64_t id);
// The client holding `api_key`, active or not; nullopt when no client does. Read-only.
Result<std::optional<Client>> find_client(store::Tx& tx, std::string_view api_key);
// The active client holding `api_key`. Errors (forbidden, 403): open311.api_key_required,
// open311.invalid_api_key (unknown or revoked).
Result<Client> authenticate(store::Tx& tx, std::string_view api_key);

// The event filed through Open311 under `token`, if any.
Result<std::optional<std::int64_t>> event_for_token(store::Tx& tx, std::string_view token);
// The latest non-empty timeline note of each event (events without one are absent).
Result<std::map<std::int64_t, std::string>> latest_notes(store::Tx& tx,
                                                         const std::vector<std::int64_t>& ids);

// Where an address-only report goes: the active grid, else community, whose name occurs in the
// address (the longest name wins). Both empty when none does.
struct AddressPlace {
  std::optional<std::int64_t> grid_id, community_id;
};
Result<AddressPlace> place_address(store::Tx& tx, std::string_view address);

}  // namespace onegrid::events::open311
