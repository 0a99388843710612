// The CSV writer: BOM, CRLF, RFC 4180 quoting, formula injection, Shanghai times, event rows.
#include "events/event_csv.hpp"

#include <gtest/gtest.h>

namespace onegrid::events {
namespace {

TEST(EventSearch, CsvStartsWithBomAndEndsRowsWithCrlf) {
  CsvWriter w;
  EXPECT_EQ(w.text(), "\xEF\xBB\xBF");
  w.row({"编号", "标题"});
  w.row({"a", ""});
  EXPECT_EQ(w.text(), "\xEF\xBB\xBF编号,标题\r\na,\r\n");
  EXPECT_EQ(w.rows(), 2u);
}

TEST(EventSearch, CsvQuotesPerRfc4180) {
  EXPECT_EQ(CsvWriter::cell("plain 中文"), "plain 中文");
  EXPECT_EQ(CsvWriter::cell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvWriter::cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvWriter::cell("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(CsvWriter::cell("cr\rlf"), "\"cr\rlf\"");
  EXPECT_EQ(CsvWriter::cell(""), "");
  CsvWriter w;
  w.row({"x,y", "\"", "z"});
  EXPECT_EQ(w.text().substr(3), "\"x,y\",\"\"\"\",z\r\n");
}

TEST(EventSearch, CsvDefusesFormulas) {
  EXPECT_EQ(CsvWriter::cell("=HYPERLINK(\"http://evil\")"), "\"'=HYPERLINK(\"\"http://evil\"\")\"");
  EXPECT_EQ(CsvWriter::cell("+1"), "'+1");
  EXPECT_EQ(CsvWriter::cell("-2+3"), "'-2+3");
  EXPECT_EQ(CsvWriter::cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvWriter::cell("\t=1"), "'\t=1");
  EXPECT_EQ(CsvWriter::cell("=1,2"), "\"'=1,2\"");
  // only the first character matters
  EXPECT_EQ(CsvWriter::cell("a=b"), "a=b");
  EXPECT_EQ(CsvWriter::cell("1-2"), "1-2");
}

TEST(EventSearch, CsvTimesAreShanghaiTime) {
  // 2026-11-24T16:30:05Z is 2026-11-25 00:30:05 in Beijing
  const std::int64_t ms = 1'795'537'805'000;
  EXPECT_EQ(shanghai_time(ms), "2026-11-25 00:30:05");
  EXPECT_EQ(event_csv_file_name(ms), "events-20261125.csv");
  EXPECT_EQ(event_csv_file_name(ms - 31 * 60'000), "events-20261124.csv");
}

TEST(EventSearch, CsvRowOfAnEvent) {
  const auto& h = event_csv_header();
  ASSERT_EQ(h.size(), 16u);
  EXPECT_EQ(h.front(), "编号");
  EXPECT_EQ(h.back(), "评价");
  Event e;
  e.id = 42;
  e.title = "=cmd|' /C calc'!A0";
  e.class_name = "市容环境";
  e.subclass_name = "暴露垃圾";
  e.state = State::closed;
  e.channel = Channel::hotline;
  e.street_name = "望京街道";
  e.community_name = "望京西园社区";
  e.address = "阜通东大街6号, 东门";
  e.reporter_name = "刘先生";
  e.reported_at = 1'795'537'805'000;
  e.accepted_at = e.reported_at + 3'600'000;
  e.closed_at = e.reported_at + 86'400'000;
  e.overdue = true;
  e.rating = 4;
  e.rating_comment = "处理及时";
  auto row = event_csv_row(e);
  ASSERT_EQ(row.size(), h.size());
  EXPECT_EQ(row[0], "SJ2026112500000042");
  EXPECT_EQ(row[4], "已结案");
  EXPECT_EQ(row[5], "12345热线");
  EXPECT_EQ(row[8], "无网格");
  EXPECT_EQ(row[11], "2026-11-25 00:30:05");
  EXPECT_EQ(row[12], "2026-11-25 01:30:05");
  EXPECT_EQ(row[13], "2026-11-26 00:30:05");
  EXPECT_EQ(row[14], "是");
  EXPECT_EQ(row[15], "4分：处理及时");
  CsvWriter w;
  w.row(row);
  const std::string line = w.text().substr(3);
  EXPECT_EQ(line.rfind("SJ2026112500000042,'=cmd|' /C calc'!A0,市容环境,", 0), 0u) << line;
  EXPECT_NE(line.find(",\"阜通东大街6号, 东门\","), std::string::npos) << line;
  e.grid_id = 7;
  e.grid_name = "望京西园第1网格";
  e.accepted_at.reset();
  e.closed_at.reset();
  e.rating.reset();
  e.overdue = false;
  row = event_csv_row(e);
  EXPECT_EQ(row[8], "望京西园第1网格");
  EXPECT_EQ(row[12], "");
  EXPECT_EQ(row[13], "");
  EXPECT_EQ(row[14], "否");
  EXPECT_EQ(row[15], "");
}

}  // namespace
}  // namespace onegrid::events
