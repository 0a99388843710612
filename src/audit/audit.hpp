#pragma once
// The append-only audit log: every write that matters records who (user, role, org unit), what
// (action, object, before/after summary), when and from where (request id, client address).
// Entries are appended inside the same transaction as the write they describe.

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "org/scope.hpp"
#include "store/store.hpp"

namespace onegrid::audit {

// Who is acting, and through which request; carried into every audited write.
struct Actor {
  std::int64_t user_id = 0;  // 0: the system itself (CLI, scheduler, anonymous login attempt)
  std::string username;
  std::string role;
  std::int64_t org_id = 0;
  std::string org_path;
  std::string request_id;
  std::string client_addr;
  static Actor system(std::string what) {
    return Actor{0, std::move(what), "system", 0, "", "", ""};
  }
};

struct Entry {
  std::int64_t id = 0;
  std::int64_t at = 0;  // ms since epoch, UTC
  Actor actor;
  std::string action;       // dotted: org.create, user.grant, auth.login …
  std::string object_type;  // org_unit, user, session …
  std::string object_id;
  boost::json::value summary;  // {"before":…, "after":…}; never personal data or secrets
};

// Appends one entry; `object_path` scopes the record (defaults to the actor's org path).
Status append(store::Tx& tx, const Actor& actor, std::string_view action,
              std::string_view object_type, std::string_view object_id,
              const boost::json::value& summary, std::string_view object_path = {});

struct Query {
  std::optional<std::int64_t> user_id;
  std::optional<std::string> username;
  std::optional<std::string> action;  // exact, or a prefix ending in '.', e.g. "org."
  std::optional<std::string> object_type;
  std::optional<std::string> object_id;
  std::optional<std::int64_t> from;       // inclusive, ms
  std::optional<std::int64_t> to;         // exclusive, ms
  std::optional<std::int64_t> before_id;  // keyset cursor: entries with id < before_id
  int limit = 50;
};

struct Page {
  std::vector<Entry> entries;  // newest first
  std::optional<std::int64_t> next_before_id;
};

// Entries whose org path lies in `scope` (entries with no org path: sysadmins only).
Result<Page> query(store::Tx& tx, const org::Scope& scope, const Query& q);

// Deletes entries older than `cutoff_ms`; returns how many. The one sanctioned delete.
Result<std::int64_t> purge(store::Store& store, std::int64_t cutoff_ms);

boost::json::value to_json(const Entry& e);

}  // namespace onegrid::audit
