// Register sub-commands: `import` (department extracts), `import-batch list|rollback`, and
// `export person-links`.

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.hpp"
#include "app/setup.hpp"
#include "base/clock.hpp"
#include "base/file.hpp"
#include "ingest/importer.hpp"
#include "ingest/link_score.hpp"
#include "ingest/report_json.hpp"
#include "ingest/rollback.hpp"
#include "people/calendar.hpp"
#include "people/pii_vault.hpp"

namespace onegrid::app {
namespace {

struct ImportArgs {
  std::vector<std::string> sources;  // one for every file, or one per file
  std::string mapping;
  std::string encoding;
  bool dry_run = false;
  bool json = false;
  std::vector<std::string> files;
};

struct ExportArgs {
  std::string format = "csv";
  std::string out;
};

Result<std::string> read_file(const std::string& path) {
  auto bytes = read_whole_file(path);
  if (!bytes) return invalid_input("import.file", "cannot read " + path, "file");
  return std::move(*bytes);
}

void print_report(const std::string& file, const ingest::ImportReport& r) {
  std::printf("%s: %s%s, %zu rows in %.2f s (encoding %s)\n", file.c_str(),
              r.dry_run ? "dry run" : "batch ", r.dry_run ? "" : std::to_string(r.batch_id).c_str(),
              r.rows_total, r.seconds, r.encoding.c_str());
  std::printf("  new %zu, merged %zu, updated %zu, unchanged %zu, review %zu, errors %zu\n",
              r.rows_new, r.rows_merged, r.rows_updated, r.rows_same, r.rows_review, r.rows_error);
  std::printf("  address not matched %zu, uncertain matches %zu, warnings %zu\n",
              r.address_unmatched, r.match_review, r.warnings);
  const auto& p = r.phases;
  std::printf(
      "  time: load %.2f s, match %.2f s, write %.2f s, indexes %.2f s, commit %.2f s;"
      " alongside: read and clean %.2f s (waited for %.2f s)\n",
      p.load, p.match, p.write, p.indexes, p.commit, p.clean, p.wait);
  std::size_t shown = 0;
  for (const auto& i : r.issues) {
    if (++shown > 20) {
      std::printf("  … %zu more issues\n", r.warnings + r.errors - 20);
      break;
    }
    std::printf("  row %zu (%s) %s %s: %s %s\n", i.row_no, i.record_key.c_str(),
                i.error ? "error" : "warning", i.field.c_str(), i.code.c_str(), i.value.c_str());
  }
}

int run_import(const Config& cfg, const ImportArgs& args) {
  setup_logging(cfg);
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  auto keys = load_keys(cfg);
  if (!keys) return fail(keys.error());
  people::PiiVault vault(keys->data_key, keys->index_key);
  if (args.sources.size() != 1 && args.sources.size() != args.files.size())
    return fail(
        invalid_input("import.sources", "give --source once for every file, or once per file"));
  ingest::ImportOptions opt;
  opt.dry_run = args.dry_run;
  std::optional<ingest::Encoding> encoding;
  if (!args.encoding.empty()) {
    encoding = ingest::parse_encoding(args.encoding);
    if (!encoding) return fail(invalid_input("import.encoding", "unknown encoding"));
  }
  std::optional<ingest::Mapping> mapping;
  if (!args.mapping.empty()) {
    auto m = ingest::load_mapping(args.mapping);
    if (!m) return fail(m.error());
    mapping = std::move(m).value();
  }
  // Each file is read when its turn comes, and let go after.
  std::vector<ingest::Extract> files;
  for (std::size_t i = 0; i < args.files.size(); ++i)
    files.push_back(ingest::Extract{{},
                                    args.files[i],
                                    args.sources[args.sources.size() == 1 ? 0 : i],
                                    std::filesystem::path(args.files[i]).filename().string(),
                                    encoding,
                                    mapping});
  opt.now_ms = now_ms();
  opt.today = people::china_date(opt.now_ms);
  auto reps = ingest::import_extracts(**st, vault, files, opt);
  if (!reps) {
    std::fprintf(stderr, "onegrid: %s (%s)\n", reps.error().message.c_str(),
                 reps.error().code.c_str());
    return 1;
  }
  double seconds = 0;
  std::size_t rows = 0;
  for (std::size_t i = 0; i < reps->size(); ++i) {
    const auto& rep = (*reps)[i];
    seconds += rep.seconds;
    rows += rep.rows_total;
    if (args.json)
      std::printf("%s\n", boost::json::serialize(ingest::report_json(rep)).c_str());
    else
      print_report(args.files[i], rep);
  }
  if (!args.json && reps->size() > 1)
    std::printf("together: %zu files, %zu rows in %.2f s, %s\n", reps->size(), rows, seconds,
                args.dry_run ? "rolled back (dry run)" : "committed");
  return 0;
}

int run_batches(const Config& cfg) {
  setup_logging(cfg);
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  auto s = (*st)->read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto rows, tx.query("SELECT id, source, file_name, state, rows_total, rows_new,"
                                  " rows_merged, rows_updated, rows_review, rows_error"
                                  " FROM import_batch ORDER BY id"));
    std::printf("%6s %-8s %-12s %-24s %8s %8s %8s %8s %8s %8s\n", "batch", "source", "state",
                "file", "rows", "new", "merged", "updated", "review", "errors");
    for (const auto& r : rows)
      std::printf("%6lld %-8s %-12s %-24s %8lld %8lld %8lld %8lld %8lld %8lld\n",
                  static_cast<long long>(r.i64(0)), r.text(1).c_str(), r.text(3).c_str(),
                  r.text(2).c_str(), static_cast<long long>(r.i64(4)),
                  static_cast<long long>(r.i64(5)), static_cast<long long>(r.i64(6)),
                  static_cast<long long>(r.i64(7)), static_cast<long long>(r.i64(8)),
                  static_cast<long long>(r.i64(9)));
    return ok_status();
  });
  return s ? 0 : fail(s.error());
}

int run_rollback(const Config& cfg, std::int64_t batch) {
  setup_logging(cfg);
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  ingest::RollbackReport rep;
  auto s = (*st)->write([&](store::Tx& tx) -> Status {
    OG_ASSIGN(rep, ingest::rollback_batch(tx, batch, 0, now_ms()));
    return ok_status();
  });
  if (!s) return fail(s.error());
  std::printf(
      "batch %lld rolled back: %lld values restored, %lld persons and %lld records"
      " removed, %lld kept (changed since)\n",
      static_cast<long long>(batch), static_cast<long long>(rep.restored),
      static_cast<long long>(rep.removed_persons), static_cast<long long>(rep.removed_records),
      static_cast<long long>(rep.kept));
  return 0;
}

int run_export_links(const Config& cfg, const ExportArgs& args) {
  setup_logging(cfg);
  if (args.format != "csv" && args.format != "tsv")
    return fail(invalid_input("export.format", "formats: csv, tsv"));
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  std::FILE* out = stdout;
  if (!args.out.empty() && !(out = std::fopen(args.out.c_str(), "wb")))
    return fail(invalid_input("export.file", "cannot write " + args.out));
  const char sep = args.format == "csv" ? ',' : '\t';
  auto quote = [&](const std::string& s) {
    if (sep == '\t' || s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  auto s = (*st)->read([&](store::Tx& tx) -> Status {
    // A person merged into another is reported as the survivor.
    OG_ASSIGN(auto rows, tx.query("SELECT r.source, r.record_key,"
                                  " COALESCE(p.merged_into, r.person_id)"
                                  " FROM import_record r LEFT JOIN person p ON p.id = r.person_id"
                                  " ORDER BY r.source, r.id"));
    std::fprintf(out, "source%crecord_key%cperson_id\n", sep, sep);
    for (const auto& r : rows)
      std::fprintf(out, "%s%c%s%c%s\n", r.text(0).c_str(), sep, quote(r.text(1)).c_str(), sep,
                   r.is_null(2) ? "" : std::to_string(r.i64(2)).c_str());
    return ok_status();
  });
  if (out != stdout) std::fclose(out);
  return s ? 0 : fail(s.error());
}

int run_score(const std::string& truth_file, const std::string& links_file) {
  auto truth = read_file(truth_file);
  if (!truth) return fail(truth.error());
  auto links = read_file(links_file);
  if (!links) return fail(links.error());
  auto s = ingest::score_links(*truth, *links);
  if (!s) return fail(s.error());
  std::printf(
      "records %lld, true pairs %lld, found pairs %lld, correct %lld\n"
      "precision %.4f recall %.4f F1 %.4f\n",
      static_cast<long long>(s->records), static_cast<long long>(s->true_pairs),
      static_cast<long long>(s->found_pairs), static_cast<long long>(s->correct_pairs),
      s->precision, s->recall, s->f1);
  return 0;
}

}  // namespace

void add_register_commands(CLI::App& app, Config& cfg) {
  static ImportArgs import_args;
  static ExportArgs export_args;
  static std::int64_t batch_id = 0;

  auto* imp = app.add_subcommand(
      "import", "Import department extracts (CSV/TSV; UTF-8, GBK or GB18030) into the register");
  add_store_options(*imp, cfg);
  imp->add_option("--source", import_args.sources,
                  "police, civil, health, housing or an added one: once for every file, or once"
                  " per file in order (--source police,civil a.csv b.csv)")
      ->required()
      ->allow_extra_args(false)
      ->delimiter(',');
  imp->add_option("--mapping", import_args.mapping, "TOML header mapping (default: synonyms)");
  imp->add_option("--encoding", import_args.encoding, "utf-8, gbk or gb18030 (default: detect)");
  imp->add_flag("--dry-run", import_args.dry_run, "Report what would change; change nothing");
  imp->add_flag("--json", import_args.json, "Print each report as JSON");
  imp->add_option("files", import_args.files,
                  "Extract files; several are imported together (one transaction, a batch each)")
      ->required()
      ->check(CLI::ExistingFile);
  imp->final_callback([&cfg, imp] {
    if (auto st = finalize(*imp, cfg); !st) {
      std::fprintf(stderr, "onegrid: %s\n", st.error().message.c_str());
      std::exit(2);
    }
    std::exit(run_import(cfg, import_args));
  });

  auto* batches = app.add_subcommand("import-batch", "List or roll back import batches");
  batches->require_subcommand(1);
  auto* list = batches->add_subcommand("list", "List import batches");
  add_store_options(*list, cfg);
  list->final_callback([&cfg, list] {
    if (auto st = finalize(*list, cfg); !st) std::exit(2);
    std::exit(run_batches(cfg));
  });
  auto* rollback = batches->add_subcommand("rollback", "Undo a committed import batch");
  add_store_options(*rollback, cfg);
  rollback->add_option("batch", batch_id, "Batch id")->required();
  rollback->final_callback([&cfg, rollback] {
    if (auto st = finalize(*rollback, cfg); !st) std::exit(2);
    std::exit(run_rollback(cfg, batch_id));
  });

  static std::string truth_file, links_file;
  auto* score = app.add_subcommand(
      "score-links", "Pairwise precision/recall/F1 of person links against a generator's truth");
  score->add_option("--truth", truth_file, "truth.csv from bench-data people")
      ->required()
      ->check(CLI::ExistingFile);
  score->add_option("--links", links_file, "person-links CSV from export person-links")
      ->required()
      ->check(CLI::ExistingFile);
  score->final_callback([] { std::exit(run_score(truth_file, links_file)); });

  auto* exp = app.add_subcommand("export", "Export register data");
  exp->require_subcommand(1);
  auto* links = exp->add_subcommand(
      "person-links", "source,record_key,person_id for every imported row (audit of merges)");
  add_store_options(*links, cfg);
  links->add_option("--format", export_args.format, "csv or tsv")->capture_default_str();
  links->add_option("--out", export_args.out, "Output file (default: standard output)");
  links->final_callback([&cfg, links] {
    if (auto st = finalize(*links, cfg); !st) std::exit(2);
    std::exit(run_export_links(cfg, export_args));
  });
}

}  // namespace onegrid::app
