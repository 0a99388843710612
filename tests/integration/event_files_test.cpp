// Event attachments, duplicate suggestion, Chinese full-text search and the CSV export over
// HTTP on a real store: sniffed types, content-addressed files, visibility, binding to a
// transition, nearest-first duplicates merged by the community, scoped search and export.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "integration/fixture.hpp"

namespace onegrid::testing {
namespace {

using boost::json::array;
using boost::json::object;
namespace fs = std::filesystem;

std::int64_t report(const std::string& who, object body) {
  auto r = call("POST", "/api/v1/events", DemoServer::get().token(who), json_text(body));
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json().at("id").as_int64() : 0;
}

std::string pct(const std::string& s) {
  std::string out;
  char buf[4];
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      out += static_cast<char>(c);
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

HttpClient::Reply upload(const std::string& who, std::int64_t event, const std::string& bytes,
                         const std::string& name, const std::string& claimed = "image/jpeg") {
  return call("POST", "/api/v1/events/" + std::to_string(event) + "/attachments?name=" + pct(name),
              DemoServer::get().token(who), bytes, {{"Content-Type", claimed}});
}

std::string fake_jpeg(const std::string& salt) {
  return std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01", 13) + salt + std::string(3000, 'j');
}
const std::string kPdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

std::set<std::int64_t> ids_of(const array& items) {
  std::set<std::int64_t> out;
  for (const auto& e : items) out.insert(e.at("id").as_int64());
  return out;
}

TEST(EventFiles, UploadListDownloadWithSniffedTypeAndVisibility) {
  auto& s = DemoServer::get();
  const auto id = report(
      "gridworker", object{{"subclass_id", subclass_id("0101")}, {"title", "附件测试：垃圾满溢"}});
  const auto other = report(
      "gridworker", object{{"subclass_id", subclass_id("0101")}, {"title", "附件测试：另一事件"}});
  const std::string jpeg = fake_jpeg("a");
  // the client says text/html; the bytes say JPEG
  auto up = upload("gridworker", id, jpeg, "现场 照片\"1\".jpg", "text/html");
  ASSERT_EQ(up.status, 201) << up.body;
  const auto a = up.json();
  const auto aid = a.at("id").as_int64();
  EXPECT_EQ(a.at("mime"), "image/jpeg");
  EXPECT_EQ(a.at("size").as_int64(), static_cast<std::int64_t>(jpeg.size()));
  EXPECT_EQ(a.at("name"), "现场 照片\"1\".jpg");
  EXPECT_TRUE(a.at("transition_id").is_null());
  const std::string sha(a.at("sha256").as_string());
  ASSERT_EQ(sha.size(), 64u);
  const std::string url =
      "/api/v1/events/" + std::to_string(id) + "/attachments/" + std::to_string(aid);
  EXPECT_EQ(a.at("url").as_string(), url);
  EXPECT_EQ(up.header("Location"), url);
  EXPECT_TRUE(a.at("at").as_string().ends_with("Z"));

  // stored content-addressed under the data dir, once for the same bytes
  const fs::path file =
      fs::path(s.process().data_dir()) / "attachments" / sha.substr(0, 2) / sha.substr(2, 2) / sha;
  ASSERT_TRUE(fs::exists(file)) << file;
  EXPECT_EQ(fs::file_size(file), jpeg.size());
  auto again = upload("community", id, jpeg, "copy.jpg");
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json().at("sha256").as_string(), sha);
  EXPECT_NE(again.json().at("id").as_int64(), aid);
  std::size_t copies = 0;
  for (const auto& f : fs::directory_iterator(file.parent_path()))
    copies += f.path().filename() == sha ? 1 : 0;
  EXPECT_EQ(copies, 1u);
  auto pdf = upload("gridworker", id, kPdf, "整改通知.pdf", "application/octet-stream");
  ASSERT_EQ(pdf.status, 201) << pdf.body;
  EXPECT_EQ(pdf.json().at("mime"), "application/pdf");

  // list
  auto list =
      call("GET", "/api/v1/events/" + std::to_string(id) + "/attachments", s.token("community"));
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(items_of(list).size(), 3u);
  EXPECT_EQ(items_of(list).at(0).at("id").as_int64(), aid);

  // download: sniffed type, nosniff, inline with the UTF-8 name, ETag = sha256
  auto got = call("GET", url, s.token("gridworker"));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, jpeg);
  EXPECT_EQ(got.header("Content-Type"), "image/jpeg");
  EXPECT_EQ(got.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(got.header("ETag"), "\"" + sha + "\"");
  const auto disposition = got.header("Content-Disposition");
  EXPECT_TRUE(disposition.starts_with("inline;")) << disposition;
  EXPECT_NE(disposition.find("filename*=UTF-8''%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87%221%22.jpg"),
            std::string::npos)
      << disposition;
  auto cached = call("GET", url, s.token("gridworker"), "", {{"If-None-Match", "\"" + sha + "\""}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_TRUE(cached.body.empty());

  // only callers who may see the event: others get the same 404 as for a missing one
  for (const std::string who : {"dept", "resident"}) {
    auto hidden = call("GET", url, s.token(who));
    EXPECT_EQ(hidden.status, 404) << who;
    EXPECT_EQ(hidden.json().at("code"), "attachment.not_found") << who;
    EXPECT_EQ(
        call("GET", "/api/v1/events/" + std::to_string(id) + "/attachments", s.token(who)).status,
        404)
        << who;
    auto up_hidden = upload(who, id, fake_jpeg("hidden-" + who), "x.jpg");
    EXPECT_EQ(up_hidden.status, 404) << who;
    EXPECT_EQ(up_hidden.json().at("code"), "event.not_found");
  }
  auto missing = call("GET", url + "0", s.token("admin"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json().at("code"), "attachment.not_found");
  // an attachment is reached only through its own event
  auto wrong_event =
      call("GET", "/api/v1/events/" + std::to_string(other) + "/attachments/" + std::to_string(aid),
           s.token("admin"));
  EXPECT_EQ(wrong_event.status, 404);
  // nothing from the hidden uploads reached the disk
  EXPECT_FALSE(fs::exists(fs::path(s.process().data_dir()) / "attachments" / "never-written"));

  // the upload is audited
  auto audit =
      call("GET", "/api/v1/audit?action=event.attachment_upload&object_id=" + std::to_string(aid),
           s.token("admin"));
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_EQ(items_of(audit).size(), 1u);
}

TEST(EventFiles, RejectsWrongTypesAndEmptyBodies) {
  auto& s = DemoServer::get();
  const auto id = report("gridworker",
                         object{{"subclass_id", subclass_id("0101")}, {"title", "附件测试：类型"}});
  auto html =
      upload("gridworker", id, "<html><script>alert(1)</script></html>", "x.jpg", "image/jpeg");
  EXPECT_EQ(html.status, 415);
  EXPECT_EQ(html.json().at("code"), "attachment.unsupported_type");
  auto gif = upload("gridworker", id, "GIF89a\x01\x00\x01\x00", "x.gif", "image/gif");
  EXPECT_EQ(gif.status, 415);
  auto svg = upload("gridworker", id, "<svg xmlns='http://www.w3.org/2000/svg'/>", "x.svg",
                    "image/svg+xml");
  EXPECT_EQ(svg.status, 415);
  auto empty = call("POST", "/api/v1/events/" + std::to_string(id) + "/attachments",
                    s.token("gridworker"), "", {{"Content-Type", "image/png"}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.json().at("code"), "attachment.empty");
  auto bad_name = upload("gridworker", id, fake_jpeg("n"), "\xC3\x28.jpg");
  EXPECT_EQ(bad_name.status, 400);
  EXPECT_EQ(bad_name.json().at("code"), "attachment.bad_name");
  EXPECT_EQ(call("POST", "/api/v1/events/" + std::to_string(id) + "/attachments", "",
                 fake_jpeg("anon"), {{"Content-Type", "image/jpeg"}})
                .status,
            401);
  auto list =
      call("GET", "/api/v1/events/" + std::to_string(id) + "/attachments", s.token("gridworker"));
  EXPECT_TRUE(items_of(list).empty());
}

TEST(EventFiles, ActionsBindUnusedUploadsOfTheSameEvent) {
  auto& s = DemoServer::get();
  const auto id = report("gridworker",
                         object{{"subclass_id", subclass_id("0102")}, {"title", "附件测试：证据"}});
  const auto other = report(
      "gridworker", object{{"subclass_id", subclass_id("0102")}, {"title", "附件测试：别的事件"}});
  auto a1 = upload("gridworker", id, fake_jpeg("b1"), "证据1.jpg").json().at("id").as_int64();
  auto a2 = upload("gridworker", id, fake_jpeg("b2"), "证据2.jpg").json().at("id").as_int64();
  auto foreign =
      upload("gridworker", other, fake_jpeg("b3"), "别处.jpg").json().at("id").as_int64();

  // an upload of another event, or one that does not exist: 400 and nothing changes
  for (auto bad : {foreign, std::int64_t{99999999}}) {
    auto r = act("community", id, "accept", object{{"attachment_ids", array{a1, bad}}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json().at("code"), "event.bad_attachment");
    EXPECT_EQ(r.json().at("field"), "attachment_ids");
  }
  auto cur = call("GET", "/api/v1/events/" + std::to_string(id), s.token("admin")).json();
  EXPECT_EQ(cur.at("state"), "reported");
  EXPECT_EQ(cur.at("version").as_int64(), 1);

  auto ok = act("community", id, "accept", object{{"attachment_ids", array{a1, a2}}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto tl = call("GET", "/api/v1/events/" + std::to_string(id) + "/timeline", s.token("admin"));
  const auto steps = items_of(tl);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps.at(1).at("attachment_ids"), (array{a1, a2}));
  const auto tid = steps.at(1).at("id").as_int64();
  auto list = items_of(
      call("GET", "/api/v1/events/" + std::to_string(id) + "/attachments", s.token("admin")));
  for (const auto& a : list) EXPECT_EQ(a.at("transition_id").as_int64(), tid);

  // a bound upload cannot be used again
  auto reuse = act("community", id, "handle_in_grid", object{{"attachment_ids", array{a1}}});
  EXPECT_EQ(reuse.status, 400);
  EXPECT_EQ(reuse.json().at("code"), "event.bad_attachment");
}

// The 10 MiB limit of an attachment, on a server of its own whose body limit lets such a body in
// (the shared server keeps the default 1 MiB request limit). The duplicate test files as
// "partner", not "resident": the Events suite expects the resident to follow nothing.
TEST(EventFiles, UploadsOverTenMebibytesAre413) {
  ServerProcess big({"--demo-events", "0", "--body-limit", "16777216"});
  big.start();
  HttpClient c("127.0.0.1", big.port());
  auto login = c.request("POST", "/api/v1/auth/login",
                         json_text(object{{"username", "gridworker"}, {"password", kPassword}}),
                         {{"Content-Type", "application/json"}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string bearer = "Bearer " + std::string(login.json().at("token").as_string());
  auto taxonomy = c.request("GET", "/api/v1/taxonomy", "", {{"Authorization", bearer}}).json();
  auto sub = taxonomy.at("subclasses").as_array().at(0).at("id");
  auto ev = c.request("POST", "/api/v1/events",
                      json_text(object{{"subclass_id", sub}, {"title", "大文件"}}),
                      {{"Authorization", bearer}, {"Content-Type", "application/json"}});
  ASSERT_EQ(ev.status, 201) << ev.body;
  const std::string target = "/api/v1/events/" + std::to_string(ev.json().at("id").as_int64()) +
                             "/attachments?name=big.jpg";
  std::string bytes = fake_jpeg("big");
  bytes.resize(10u << 20, 'x');
  auto ok =
      c.request("POST", target, bytes, {{"Authorization", bearer}, {"Content-Type", "image/jpeg"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json().at("size").as_int64(), 10 << 20);
  bytes += 'x';
  auto over =
      c.request("POST", target, bytes, {{"Authorization", bearer}, {"Content-Type", "image/jpeg"}});
  EXPECT_EQ(over.status, 413);
  EXPECT_EQ(over.json().at("code"), "attachment.too_large");
  big.stop();
}

// Duplicate suggestion ----------------------------------------------------------------------

// A point inside the first grid: the mean of its boundary's vertices (the cells are convex).
std::pair<double, double> inside_grid1() {
  auto& s = DemoServer::get();
  auto unit =
      call("GET", "/api/v1/org/units/" + std::to_string(s.unit_id(kGrid1)), s.token("admin"))
          .json();
  const auto* b = &unit.at("boundary");
  if (b->is_string()) {
    static boost::json::value parsed;
    parsed = boost::json::parse(b->as_string());
    b = &parsed;
  }
  const auto& ring = b->at("coordinates").as_array().at(0).as_array();
  double lon = 0, lat = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    lon += ring[i].as_array()[0].to_number<double>();
    lat += ring[i].as_array()[1].to_number<double>();
  }
  return {lon / static_cast<double>(ring.size() - 1), lat / static_cast<double>(ring.size() - 1)};
}

// `metres` east of (lon, lat).
double east(double lon, double lat, double metres) {
  return lon + metres / (111'195.0 * std::cos(lat * 3.141592653589793 / 180));
}

TEST(EventSearch, DuplicatesNearestFirstThenMergedAndFollowed) {
  auto& s = DemoServer::get();
  const auto [lon, lat] = inside_grid1();
  const auto sub = subclass_id("0304");
  auto at = [&](double metres) { return array{east(lon, lat, metres), lat}; };
  const auto a =
      report("gridworker",
             object{{"subclass_id", sub}, {"title", "重复甲：占道施工"}, {"location", at(0)}});
  const auto b = report(
      "partner", object{{"subclass_id", sub}, {"title", "重复乙：路边施工"}, {"location", at(50)}});
  const auto c =
      report("community", object{{"subclass_id", sub}, {"title", "重复丙"}, {"location", at(150)}});
  const auto far = report(
      "community", object{{"subclass_id", sub}, {"title", "重复丁（远）"}, {"location", at(400)}});
  const auto other_kind = report("community", object{{"subclass_id", subclass_id("0101")},
                                                     {"title", "重复戊（别类）"},
                                                     {"location", at(10)}});
  const auto rejected =
      report("community",
             object{{"subclass_id", sub}, {"title", "重复己（不受理）"}, {"location", at(20)}});
  const auto unlocated = report("community", object{{"subclass_id", sub}, {"title", "重复庚"}});
  ASSERT_EQ(act("community", rejected, "reject", object{{"note", "非本辖区"}}).status, 200);

  auto r = call("GET", "/api/v1/events/" + std::to_string(b) + "/duplicates", s.token("community"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("radius_m").to_number<double>(), 200.0);
  EXPECT_EQ(r.json().at("window_hours").to_number<double>(), 72.0);
  std::vector<std::int64_t> mine;  // the ones this test made, in the order given
  for (const auto& e : items_of(r)) {
    const auto id = e.at("id").as_int64();
    EXPECT_LE(e.at("distance_m").to_number<double>(), 200.0);
    EXPECT_LE(e.at("hours_apart").to_number<double>(), 72.0);
    EXPECT_NE(id, b);
    for (auto x : {a, c, far, other_kind, rejected, unlocated})
      if (x == id) mine.push_back(id);
    if (id == a) {
      EXPECT_NEAR(e.at("distance_m").to_number<double>(), 50, 1.5);
    }
    if (id == c) {
      EXPECT_NEAR(e.at("distance_m").to_number<double>(), 100, 1.5);
    }
  }
  EXPECT_EQ(mine, (std::vector<std::int64_t>{a, c}));
  // the partner (a resident-like reporter) sees only their own events: no others' reports
  auto res = call("GET", "/api/v1/events/" + std::to_string(b) + "/duplicates", s.token("partner"));
  ASSERT_EQ(res.status, 200);
  EXPECT_TRUE(items_of(res).empty());
  // a department not summoned cannot see the event at all
  EXPECT_EQ(
      call("GET", "/api/v1/events/" + std::to_string(b) + "/duplicates", s.token("dept")).status,
      404);
  // an event without a location has no suggestions
  auto none = call("GET", "/api/v1/events/" + std::to_string(unlocated) + "/duplicates",
                   s.token("community"));
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(items_of(none).empty());

  // the community merges the suggested duplicate; its reporter then follows the original
  EXPECT_FALSE(
      ids_of(items_of(call("GET", "/api/v1/events?mine=true&limit=500", s.token("partner"))))
          .count(a));
  auto m = act("community", b, "merge", object{{"merge_into", items_of(r).at(0).at("id")}});
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(m.json().at("merged_into").as_int64(), a);
  auto followed = call("GET", "/api/v1/events?mine=true&limit=500", s.token("partner"));
  EXPECT_TRUE(ids_of(items_of(followed)).count(a));
  // a merged event is no longer suggested
  auto after = call("GET", "/api/v1/events/" + std::to_string(a) + "/duplicates", s.token("admin"));
  auto left = ids_of(items_of(after));
  EXPECT_FALSE(left.count(b));
  EXPECT_TRUE(left.count(c));
}

// Chinese full-text search --------------------------------------------------------------------

std::set<std::int64_t> search(const std::string& who, const std::string& q) {
  auto r = call("GET", "/api/v1/events?limit=500&q=" + pct(q), DemoServer::get().token(who));
  EXPECT_EQ(r.status, 200) << q << ": " << r.body;
  return ids_of(items_of(r));
}

TEST(EventSearch, ChineseSubstringsInTitleDescriptionAddressWithinScope) {
  auto& s = DemoServer::get();
  const auto near = report("community", object{{"subclass_id", subclass_id("0101")},
                                               {"title", "鹦鹉螺小区窨井盖缺失"},
                                               {"description", "夜里有行人险些踩空 QX7zt"},
                                               {"address", "鹦鹉螺路17号"}});
  const auto far = report("district", object{{"subclass_id", subclass_id("0101")},
                                             {"title", "鹦鹉螺小区窨井盖缺失"},
                                             {"community_id", s.unit_id(kFarCommunity)}});
  ASSERT_GT(near, 0);
  ASSERT_GT(far, 0);
  // 2 characters (LIKE), 4 and 5 characters (trigram index), in each column
  for (const std::string q : {"鹦鹉", "井盖缺失", "窨井盖缺失"}) {
    auto mine = search("community", q);
    EXPECT_TRUE(mine.count(near)) << q;
    EXPECT_FALSE(mine.count(far)) << q << ": outside the community's scope";
    auto all = search("district", q);
    EXPECT_TRUE(all.count(near)) << q;
    EXPECT_TRUE(all.count(far)) << q;
  }
  EXPECT_TRUE(search("community", "险些踩空").count(near));  // description
  EXPECT_TRUE(search("community", "螺路17").count(near));    // address
  EXPECT_TRUE(search("community", "鹉").count(near));        // one character
  EXPECT_TRUE(search("community", "qx7ZT").count(near));     // Latin, any case
  EXPECT_FALSE(search("district", "井盖窨").count(near));    // the characters, not in order
  EXPECT_FALSE(search("district", "缺失鹦鹉").count(near));  // not across columns
  EXPECT_TRUE(search("district", "\"%_!'").empty());         // metacharacters are literal
  // a department sees nothing it was not summoned to
  EXPECT_FALSE(search("dept", "窨井盖缺失").count(near));
  // receipt codes still match exactly
  auto e = call("GET", "/api/v1/events/" + std::to_string(near), s.token("community")).json();
  const std::string code(e.at("code").as_string());
  EXPECT_EQ(search("community", code), (std::set<std::int64_t>{near}));
}

// CSV export -----------------------------------------------------------------------------------

std::vector<std::string> csv_lines(const std::string& body) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto end = body.find("\r\n", pos);
    if (end == std::string::npos) {
      out.push_back(body.substr(pos));
      break;
    }
    out.push_back(body.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

TEST(EventFiles, CsvExportUsesTheListFiltersAndScope) {
  auto& s = DemoServer::get();
  const auto near = report("community", object{{"subclass_id", subclass_id("0101")},
                                               {"title", "=HYPERLINK(\"http://x\")麒麟导出"},
                                               {"address", "麒麟路1号, 东门"}});
  const auto far = report("district", object{{"subclass_id", subclass_id("0101")},
                                             {"title", "远处的麒麟导出"},
                                             {"community_id", s.unit_id(kFarCommunity)}});
  ASSERT_GT(near, 0);
  ASSERT_GT(far, 0);
  auto r = call("GET", "/api/v1/events.csv?q=" + pct("麒麟导出"), s.token("community"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "text/csv; charset=utf-8");
  const auto disposition = r.header("Content-Disposition");
  EXPECT_TRUE(disposition.starts_with("attachment; filename=\"events-20")) << disposition;
  EXPECT_TRUE(disposition.ends_with(".csv\"")) << disposition;
  ASSERT_TRUE(r.body.starts_with("\xEF\xBB\xBF")) << "no BOM";
  auto lines = csv_lines(r.body.substr(3));
  ASSERT_EQ(lines.size(), 2u) << r.body;
  EXPECT_EQ(lines[0],
            "编号,标题,大类,小类,状态,来源,街道,社区,网格,地址,上报人,上报时间,受理时间,结案时间,"
            "是否超时,评价");
  auto e = call("GET", "/api/v1/events/" + std::to_string(near), s.token("community")).json();
  const std::string code(e.at("code").as_string());
  EXPECT_TRUE(lines[1].starts_with(code + ",\"'=HYPERLINK(\"\"http://x\"\")麒麟导出\","))
      << lines[1];
  EXPECT_NE(lines[1].find(",\"麒麟路1号, 东门\","), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find(",已上报,"), std::string::npos) << lines[1];
  EXPECT_EQ(r.header("X-Export-Rows"), "1");
  // the district sees both; filters apply (state, sort)
  auto all = call("GET", "/api/v1/events.csv?sort=oldest&state=reported&q=" + pct("麒麟导出"),
                  s.token("district"));
  ASSERT_EQ(all.status, 200);
  lines = csv_lines(all.body.substr(3));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[1].find("HYPERLINK"), std::string::npos);  // oldest first
  EXPECT_NE(lines[2].find("远处的麒麟导出"), std::string::npos);
  auto none =
      call("GET", "/api/v1/events.csv?state=closed&q=" + pct("麒麟导出"), s.token("district"));
  EXPECT_EQ(csv_lines(none.body.substr(3)).size(), 1u);  // the header only
  auto bad = call("GET", "/api/v1/events.csv?state=bogus", s.token("district"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("code"), "query.invalid");
  EXPECT_EQ(call("GET", "/api/v1/events.csv", "").status, 401);
  // every export is audited
  auto audit = call("GET", "/api/v1/audit?action=event.export&username=district", s.token("admin"));
  ASSERT_EQ(audit.status, 200);
  EXPECT_GE(items_of(audit).size(), 2u);
}

}  // namespace
}  // namespace onegrid::testing
