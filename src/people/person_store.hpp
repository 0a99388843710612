#pragma once
// Reading the register: person search (exact by blind-indexed ID number or phone, fuzzy by
// name or pinyin initials, by address), a person's card, households, and unmasking with an
// audited purpose. Every query is limited to the caller's scope; personal identifiers leave
// this module masked unless unmask_person is called.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "base/result.hpp"
#include "org/scope.hpp"
#include "people/id_number.hpp"
#include "people/pii_vault.hpp"
#include "store/store.hpp"

namespace onegrid::people {

// Which fields a role sees: department staff get what their work needs (masked name, birth
// year, no hukou or ethnicity); community-side roles see every field, identifiers masked.
enum class FieldProfile { full, limited };

struct Viewer {
  org::Scope scope;  // the caller's people.read scope
  FieldProfile profile = FieldProfile::full;
  Date today;
};

struct PersonFilter {
  std::string q;          // name (substring) or pinyin initials (ASCII letters)
  std::string id_number;  // exact, through the blind index
  std::string phone;      // exact, through the blind index
  std::string address;    // substring of the room's full name or the address as written
  std::optional<std::int64_t> room_id, household_id, community_id;
  std::string tag;             // a stored care tag, or elderly_60 / elderly_80 / living_alone
  std::string residence_type;  // registered | migrant | overseas
  std::string separation;      // here_hukou_elsewhere | hukou_here_away
  std::optional<std::int64_t> after;  // keyset cursor (person id)
  int limit = 50;
};

struct PersonSummary {
  std::int64_t id = 0;
  std::string name, gender, birth_date, id_masked, phone_masked;
  std::optional<int> age;
  std::string address;  // the room's standard full name, else the address as written
  std::optional<std::int64_t> room_id, household_id, community_id;
  std::string community_name, residence_type, relation;
  std::vector<std::string> tags;      // stored and derived
  bool here_hukou_elsewhere = false;  // 人在户不在
  bool hukou_here_away = false;       // 户在人不在
};

// Errors (invalid): "people.query" (bad id_number / phone / tag / residence_type).
Result<std::vector<PersonSummary>> search_persons(store::Tx& tx, const PiiVault& vault,
                                                  const Viewer& v, const PersonFilter& f);

// A person's card: summary, other fields, provenance, source records, household members and
// the change history. Errors: "people.not_found" (404, also when out of scope).
Result<boost::json::object> person_card(store::Tx& tx, const Viewer& v, std::int64_t id);

// Household with its members. Errors: "people.household_not_found".
Result<boost::json::object> household_card(store::Tx& tx, const Viewer& v, std::int64_t id);

// Decrypts the requested fields ("id_number", "phone") and appends an audit record
// (action person.unmask, the fields and the purpose, never the values).
// Errors: "people.not_found", "unmask.purpose" (purpose under 4 characters), "unmask.field".
Result<boost::json::object> unmask_person(store::Tx& tx, const PiiVault& vault,
                                          const org::Scope& unmask_scope, std::int64_t id,
                                          const std::vector<std::string>& fields,
                                          const std::string& purpose, const audit::Actor& actor);

boost::json::object to_json(const PersonSummary& p);

}  // namespace onegrid::people
