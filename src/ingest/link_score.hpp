#pragma once
// Pairwise precision, recall and F1 of a merge against ground truth: two records are a pair
// when they belong to one person; a predicted pair is right when the truth pairs them too.
// Used by the register benchmark to score `export person-links` against the generator's
// truth.csv. Pure.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace onegrid::ingest {

struct LinkScore {
  std::int64_t records = 0;        // records in both files
  std::int64_t true_pairs = 0;     // pairs the truth has
  std::int64_t found_pairs = 0;    // pairs the merge made
  std::int64_t correct_pairs = 0;  // pairs in both
  double precision = 0, recall = 0, f1 = 0;
};

// Both are CSV texts with a header: truth "source,record_key,person_key", links
// "source,record_key,person_id" (an empty person_id is a record of its own).
// Errors (invalid): "score.format".
Result<LinkScore> score_links(std::string_view truth_csv, std::string_view links_csv);

}  // namespace onegrid::ingest
