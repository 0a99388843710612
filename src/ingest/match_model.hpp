#pragma once
// Entity resolution for records without a usable ID number: a Fellegi–Sunter model.
// Each field comparison falls into an agreement level with m = P(level | same person) and
// u = P(level | different persons); the record pair's score is Σ log2(m/u). Pairs scoring at or
// above `merge_at` are the same person, below `separate_below` different, in between reviewed.
// Pure; the m/u values are documented in docs/register.md and tunable.

#include <optional>
#include <string>
#include <vector>

#include "people/id_number.hpp"

namespace onegrid::ingest {

// What the matcher compares (already normalised; phone as normalize_phone gives it,
// address_key as address_parse gives it).
struct MatchRecord {
  std::string name;
  std::string name_initials;  // pinyin_initials(name)
  std::optional<people::Date> birth;
  std::optional<char> gender;
  std::string phone;        // normalised or empty
  std::string address_key;  // "花家地西里|5|2|301" or empty
};

enum class Decision { merge, review, separate };

struct FieldScore {
  std::string field;  // "name", "birth_date", "gender", "phone", "address"
  std::string level;  // "exact", "similar", "initials", "disagree", "missing"
  double weight;      // log2(m/u); 0 for missing
};

struct MatchScore {
  double total = 0;
  Decision decision = Decision::separate;
  std::vector<FieldScore> fields;
};

struct MatchThresholds {
  double merge_at = 12.0;
  double separate_below = 4.0;
};

// Jaro–Winkler similarity over Unicode code points, 0..1.
double jaro_winkler(std::string_view a_utf8, std::string_view b_utf8);

MatchScore score_pair(const MatchRecord& a, const MatchRecord& b,
                      const MatchThresholds& t = MatchThresholds{});

}  // namespace onegrid::ingest
