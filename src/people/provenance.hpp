#pragma once
// How person.provenance records which department supplied each of a person's fields: a JSON
// object, field -> source code, where "*" names the source of every field not listed
// (`{"*":"police","phone":"civil"}`): a million persons' provenance and their change log stay
// small. Readers spell it out with expand_provenance.

#include <array>
#include <boost/json/object.hpp>
#include <string_view>

namespace onegrid::people {

// The fields provenance is kept for.
inline constexpr std::array<const char*, 12> kProvenanceFields = {
    "name",          "gender",         "birth_date",   "ethnicity", "id_number", "phone",
    "hukou_address", "residence_type", "arrival_date", "residence", "household", "relation"};

// Every field with its source, "*" resolved; {} for text that is not a JSON object.
boost::json::object expand_provenance(std::string_view stored);

}  // namespace onegrid::people
