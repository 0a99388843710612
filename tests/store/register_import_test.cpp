// The 一标三实 import on real stores: dry run changes nothing, a commit creates persons in their
// rooms with households, re-importing the same file changes nothing, a second source merges by
// ID number and by the match model with field priorities, unmatched addresses and uncertain
// pairs go to the review queue, batches roll back, merges undo, unmasking is audited.

#include <iconv.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>

#include "auth/sodium.hpp"
#include "base/file.hpp"
#include "demo/address_seed.hpp"
#include "demo/people_extracts.hpp"
#include "demo/seed.hpp"
#include "ingest/importer.hpp"
#include "ingest/link_score.hpp"
#include "ingest/review.hpp"
#include "ingest/rollback.hpp"
#include "people/calendar.hpp"
#include "people/person_store.hpp"
#include "store_fixture.hpp"

namespace onegrid::store::testing {
namespace {

namespace json = boost::json;

std::string id_number(const std::string& first17) {
  return first17 + demo::id_check_char(first17);
}

std::string to_gbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* o = out.data();
  iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

std::array<unsigned char, 32> key(unsigned char fill) {
  std::array<unsigned char, 32> k{};
  k.fill(fill);
  return k;
}

class RegisterImport : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_TRUE(migrate(*store_));
    ASSERT_TRUE(demo::seed_demo(*store_, 1));
    demo::AddressSeedOptions ao;
    ao.rooms_per_grid = 8;
    auto seeded = demo::seed_addresses(*store_, ao);
    ASSERT_TRUE(seeded) << describe(seeded.error());
    auto rooms = demo::list_rooms(*store_);
    ASSERT_TRUE(rooms);
    ASSERT_GE(rooms->size(), 4u);
    rooms_ = std::move(rooms).value();
  }

  std::string addr(std::size_t i) const {  // 花家地西里5号楼2单元301
    const auto& r = rooms_[i];
    return r.estate + std::to_string(r.building) + "号楼" + std::to_string(r.unit) + "单元" +
           r.room;
  }
  std::string addr_dashed(std::size_t i) const {  // 花家地西里5-2-301
    const auto& r = rooms_[i];
    return r.estate + std::to_string(r.building) + "-" + std::to_string(r.unit) + "-" + r.room;
  }

  Result<ingest::ImportReport> run(const std::string& source, const std::string& bytes,
                                   bool dry_run = false, std::size_t defer_indexes_from = 200'000) {
    ingest::ImportOptions o;
    o.defer_indexes_from_rows = defer_indexes_from;
    o.max_changes = max_changes_;
    o.source = source;
    o.file_name = source + ".csv";
    o.dry_run = dry_run;
    o.now_ms = 1'780'000'000'000;
    o.today = people::china_date(o.now_ms);
    return ingest::import_extract(*store_, vault_, bytes, o);
  }

  std::int64_t scalar(const std::string& sql, std::initializer_list<Value> params = {}) {
    std::int64_t v = -1;
    auto st = store_->read([&](Tx& tx) -> Status {
      OG_ASSIGN(auto r, one_row(tx, sql, params));
      v = r.i64(0);
      return ok_status();
    });
    EXPECT_TRUE(st) << describe(st.error());
    return v;
  }

  // Rolls a batch back (as user 0); the report, or the error.
  Result<ingest::RollbackReport> rollback(std::int64_t batch_id,
                                          std::int64_t at_ms = 1'780'000'001'000) {
    Result<ingest::RollbackReport> out = internal_error("test.unset", "not run");
    auto st = store_->write([&](Tx& tx) -> Status {
      OG_ASSIGN(auto r, ingest::rollback_batch(tx, batch_id, 0, at_ms));
      out = std::move(r);
      return ok_status();
    });
    if (!st) return st.error();
    return out;
  }

  // The review queue's items of one kind ("address", "match"), as the API lists them.
  json::array reviews(const std::string& kind) {
    json::array items;
    auto st = store_->read([&](Tx& tx) -> Status {
      ingest::ReviewFilter rf;
      rf.kind = kind;
      OG_ASSIGN(items, ingest::list_reviews(tx, org::Scope::everything(), rf));
      return ok_status();
    });
    EXPECT_TRUE(st) << describe(st.error());
    return items;
  }

  // Indexes of the tables a first load rebuilds.
  std::int64_t index_count() {
    return GetParam() == "sqlite"
               ? scalar(
                     "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND"
                     " tbl_name IN ('person', 'import_record')")
               : scalar(
                     "SELECT COUNT(*) FROM pg_indexes WHERE tablename IN ('person',"
                     " 'import_record')");
  }

  people::Viewer everyone() {
    return people::Viewer{org::Scope::everything(), people::FieldProfile::full,
                          people::china_date(1'780'000'000'000)};
  }

  std::vector<people::PersonSummary> find(const people::PersonFilter& f) {
    std::vector<people::PersonSummary> out;
    auto st = store_->read([&](Tx& tx) -> Status {
      OG_ASSIGN(out, people::search_persons(tx, vault_, everyone(), f));
      return ok_status();
    });
    EXPECT_TRUE(st) << describe(st.error());
    return out;
  }

  // Four residents of two rooms, one row with a bad ID, one with no name, one unknown address.
  std::string police_csv() {
    return "序号,姓名,性别,民族,出生日期,公民身份号码,户籍地址,现住址,人员类型,户号,与户主关系,"
           "联系电话\n"
           "1,张伟,男,汉,1950-03-02," +
           id1_ + "," + addr(0) + "," + addr(0) +
           ",户籍人口,H001,本人,13812345678\n"
           "2,李秀英,女,汉族,1952/7/9," +
           id2_ + "," + addr(0) + "," + addr_dashed(0) +
           ",户籍人口,H001,配偶,\n"
           "3,王芳,女,回,1990年5月6日," +
           id3_ + ",河北省保定市莲池区东风路1号," + addr(1) +
           ",流动人口,,,139 1234 5678\n"
           "4,赵敏,女,汉,1985-01-01,110105198501010000," +
           addr(1) + "," + addr(1) +
           ",户籍人口,,,\n"
           "5,,,,,,,,,,,\n"
           "6,孙强,男,汉,1970-10-10," +
           id4_ + ",,月亮湾小区99号楼9单元909,户籍人口,,,\n";
  }

  std::vector<demo::RoomRef> rooms_;
  std::size_t max_changes_ = 200;  // changes sampled in the report
  people::PiiVault vault_{key(7), key(9)};
  std::string id1_ = id_number("11010519500302001");
  std::string id2_ = id_number("11010519520709002");
  std::string id3_ = id_number("13060219900506002");
  std::string id4_ = id_number("11010519701010003");
};

TEST_P(RegisterImport, DryRunReportsAndChangesNothing) {
  auto rep = run("police", police_csv(), true);
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_TRUE(rep->dry_run);
  EXPECT_EQ(rep->batch_id, 0);
  EXPECT_EQ(rep->encoding, "utf-8");
  EXPECT_EQ(rep->rows_total, 6u);
  EXPECT_EQ(rep->rows_new, 5u);
  EXPECT_EQ(rep->rows_error, 1u) << "the row without name and ID";
  EXPECT_EQ(rep->address_unmatched, 1u) << "月亮湾小区 is not a standard address";
  bool bad_id = false, no_name = false;
  for (const auto& i : rep->issues) {
    bad_id = bad_id || (i.record_key == "4" && i.code == "id.check_digit" && !i.error);
    no_name = no_name || (i.record_key == "5" && i.code == "row.no_name" && i.error);
    EXPECT_EQ(i.value.find("110105198501010000"), std::string::npos) << "IDs are masked";
  }
  EXPECT_TRUE(bad_id);
  EXPECT_TRUE(no_name);
  EXPECT_FALSE(rep->changes.empty());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_batch"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_record"), 0);
}

TEST_P(RegisterImport, CommitPlacesPeopleAndReimportChangesNothing) {
  const auto indexes = [&] { return index_count(); };
  const auto indexes_before = indexes();
  // Even a small file takes the large-file path here: indexes dropped, rebuilt at the end.
  auto rep = run("police", police_csv(), false, 1);
  EXPECT_EQ(indexes(), indexes_before) << "every index is back after the import";
  ASSERT_TRUE(rep) << describe(rep.error());
  ASSERT_GT(rep->batch_id, 0);
  EXPECT_EQ(rep->rows_new, 5u);
  std::string sha;
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    OG_ASSIGN(auto r,
              one_row(tx, "SELECT file_sha256 FROM import_batch WHERE id = ?", {rep->batch_id}));
    sha = r.text(0);
    return ok_status();
  }));
  EXPECT_EQ(sha, auth::sha256_hex(police_csv())) << "the batch names the file it came from";
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person"), 5);
  // Both spellings of room 0 found it; the household has its head.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person WHERE room_id = ?", {rooms_[0].id}), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM household WHERE household_no = 'H001' AND"
                   " head_person_id IS NOT NULL"),
            1);
  // Identifiers are stored sealed, found by blind index, shown masked.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person WHERE id_masked = ?",
                   {id1_.substr(0, 6) + "********" + id1_.substr(14)}),
            1);
  people::PersonFilter by_id;
  by_id.id_number = id1_;
  auto hits = find(by_id);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].name, "张伟");
  EXPECT_EQ(hits[0].phone_masked, "138****5678");
  EXPECT_EQ(hits[0].address, rooms_[0].full_name);
  people::PersonFilter by_initials;
  by_initials.q = "WF";
  auto wf = find(by_initials);
  ASSERT_EQ(wf.size(), 1u);
  EXPECT_EQ(wf[0].name, "王芳");
  EXPECT_EQ(wf[0].residence_type, "migrant");
  // Review: the unknown address waits, never dropped.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM review_item WHERE kind = 'address' AND state = 'open'"),
            1);

  const auto changes = scalar("SELECT COUNT(*) FROM register_change");
  auto again = run("police", police_csv());
  ASSERT_TRUE(again) << describe(again.error());
  EXPECT_EQ(again->rows_same, 5u);
  EXPECT_EQ(again->rows_new + again->rows_updated, 0u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person"), 5);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM register_change"), changes);
}

// A person twice in one file, and a record key twice: the second row updates what the first
// wrote while it still waits to be written (and the roll-back removes all of it).
TEST_P(RegisterImport, RowsOfOnePersonInOneFileMergeBeforeTheyAreWritten) {
  const std::string csv =
      "序号,姓名,性别,出生日期,公民身份号码,现住址,联系电话\n"
      "1,张伟,男,1950-03-02," +
      id1_ + "," + addr(0) +
      ",\n"
      "2,张伟,男,1950-03-02," +
      id1_ + "," + addr(1) +
      ",13812345678\n"
      "3,王芳,女,1990-05-06," +
      id3_ + "," + addr(2) +
      ",\n"
      "3,王芳,女,1990-05-06," +
      id3_ + "," + addr(2) + ",13912345678\n";
  auto rep = run("police", csv);
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_EQ(rep->rows_new, 2u);
  EXPECT_EQ(rep->rows_updated, 2u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person"), 2);
  people::PersonFilter f;
  f.id_number = id1_;
  auto zw = find(f);
  ASSERT_EQ(zw.size(), 1u);
  EXPECT_EQ(zw[0].phone_masked, "138****5678") << "the second row's phone";
  EXPECT_EQ(zw[0].address, rooms_[1].full_name) << "same source: the later row wins";
  f.phone = "13812345678";
  f.id_number.clear();
  EXPECT_EQ(find(f).size(), 1u) << "the phone's blind index was written";
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_record WHERE source = 'police'"), 3);
  EXPECT_EQ(scalar("SELECT row_no FROM import_record WHERE record_key = '3'"), 4);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM register_change WHERE object_type = 'person'"
                   " AND field = '*update'"),
            2);
  auto rolled = rollback(rep->batch_id);
  ASSERT_TRUE(rolled) << describe(rolled.error());
  EXPECT_EQ(rolled->removed_persons, 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_record"), 0);
}

// The four departments' extracts as one job: each file is read on the reading thread in
// several batches, is its own batch in the register, and the merge matches the truth.
TEST_P(RegisterImport, AJobImportsFourExtractsTogether) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("onegrid-job-" + std::to_string(::getpid()) + "-" + GetParam());
  auto written = demo::write_people_extracts(rooms_, {1500, dir.string(), 5});
  ASSERT_TRUE(written) << describe(written.error());
  ASSERT_GT(written->police, 1024) << "more rows than two reading batches";
  std::vector<ingest::Extract> files;
  for (const auto& [source, file] : {std::pair{"police", "police.csv"},
                                     {"civil", "civil.csv"},
                                     {"health", "health.tsv"},
                                     {"housing", "housing.csv"}})
    files.push_back(ingest::Extract{{}, (dir / file).string(), source, file, {}, {}});
  ingest::ImportOptions o;
  o.now_ms = 1'780'000'000'000;
  o.today = people::china_date(o.now_ms);
  o.defer_indexes_from_rows = 1000;  // the police file is a first load
  const auto indexes_before = index_count();
  auto reps = ingest::import_extracts(*store_, vault_, files, o);
  ASSERT_TRUE(reps) << describe(reps.error());
  EXPECT_EQ(index_count(), indexes_before) << "the indexes are built again at the end of the job";
  ASSERT_EQ(reps->size(), 4u);
  EXPECT_EQ((*reps)[0].rows_total, static_cast<std::size_t>(written->police));
  EXPECT_EQ((*reps)[3].rows_total, static_cast<std::size_t>(written->housing));
  EXPECT_GT((*reps)[1].rows_merged + (*reps)[1].rows_updated, (*reps)[1].rows_new)
      << "civil affairs mostly finds persons police registered";
  EXPECT_EQ(scalar("SELECT COUNT(DISTINCT id) FROM import_batch"), 4);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_record"),
            written->police + written->civil + written->health + written->housing);

  std::string links = "source,record_key,person_id\n";
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    OG_ASSIGN(auto rows, tx.query("SELECT r.source, r.record_key,"
                                  " COALESCE(p.merged_into, r.person_id) FROM import_record r"
                                  " LEFT JOIN person p ON p.id = r.person_id"));
    for (const auto& r : rows)
      links +=
          r.text(0) + "," + r.text(1) + "," + (r.is_null(2) ? "" : std::to_string(r.i64(2))) + "\n";
    return ok_status();
  }));
  auto truth = read_whole_file(dir / "truth.csv");
  ASSERT_TRUE(truth);
  auto score = ingest::score_links(*truth, links);
  ASSERT_TRUE(score) << describe(score.error());
  EXPECT_GE(score->f1, 0.98);

  // One file of the job rolls back on its own.
  const auto persons = scalar("SELECT COUNT(*) FROM person");
  auto rolled = rollback((*reps)[1].batch_id, o.now_ms + 1000);
  ASSERT_TRUE(rolled) << describe(rolled.error());
  EXPECT_GT(rolled->restored, 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_record WHERE source = 'civil'"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_record WHERE source = 'police'"), written->police);
  EXPECT_LE(scalar("SELECT COUNT(*) FROM person"), persons);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// A job is all or nothing: a file that cannot be imported stops it, says which file, and the
// files before it are not kept either.
TEST_P(RegisterImport, AJobWithABadFileKeepsNothing) {
  const std::string bad = "甲,乙\n1,2\n";
  const std::string police = police_csv();
  std::vector<ingest::Extract> files = {ingest::Extract{police, {}, "police", "police.csv", {}, {}},
                                        ingest::Extract{bad, {}, "civil", "civil.csv", {}, {}}};
  ingest::ImportOptions o;
  o.now_ms = 1'780'000'000'000;
  o.today = people::china_date(o.now_ms);
  auto reps = ingest::import_extracts(*store_, vault_, files, o);
  ASSERT_FALSE(reps);
  EXPECT_EQ(reps.error().code, "import.no_columns");
  EXPECT_NE(reps.error().message.find("civil.csv"), std::string::npos) << reps.error().message;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_batch"), 0);

  files[1].source = "no_such_department";
  files[1].bytes = police;
  auto unknown = ingest::import_extracts(*store_, vault_, files, o);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "import.unknown_source");
  files.pop_back();
  files[0].bytes = {};
  files[0].path = "/nonexistent/police.csv";
  auto missing = ingest::import_extracts(*store_, vault_, files, o);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "import.file");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_batch"), 0);
}

// The housing extract: a room's use, area and owner; a room twice in one file takes the later
// row; re-importing changes nothing; rolling back removes the housing rows it created.
TEST_P(RegisterImport, HousingRowsDescribeRoomsAndOwners) {
  ASSERT_TRUE(run("police", police_csv()));
  const std::string housing =
      "房屋编号,房屋坐落,房屋用途,建筑面积,产权人,产权人证件号码\n"
      "F1," +
      addr(0) + ",自住,89.5,张伟," + id1_ +
      "\n"
      "F2," +
      addr(1) + ",出租,60,王芳," + id3_ +
      "\n"
      "F3," +
      addr(1) + ",空置,61.5,王芳," + id3_ + "\n";
  auto rep = run("housing", to_gbk(housing));
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM housing"), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM housing WHERE room_id = ? AND room_use = 'owner_occupied'"
                   " AND owner_name = '张伟'",
                   {rooms_[0].id}),
            1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM housing WHERE room_id = ? AND room_use = 'vacant'",
                   {rooms_[1].id}),
            1)
      << "the later row of the same room wins";
  auto again = run("housing", to_gbk(housing));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->rows_same, 3u);
  ASSERT_TRUE(rollback(rep->batch_id));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM housing"), 0);
}

// With no change samples wanted, a person's old phone and address are read by the writer right
// before its UPDATE (not by the matching thread): the change log still holds them, so a
// roll-back puts them back.
TEST_P(RegisterImport, ChangesTheWriterLogsRollBackToo) {
  ASSERT_TRUE(run("police", police_csv()));
  max_changes_ = 0;
  // Police again (a tie: the newer import wins): 张伟 moved, with a new phone and 户籍地址.
  std::string moved = police_csv();
  const std::string old_line = "1,张伟,男,汉,1950-03-02," + id1_ + "," + addr(0) + "," + addr(0);
  ASSERT_NE(moved.find(old_line), std::string::npos);
  moved.replace(moved.find(old_line), old_line.size(),
                "1,张伟,男,汉,1950-03-02," + id1_ + ",天津市和平区南京路1号," + addr(1));
  moved.replace(moved.find("13812345678"), 11, "13900001111");
  auto rep = run("police", moved);
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_EQ(rep->rows_updated, 1u);
  EXPECT_TRUE(rep->changes.empty());
  people::PersonFilter f;
  f.id_number = id1_;
  auto zw = find(f);
  ASSERT_EQ(zw.size(), 1u);
  EXPECT_EQ(zw[0].phone_masked, "139****1111");
  EXPECT_EQ(zw[0].address, rooms_[1].full_name);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person WHERE hukou_address = ?",
                   {std::string("天津市和平区南京路1号")}),
            1);
  auto rolled = rollback(rep->batch_id);
  ASSERT_TRUE(rolled) << describe(rolled.error());
  EXPECT_GT(rolled->restored, 0);
  EXPECT_EQ(rolled->kept, 0);
  zw = find(f);
  ASSERT_EQ(zw.size(), 1u);
  EXPECT_EQ(zw[0].phone_masked, "138****5678") << "the old sealed phone is back";
  EXPECT_EQ(zw[0].address, rooms_[0].full_name);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person WHERE hukou_address = ?", {addr(0)}), 2)
      << "张伟's 户籍地址 is back (李秀英 shares it)";
}

TEST_P(RegisterImport, SecondSourceMergesByIdAndModelWithPriorities) {
  ASSERT_TRUE(run("police", police_csv()));
  // Civil affairs, in GBK: 张伟 by ID with care tags and a newer phone (civil ranks contact
  // above police); 李秀英 without an ID but same name, birth month and room.
  const std::string civil =
      "编号,姓名,身份证号,性别,出生年月,联系电话,居住地址,人员类别\n"
      "M1,张伟," +
      id1_ + ",男,1950年3月,13900001111," + addr(0) +
      ",低保、残疾\n"
      "M2,李秀英,,女,1952-07-09,," +
      addr(0) + ",退役军人\n";
  auto rep = run("civil", to_gbk(civil));
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_EQ(rep->encoding, "gbk");
  EXPECT_EQ(rep->rows_new, 0u) << "both rows found their person";
  EXPECT_EQ(rep->rows_updated, 2u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person"), 5);
  people::PersonFilter f;
  f.id_number = id1_;
  auto zw = find(f);
  ASSERT_EQ(zw.size(), 1u);
  EXPECT_EQ(zw[0].phone_masked, "139****1111") << "civil affairs wins the phone";
  EXPECT_NE(std::find(zw[0].tags.begin(), zw[0].tags.end(), "low_income"), zw[0].tags.end());
  EXPECT_NE(std::find(zw[0].tags.begin(), zw[0].tags.end(), "elderly_60"), zw[0].tags.end());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person_tag WHERE tag = 'veteran'"), 1);

  // Police again with another phone: police ranks contact lower, so civil's phone stays.
  std::string police = police_csv();
  police.replace(police.find("13812345678"), 11, "13812349999");
  auto police_again = run("police", police);
  ASSERT_TRUE(police_again);
  EXPECT_EQ(police_again->rows_same, 4u);
  zw = find(f);
  EXPECT_EQ(zw[0].phone_masked, "139****1111");

  // Roll the civil batch back: phone and tags as before; a second roll-back is refused.
  auto rb = rollback(rep->batch_id);
  ASSERT_TRUE(rb) << describe(rb.error());
  EXPECT_GT(rb->restored, 0);
  zw = find(f);
  EXPECT_EQ(zw[0].phone_masked, "138****5678");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person_tag"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_record WHERE source = 'civil'"), 0);
  auto twice = rollback(rep->batch_id, 1'780'000'002'000);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, "import.already_rolled_back");
}

TEST_P(RegisterImport, UncertainPairsAreReviewedAndMergesUndo) {
  ASSERT_TRUE(run("police", police_csv()));
  // Health: 王芳 without an ID, same birth date, another phone and no address: the model is
  // unsure (same name and birth only) -> a new person and a match review item.
  const std::string health =
      "\xEF\xBB\xBF记录号\t名字\t证件号码\t出生日期\t手机号码\t实际居住地址\t健康标签\n"
      "J1\t王芳\t\t19900506\t13700000000\t\t慢性病\n";
  auto rep = run("health", health);
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_EQ(rep->encoding, "utf-8-bom");
  EXPECT_EQ(rep->match_review, 1u);
  EXPECT_EQ(rep->rows_new, 1u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person"), 6);

  json::array items = reviews("match");
  ASSERT_EQ(items.size(), 1u);
  const auto& item = items[0].as_object();
  EXPECT_EQ(item.at("candidate").at("name"), "王芳");
  EXPECT_EQ(item.at("person").at("name"), "王芳");
  const std::int64_t review_id = item.at("id").as_int64();

  // A reviewer merges them; the merged person disappears from searches, its tag moves over,
  // the person-links survivor is the candidate; the merge can be undone.
  std::int64_t merge_id = 0;
  const auto reviewer = audit::Actor::system("test");
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    OG_ASSIGN(auto out, ingest::resolve_review(tx, org::Scope::everything(), review_id,
                                               {"merge", std::nullopt, "同一人"}, reviewer,
                                               1'780'000'003'000));
    merge_id = out.at("merge_id").as_int64();
    return ok_status();
  }));
  people::PersonFilter f;
  f.q = "王芳";
  auto wf = find(f);
  ASSERT_EQ(wf.size(), 1u);
  EXPECT_NE(std::find(wf[0].tags.begin(), wf[0].tags.end(), "chronic_disease"), wf[0].tags.end());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM import_record r JOIN person p ON p.id = r.person_id"
                   " WHERE r.source = 'health' AND p.merged_into = ?",
                   {wf[0].id}),
            1);
  // The survivor's card lists the merged person's source record too.
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    OG_ASSIGN(auto card, people::person_card(tx, everyone(), wf[0].id));
    EXPECT_EQ(card.at("records").as_array().size(), 2u) << json::serialize(card);
    return ok_status();
  }));
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    return ingest::undo_merge(tx, org::Scope::everything(), merge_id, reviewer, 1'780'000'004'000);
  }));
  EXPECT_EQ(find(f).size(), 2u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM review_item WHERE state = 'open' AND kind = 'match'"), 1);
  auto again = store_->write([&](Tx& tx) -> Status {
    return ingest::undo_merge(tx, org::Scope::everything(), merge_id, reviewer, 1);
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "merge.undone");
}

TEST_P(RegisterImport, AFixedAddressIsKnownToTheNextImport) {
  ASSERT_TRUE(run("police", police_csv()));
  json::array items = reviews("address");
  ASSERT_EQ(items.size(), 1u);
  const auto reviewer = audit::Actor::system("test");
  // A room that is not a room is refused; the right one fixes the person's residence.
  auto wrong = store_->write([&](Tx& tx) -> Status {
    return ingest::resolve_review(tx, org::Scope::everything(), items[0].at("id").as_int64(),
                                  {"fix", 999999999, ""}, reviewer, 1'780'000'005'000)
        .error();
  });
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, "review.room");
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    OG_TRY(ingest::resolve_review(tx, org::Scope::everything(), items[0].at("id").as_int64(),
                                  {"fix", rooms_[3].id, "物业确认"}, reviewer, 1'780'000'005'000));
    return ok_status();
  }));
  people::PersonFilter f;
  f.id_number = id4_;
  auto sq = find(f);
  ASSERT_EQ(sq.size(), 1u);
  EXPECT_EQ(sq[0].room_id, rooms_[3].id);
  // Health writes the same text for someone else: matched without a review this time.
  const std::string health =
      "记录号\t名字\t证件号码\t出生日期\t实际居住地址\n"
      "J9\t孙丽\t" +
      id_number("11010519721111004") + "\t1972-11-11\t月亮湾小区99号楼9单元909\n";
  auto rep = run("health", health);
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_EQ(rep->address_unmatched, 0u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person WHERE room_id = ?", {rooms_[3].id}), 2);
}

TEST_P(RegisterImport, UnmaskIsScopedAndAudited) {
  ASSERT_TRUE(run("police", police_csv()));
  people::PersonFilter f;
  f.id_number = id1_;
  const auto zw = find(f);
  ASSERT_EQ(zw.size(), 1u);
  audit::Actor actor = audit::Actor::system("tester");
  json::object out;
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    OG_ASSIGN(out, people::unmask_person(tx, vault_, org::Scope::everything(), zw[0].id,
                                         {"id_number", "phone"}, "入户走访核实", actor));
    return ok_status();
  }));
  EXPECT_EQ(std::string(out.at("id_number").as_string()), id1_);
  EXPECT_EQ(std::string(out.at("phone").as_string()), "13812345678");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'person.unmask' AND"
                   " object_id = ?",
                   {std::to_string(zw[0].id)}),
            1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE summary LIKE ?", {"%13812345678%"}), 0)
      << "the audit log never holds the values";
  // No purpose, or out of scope: refused, nothing audited.
  auto no_purpose = store_->write([&](Tx& tx) -> Status {
    return people::unmask_person(tx, vault_, org::Scope::everything(), zw[0].id, {"phone"}, "看",
                                 actor)
        .error();
  });
  ASSERT_FALSE(no_purpose);
  EXPECT_EQ(no_purpose.error().code, "unmask.purpose");
  auto outside = store_->write([&](Tx& tx) -> Status {
    return people::unmask_person(tx, vault_, org::Scope::subtree("/999999/"), zw[0].id, {"phone"},
                                 "入户走访核实", actor)
        .error();
  });
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().code, "people.not_found");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'person.unmask'"), 1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, RegisterImport, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace onegrid::store::testing
