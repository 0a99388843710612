// The streaming CSV/TSV reader: quoting, CRLF, embedded newlines, blank lines, early stop,
// unterminated quotes, delimiter detection.
#include "ingest/delimited.hpp"

#include <gtest/gtest.h>

namespace onegrid::ingest {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows read(std::string_view text, char delimiter = ',') {
  Rows rows;
  auto st = for_each_row(text, delimiter, [&](std::size_t index, std::span<const std::string> f) {
    EXPECT_EQ(index, rows.size());
    rows.emplace_back(f.begin(), f.end());
    return true;
  });
  EXPECT_TRUE(st.ok()) << st.error().message;
  return rows;
}

TEST(Delimited, PlainRowsWithLfAndCrlf) {
  EXPECT_EQ(read("a,b,c\n1,2,3\n"), (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(read("a,b\r\n1,2\r\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(read("a,b\r1,2\r"), (Rows{{"a", "b"}, {"1", "2"}}));  // old Mac line ends
}

TEST(Delimited, FinalLineWithoutNewline) {
  EXPECT_EQ(read("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(read("a,b\n\"1\",\"2\""), (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(Delimited, EmptyFieldsAreKept) {
  EXPECT_EQ(read("a,,c\n,,\n"), (Rows{{"a", "", "c"}, {"", "", ""}}));
  EXPECT_EQ(read("a,b,\n1,2,"), (Rows{{"a", "b", ""}, {"1", "2", ""}}));
}

TEST(Delimited, BlankLinesAreSkippedAndNotCounted) {
  EXPECT_EQ(read("\n\r\na,b\n\n\r\n1,2\n\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_TRUE(read("").empty());
  EXPECT_TRUE(read("\n\n").empty());
}

TEST(Delimited, QuotedFieldsWithEscapesDelimitersAndNewlines) {
  const std::string text =
      "姓名,备注\n"
      "\"张伟\",\"说 \"\"你好\"\", 然后走了\"\n"
      "\"王,秀英\",\"第一行\r\n第二行\"\n"
      "\"\",\"\"\"\"\n";
  EXPECT_EQ(read(text), (Rows{{"姓名", "备注"},
                              {"张伟", "说 \"你好\", 然后走了"},
                              {"王,秀英", "第一行\r\n第二行"},
                              {"", "\""}}));
}

TEST(Delimited, SloppyQuotesAreKeptAsText) {
  EXPECT_EQ(read("a\"b,c\n"), (Rows{{"a\"b", "c"}}));
  EXPECT_EQ(read("\"ab\"c,d\n"), (Rows{{"abc", "d"}}));
}

TEST(Delimited, TabsAndOtherDelimiters) {
  EXPECT_EQ(read("a\tb,c\n1\t2\n", '\t'), (Rows{{"a", "b,c"}, {"1", "2"}}));
  EXPECT_EQ(read("a;b\n1;2\n", ';'), (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(Delimited, BomIsSkipped) {
  EXPECT_EQ(read("\xEF\xBB\xBF姓名,性别\n"), (Rows{{"姓名", "性别"}}));
}

TEST(Delimited, FieldsVaryInCountFromRowToRow) {
  EXPECT_EQ(read("a,b,c,d\n1\n1,2,3\n"), (Rows{{"a", "b", "c", "d"}, {"1"}, {"1", "2", "3"}}));
}

TEST(Delimited, StopsWhenTheCallbackSaysSo) {
  std::size_t seen = 0;
  auto st = for_each_row("a\nb\nc\nd\n", ',', [&](std::size_t index, auto) {
    ++seen;
    return index < 1;
  });
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(seen, 2u);
}

TEST(Delimited, UnterminatedQuoteNamesItsLine) {
  const std::string text = "a,b\n1,2\n\n3,\"open\nstill open\n";
  std::size_t rows = 0;
  auto st = for_each_row(text, ',', [&](std::size_t, auto) {
    ++rows;
    return true;
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "import.csv_quote");
  EXPECT_EQ(st.error().field, "file");
  EXPECT_NE(st.error().message.find("line 4"), std::string::npos) << st.error().message;
  EXPECT_EQ(rows, 2u);
}

TEST(Delimited, LineNumbersCountNewlinesInsideQuotes) {
  const std::string text = "a\n\"x\ny\nz\"\n\"bad\n";
  auto st = for_each_row(text, ',', [](std::size_t, auto) { return true; });
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("line 5"), std::string::npos) << st.error().message;
}

TEST(Delimited, DetectsTheDelimiterFromTheFirstLine) {
  EXPECT_EQ(detect_delimiter("a,b,c\n1\t2\t3\t4\t5\n"), ',');
  EXPECT_EQ(detect_delimiter("姓名\t身份证号\t住址\n"), '\t');
  EXPECT_EQ(detect_delimiter("a;b;c\r\n"), ';');
  EXPECT_EQ(detect_delimiter("a|b|c"), '|');
  EXPECT_EQ(detect_delimiter("\"x,y,z\"\ta\n"), '\t');  // commas inside quotes do not count
  EXPECT_EQ(detect_delimiter("single column\n"), ',');
  EXPECT_EQ(detect_delimiter(""), ',');
}

TEST(Delimited, ReusesFieldStorageAcrossRows) {
  std::string text = "id,name\n";
  for (int i = 0; i < 1000; ++i)
    text += std::to_string(i) + ",\"name " + std::to_string(i) + "\"\n";
  const std::string* first_data = nullptr;
  std::size_t last = 0;
  auto st = for_each_row(text, ',', [&](std::size_t index, std::span<const std::string> f) {
    if (index == 1) first_data = f.data();
    if (index > 1) {
      EXPECT_EQ(f.data(), first_data);  // the same vector every row
    }
    EXPECT_EQ(f.size(), 2u);
    if (index > 0) {
      EXPECT_EQ(f[1], "name " + f[0]);
    }
    last = index;
    return true;
  });
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(last, 1000u);
}

}  // namespace
}  // namespace onegrid::ingest
