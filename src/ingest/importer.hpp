#pragma once
// Imports one department extract into the register: decode, map headers, clean rows, match each
// row to a person (exact on the blind-indexed ID number, else the Fellegi–Sunter model over
// name, birth date, gender, phone and address), merge field values by the source's priorities,
// place people in rooms, and record everything as one batch that can be listed and rolled back.
// A dry run does all of it inside a transaction that is then rolled back, so its report is
// exactly what a commit would do.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "ingest/decode.hpp"
#include "ingest/extract_row.hpp"
#include "ingest/fields.hpp"
#include "ingest/match_model.hpp"
#include "people/pii_vault.hpp"
#include "store/store.hpp"

namespace onegrid::ingest {

struct ImportOptions {
  std::string source;                // import_source.code
  std::string file_name;             // for the batch list
  std::optional<Encoding> encoding;  // override detection
  std::optional<Mapping> mapping;    // override the source's default mapping
  bool dry_run = false;
  std::int64_t org_id = 0;  // scope the batch is imported into (0: the whole register)
  std::string org_path;     // its path; persons without a matched room get it
  std::int64_t user_id = 0;
  std::int64_t now_ms = 0;
  people::Date today;
  MatchThresholds thresholds;
  std::size_t max_issues = 1000;  // issues listed in the report (all are counted)
  std::size_t max_changes = 200;  // sample of changes listed in the report
  // From this many lines, and more than twice as many as the register has persons, a file's
  // import (SQLite) builds the register's secondary indexes once at the end instead of
  // maintaining them row by row (ingest/bulk_indexes.hpp).
  std::size_t defer_indexes_from_rows = 200'000;
};

// One change the import makes (or would make), for the dry-run report. Values of ID numbers
// and phones are masked.
struct ChangeSample {
  std::size_t row_no = 0;
  std::string record_key;
  std::int64_t person_id = 0;
  std::string field;
  std::string before;
  std::string after;
};

struct ImportReport {
  std::int64_t batch_id = 0;  // 0 for a dry run
  bool dry_run = false;
  std::string source;
  std::string encoding;
  std::vector<std::pair<std::string, std::string>> columns;  // header -> field code
  std::vector<std::string> ignored_columns;
  std::size_t rows_total = 0, rows_new = 0, rows_merged = 0, rows_updated = 0, rows_same = 0,
              rows_review = 0, rows_error = 0;
  std::size_t address_unmatched = 0;  // rows whose address went to the review queue
  std::size_t match_review = 0;       // uncertain person pairs queued
  std::size_t warnings = 0, errors = 0;
  std::vector<RowIssue> issues;  // first max_issues
  std::vector<ChangeSample> changes;
  double seconds = 0;
  // Where the time went, in seconds (for benchmarks): loading the register's in-memory view,
  // reading and cleaning rows, matching and merging them (with the reads and updates that
  // needs), writing new rows, rebuilding deferred indexes, and committing.
  // Reading and cleaning run on a second thread, alongside the rest: `wait` is the time the
  // writer waited for it.
  struct Phases {
    double load = 0, clean = 0, wait = 0, match = 0, write = 0, indexes = 0, commit = 0;
  } phases;
};

// Errors: "import.unknown_source" (404), "import.encoding", "import.empty",
// "import.no_columns" (neither a name nor an ID number column; for housing, no address
// column), "import.mapping_*" (422).
Result<ImportReport> import_extract(store::Store& store, const people::PiiVault& vault,
                                    std::string_view bytes, const ImportOptions& options);

// One file of a job of several (e.g. the four departments' extracts of a district).
struct Extract {
  std::string_view bytes;  // or, when empty, the file at `path`, read when its turn comes
  std::string path;
  std::string source;  // import_source.code
  std::string file_name;
  std::optional<Encoding> encoding;  // override detection
  std::optional<Mapping> mapping;    // override the source's default mapping
};

// Imports several extracts, in order, as one job: one transaction (all of them or none), one
// in-memory view of the register, and for a first load one index rebuild at the end. Each
// file is its own batch, listed and rolled back on its own; each gets its report (the job's
// load, index and commit time are counted in the first and last). `options` gives everything
// but the per-file fields (source, file_name, encoding, mapping), which come from `files`.
Result<std::vector<ImportReport>> import_extracts(store::Store& store,
                                                  const people::PiiVault& vault,
                                                  std::span<const Extract> files,
                                                  const ImportOptions& options);

}  // namespace onegrid::ingest
