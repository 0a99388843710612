#pragma once
// 实有单位: organisations in the area (enterprises, shops, social organisations, public bodies)
// with a validated 统一社会信用代码, their address and an encrypted contact phone.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "base/result.hpp"
#include "org/scope.hpp"
#include "people/pii_vault.hpp"
#include "store/store.hpp"

namespace onegrid::people {

struct Organisation {
  std::int64_t id = 0;
  std::string name, uscc, org_type, address, contact_name, phone_masked;
  std::optional<std::int64_t> room_id, staff_count;
};

struct NewOrganisation {
  std::string name, uscc, org_type, address_text, contact_name, contact_phone;
  std::optional<std::int64_t> room_id, staff_count;
};

struct OrganisationFilter {
  std::string q;  // name substring or exact USCC
  std::optional<std::int64_t> after;
  int limit = 50;
};

Result<std::vector<Organisation>> list_organisations(store::Tx& tx, const org::Scope& scope,
                                                     const OrganisationFilter& f);

// Errors (invalid): "uscc.*", "organisation.name", "organisation.type", "phone.invalid",
// "organisation.room" (not a room in scope), "organisation.staff_count";
// (conflict) "organisation.uscc_exists".
Result<Organisation> create_organisation(store::Tx& tx, const PiiVault& vault,
                                         const org::Scope& scope, const NewOrganisation& n,
                                         const audit::Actor& actor, std::int64_t now_ms);

boost::json::object to_json(const Organisation& o);

}  // namespace onegrid::people
