#pragma once
// One data row of a department extract, cleaned and validated: the cells a header map points
// at become typed values (ID number checked, phone normalised, dates and addresses parsed, care
// words mapped to tags), and every problem becomes a RowIssue instead of a silent drop. Pure.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ingest/address_parse.hpp"
#include "ingest/fields.hpp"
#include "people/id_number.hpp"

namespace onegrid::ingest {

// Errors stop the row (it is not imported); warnings drop one value and keep the row.
struct RowIssue {
  std::size_t row_no = 0;  // 1-based data row
  std::string record_key;
  std::string field;  // field code, e.g. "id_number"
  std::string code;   // stable: "row.no_name", "id.check_digit", "phone.invalid" …
  std::string value;  // the offending cell, masked when it is an ID number or phone
  bool error = false;
};

struct CleanRow {
  std::size_t row_no = 0;
  std::string record_key;
  std::string name;
  std::string name_initials;
  std::optional<char> gender;
  std::optional<people::Date> birth;
  std::string ethnicity;
  std::string id_type;                 // resident_id | passport | other | ""
  std::optional<people::IdNumber> id;  // valid resident ID
  std::string other_id;                // a passport or other document number, as written
  std::string phone;                   // normalised, or empty
  std::string hukou_address;
  std::string actual_address;            // as written (cleaned)
  std::optional<ParsedAddress> address;  // parsed actual address (or the housing row's room)
  std::optional<people::Date> arrival;
  std::string residence_type;  // registered | migrant | overseas | ""
  std::string household_no;
  std::string relation;
  std::vector<std::string> tags;  // care and health tag codes
  // housing rows
  std::string room_use;  // owner_occupied | rented | vacant | commercial | other
  std::optional<double> area_m2;
  bool is_housing = false;
  // hash of the cleaned content: equal hashes mean re-importing the row changes nothing
  std::string content_hash;
};

struct RowContext {
  const HeaderMap* columns = nullptr;
  people::Date today;
  bool housing = false;  // rows describe rooms and their owners (房屋坐落, 产权人 …)
};

// Cleans one data row. Returns nullopt (with an error issue) when the row cannot be imported:
// no name and no ID number ("row.no_name"; housing rows may lack an owner), or a housing row
// without an address
// ("row.no_address"). Warnings for dropped values are appended to `issues`.
std::optional<CleanRow> clean_row(std::span<const std::string> cells, std::size_t row_no,
                                  const RowContext& ctx, std::vector<RowIssue>& issues);

// "户籍人口", "常住户籍", "本地" -> registered; "流动人口", "来京人员", "暂住", "外来" -> migrant;
// "境外人员", "外籍", "港澳台" -> overseas; else "".
std::string residence_type_from_word(std::string_view word);
// "自住", "自用" -> owner_occupied; "出租" -> rented; "空置", "闲置" -> vacant;
// "商用", "经营", "商业" -> commercial; anything else non-empty -> other.
std::string room_use_from_word(std::string_view word);

}  // namespace onegrid::ingest
