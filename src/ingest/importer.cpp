// Importing department extracts as a job; see importer.hpp. The row loop of each file lives
// in Applier (applier.hpp).
#include "ingest/importer.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "auth/sodium.hpp"
#include "base/file.hpp"
#include "ingest/applier.hpp"
#include "ingest/batch_queue.hpp"
#include "ingest/bulk_indexes.hpp"
#include "ingest/change_log.hpp"
#include "ingest/delimited.hpp"
#include "ingest/normalize.hpp"
#include "ingest/register_view.hpp"
#include "ingest/shared_tx.hpp"
#include "ingest/sources.hpp"
#include "people/masking.hpp"
#include "store/bulk_insert.hpp"

namespace onegrid::ingest {
namespace json = boost::json;
using store::Value;

namespace {

using Clock = std::chrono::steady_clock;

// Adds the time since `from` to `into` and restarts `from`.
void lap(Clock::time_point& from, double& into) {
  const auto now = Clock::now();
  into += std::chrono::duration<double>(now - from).count();
  from = now;
}

constexpr const char* kDryRunCode = "import.dry_run";

bool looks_like_housing(const HeaderMap& map, std::string_view source) {
  return source == "housing" || map.column(Field::owner_name) || map.column(Field::room_use);
}

Result<std::string> read_file(const std::string& path) {
  auto bytes = read_whole_file(path);
  if (!bytes) return invalid_input("import.file", "cannot read " + path, "file");
  return std::move(*bytes);
}

// A data row as the reading thread hands it over: cleaned and prepared, or the key of a row that
// could not be imported; with its issues.
struct ReadRow {
  std::size_t index = 0;
  std::optional<PreparedRow> row;
  std::string key;
  std::vector<RowIssue> issues;
};
constexpr std::size_t kRowsPerBatch = 512;
constexpr std::size_t kBatchesAhead = 8;

// Everything an import job shares across its files: the sources' policies, the scope, the
// in-memory view of the register and the deferred indexes.
struct Job {
  store::Tx& tx;
  const people::PiiVault& vault;
  const ImportOptions& opt;  // scope, user, time, thresholds, limits; not source/file/mapping
  std::map<std::string, SourcePolicy> sources;
  RegisterView view;
};

// Decodes the extract to UTF-8 text: in place when it is UTF-8 already (a copy of a 250 MB
// extract is 250 MB of peak memory); GBK and GB18030 are converted into `converted`.
Result<std::string_view> decode_extract(const Extract& file, std::string_view bytes,
                                        const std::optional<Mapping>& mapping, ImportReport& rep,
                                        std::string& converted) {
  const Encoding detected = detect_encoding(bytes);
  Encoding enc = detected;
  if (file.encoding) {
    enc = *file.encoding;
  } else if (mapping && mapping->encoding) {
    auto e = parse_encoding(*mapping->encoding);
    if (!e) return invalid_input("import.mapping_field", "unknown encoding in mapping", "mapping");
    enc = *e;
  }
  rep.encoding = std::string(encoding_code(enc));
  if (enc == Encoding::utf8 && detected == Encoding::utf8) return bytes;
  if (enc == Encoding::utf8_bom && detected == Encoding::utf8_bom &&
      detect_encoding(bytes.substr(3)) == Encoding::utf8)
    return bytes.substr(3);
  OG_ASSIGN(converted, to_utf8(bytes, enc));
  return std::string_view(converted);
}

// One file of a job: its batch, its rows, its counts.
Status import_file(Job& job, const Extract& file, std::string_view bytes, ImportReport& rep) {
  store::Tx& tx = job.tx;
  // The file's SHA-256 (for the batch list) is worked out alongside the import.
  std::string sha256;
  std::jthread hasher([&] { sha256 = auth::sha256_hex(bytes); });
  auto& ph = rep.phases;
  auto at = Clock::now();
  auto src_it = job.sources.find(file.source);
  if (src_it == job.sources.end()) {
    OG_ASSIGN(SourcePolicy found, get_source(tx, file.source));  // its not-found error
    src_it = job.sources.emplace(found.code, std::move(found)).first;
  }
  const SourcePolicy& src = src_it->second;
  std::optional<Mapping> mapping = file.mapping;
  if (!mapping && !src.mapping_toml.empty()) {
    OG_ASSIGN(Mapping m, parse_mapping(src.mapping_toml));
    mapping = std::move(m);
  }
  std::string converted;
  OG_ASSIGN(std::string_view text, decode_extract(file, bytes, mapping, rep, converted));
  const char delim = detect_delimiter(text);

  // header first: it decides the columns before any row is read
  std::vector<std::string> header;
  OG_TRY(for_each_row(text, delim, [&](std::size_t, std::span<const std::string> f) {
    header.assign(f.begin(), f.end());
    return false;
  }));
  if (header.empty()) return invalid_input("import.empty", "the file has no header", "file");
  if (mapping && mapping->key_column) mapping->columns[*mapping->key_column] = Field::record_key;
  HeaderMap map = map_headers(header, mapping ? &*mapping : nullptr);
  for (const auto& [field, col] : map.columns)
    rep.columns.emplace_back(header[col], std::string(field_code(field)));
  rep.ignored_columns = map.ignored;
  const bool housing = looks_like_housing(map, src.code);
  if (housing ? !map.column(Field::actual_address)
              : !map.column(Field::name) && !map.column(Field::id_number))
    return invalid_input("import.no_columns",
                         housing ? "no address column (房屋坐落 / 房屋地址)"
                                 : "neither a name nor an ID number column (姓名 / 身份证号)",
                         "file");
  lap(at, ph.load);  // decoding, the header
  OG_TRY(job.view.load_records(tx, src.code));
  lap(at, ph.load);
  const ImportOptions& opt = job.opt;
  OG_ASSIGN(
      std::int64_t batch,
      tx.insert("INSERT INTO import_batch (source, file_name, file_sha256, encoding,"
                " state, org_id, org_path, created_by, created_at)"
                " VALUES (?, ?, ?, ?, 'committed', ?, ?, ?, ?) RETURNING id",
                {src.code, file.file_name, std::string(), rep.encoding,
                 opt.org_id ? Value(static_cast<long long>(opt.org_id)) : Value(), opt.org_path,
                 opt.user_id ? Value(static_cast<long long>(opt.user_id)) : Value(), opt.now_ms}));
  // Matching runs on its own thread; this (the transaction's) thread writes what it hands over.
  SharedTx shared(tx);
  Applier applier(shared, job.view, src, job.sources, opt, rep, batch);
  OG_TRY(applier.start());
  lap(at, ph.write);
  RowContext ctx{&map, opt.today, housing};
  const auto key_column = map.column(Field::record_key);

  // The file is read, cleaned and its identifiers sealed on a thread of its own, a batch at a
  // time.
  BatchQueue<ReadRow> queue(kBatchesAhead);
  Status read = ok_status();
  double reading = 0;
  std::thread reader([&] {
    auto from = Clock::now();
    std::vector<ReadRow> batch;
    read = for_each_row(text, delim, [&](std::size_t index, std::span<const std::string> f) {
      if (index == 0) return true;
      ReadRow r;
      r.index = index;
      if (auto row = clean_row(f, index, ctx, r.issues)) {
        r.row = prepare_row(std::move(*row), job.vault);
      } else {
        r.key = key_column && *key_column < f.size() ? clean_cell(f[*key_column])
                                                     : std::to_string(index);
      }
      batch.push_back(std::move(r));
      if (batch.size() < kRowsPerBatch) return true;
      lap(from, reading);
      const bool more = queue.push(std::exchange(batch, {}));
      from = Clock::now();
      return more;
    });
    if (!batch.empty()) queue.push(std::move(batch));
    lap(from, reading);
    queue.finish();
  });
  Status loop = ok_status();
  std::thread matcher([&] {
    auto from = Clock::now();
    while (auto batch = queue.pop()) {
      lap(from, ph.wait);
      for (auto& r : *batch) {
        for (auto& is : r.issues) {
          (is.error ? rep.errors : rep.warnings) += 1;
          if (rep.issues.size() < opt.max_issues) rep.issues.push_back(std::move(is));
        }
        loop = r.row ? applier.apply(*r.row) : applier.record_error(r.index, r.key);
        if (!loop) break;
      }
      if (loop) loop = applier.flush_when_full();
      lap(from, ph.match);
      if (!loop) {
        queue.cancel();
        break;
      }
    }
    if (loop) loop = applier.finish();
    lap(from, ph.match);
    shared.close();
  });
  Status served = shared.serve();
  matcher.join();
  reader.join();
  ph.write += shared.busy_seconds();
  ph.clean += reading;
  OG_TRY(read);
  OG_TRY(loop);
  OG_TRY(served);
  at = Clock::now();
  if (rep.rows_total == 0) return invalid_input("import.empty", "the file has no rows", "file");
  hasher.join();
  OG_TRY(
      tx.exec("UPDATE import_batch SET rows_total = ?, rows_new = ?, rows_merged = ?,"
              " rows_updated = ?, rows_same = ?, rows_review = ?, rows_error = ?,"
              " file_sha256 = ? WHERE id = ?",
              {static_cast<long long>(rep.rows_total), static_cast<long long>(rep.rows_new),
               static_cast<long long>(rep.rows_merged), static_cast<long long>(rep.rows_updated),
               static_cast<long long>(rep.rows_same), static_cast<long long>(rep.rows_review),
               static_cast<long long>(rep.rows_error), sha256, batch}));
  lap(at, ph.write);
  rep.batch_id = batch;
  return ok_status();
}

}  // namespace

Result<std::vector<ImportReport>> import_extracts(store::Store& store,
                                                  const people::PiiVault& vault,
                                                  std::span<const Extract> files,
                                                  const ImportOptions& opt) {
  std::vector<ImportReport> reps(files.size());
  if (files.empty()) return invalid_input("import.empty", "no file to import", "file");
  for (std::size_t i = 0; i < files.size(); ++i) {
    reps[i].dry_run = opt.dry_run;
    reps[i].source = files[i].source;
    if (files[i].bytes.empty() && files[i].path.empty())
      return invalid_input("import.empty", "the file is empty", "file");
  }
  auto at = Clock::now();
  auto mark = at;  // each file's wall time: reps[i].seconds
  Clock::time_point done_at;
  Status st = store.write([&](store::Tx& tx) -> Status {
    // Persons no room places are scoped to the importer's unit, by default the whole district.
    ImportOptions scoped = opt;
    if (scoped.org_path.empty()) {
      OG_ASSIGN(auto root, tx.query_one("SELECT id, path FROM org_unit WHERE parent_id IS NULL"
                                        " ORDER BY id LIMIT 1"));
      if (root) {
        scoped.org_id = root->i64(0);
        scoped.org_path = root->text(1);
      }
    }
    OG_ASSIGN(auto sources, list_sources(tx));
    OG_ASSIGN(RegisterView view, RegisterView::load(tx));
    Job job{tx, vault, scoped, {}, std::move(view)};
    for (auto& s : sources) job.sources[s.code] = std::move(s);
    lap(at, reps.front().phases.load);
    lap(mark, reps.front().seconds);
    // A first load (SQLite): from the first file that mostly adds people, the register's
    // secondary indexes are not maintained row by row but built once, at the end of the job
    // (the files after it need none: the import reads persons and records by id). A job that
    // only updates the persons already there keeps them: rebuilding would cost more.
    DeferredIndexes deferred;
    bool dropped = false;
    for (std::size_t i = 0; i < files.size(); ++i) {
      std::string read;  // a file given by path is held only while it is imported
      std::string_view bytes = files[i].bytes;
      if (bytes.empty()) {
        OG_ASSIGN(read, read_file(files[i].path));
        bytes = read;
      }
      if (bytes.empty()) return invalid_input("import.empty", "the file is empty", "file");
      lap(at, reps[i].phases.load);
      const std::size_t lines = estimate_rows(bytes);
      const bool first_load =
          lines >= opt.defer_indexes_from_rows && lines > 2 * job.view.person_count();
      if (first_load && !dropped) {
        // residents per community (KPIs): one key per community, appended to in id order
        OG_TRY(deferred.drop(tx, {"person", "import_record"}, {"person_community_live"}));
        dropped = true;
      }
      lap(at, reps[i].phases.indexes);
      if (Status one = import_file(job, files[i], bytes, reps[i]); !one) {
        Error e = one.error();
        if (files.size() > 1) e.message = files[i].file_name + ": " + e.message;
        return e;
      }
      at = Clock::now();
      lap(mark, reps[i].seconds);
    }
    // The view is no longer needed: a million persons' worth of small allocations is freed on
    // another thread while this one builds the indexes.
    std::thread release([view = std::move(job.view)]() mutable { view = RegisterView(); });
    Status rebuilt = deferred.rebuild(tx);
    release.join();
    OG_TRY(rebuilt);
    lap(at, reps.back().phases.indexes);
    lap(mark, reps.back().seconds);
    done_at = Clock::now();
    if (opt.dry_run) return make_error(ErrorKind::conflict, kDryRunCode, "dry run: rolled back");
    return ok_status();
  });
  if (!st && !(opt.dry_run && st.error().code == kDryRunCode)) return st.error();
  // committing (or rolling back) and freeing the in-memory view
  if (done_at != Clock::time_point()) {
    lap(done_at, reps.back().phases.commit);
    reps.back().seconds += reps.back().phases.commit;
  }
  if (opt.dry_run)
    for (auto& rep : reps) rep.batch_id = 0;
  return reps;
}

Result<ImportReport> import_extract(store::Store& store, const people::PiiVault& vault,
                                    std::string_view bytes, const ImportOptions& opt) {
  const Extract file{bytes, {}, opt.source, opt.file_name, opt.encoding, opt.mapping};
  OG_ASSIGN(auto reps, import_extracts(store, vault, std::span<const Extract>(&file, 1), opt));
  return std::move(reps.front());
}

}  // namespace onegrid::ingest
