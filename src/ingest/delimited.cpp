// A streaming RFC 4180 reader: one pass over the buffer, one vector of field strings reused for
// every row (their capacity survives from row to row), quoted fields copied segment by segment.
// Lenient where exports are sloppy: a quote inside an unquoted field is kept as a character,
// text after a closing quote is appended, a lone CR ends a line like CRLF or LF.

#include "ingest/delimited.hpp"

#include <algorithm>
#include <cstring>

namespace onegrid::ingest {

char detect_delimiter(std::string_view utf8) {
  if (utf8.starts_with("\xEF\xBB\xBF")) utf8.remove_prefix(3);
  static constexpr char kCandidates[] = {',', '\t', ';', '|'};
  std::size_t counts[4] = {0, 0, 0, 0};
  bool quoted = false;
  for (char c : utf8) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    for (int k = 0; k < 4; ++k)
      if (c == kCandidates[k]) ++counts[k];
  }
  int best = 0;
  for (int k = 1; k < 4; ++k)
    if (counts[k] > counts[best]) best = k;
  return kCandidates[best];
}

Status for_each_row(std::string_view utf8, char delimiter, const RowFn& row) {
  if (utf8.starts_with("\xEF\xBB\xBF")) utf8.remove_prefix(3);
  const char* p = utf8.data();
  const char* const end = p + utf8.size();
  std::vector<std::string> fields;
  std::size_t line = 1;  // 1-based physical line of `p`
  std::size_t index = 0;
  while (p < end) {
    if (*p == '\n' || *p == '\r') {  // a blank line
      if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
      ++p;
      ++line;
      continue;
    }
    std::size_t count = 0;
    for (;;) {
      if (count == fields.size()) fields.emplace_back();
      std::string& f = fields[count++];
      f.clear();
      if (p < end && *p == '"') {
        const std::size_t quote_line = line;
        ++p;
        for (;;) {
          const auto* q = static_cast<const char*>(std::memchr(p, '"', end - p));
          if (!q)
            return invalid_input(
                "import.csv_quote",
                "unterminated quoted field starting on line " + std::to_string(quote_line), "file");
          f.append(p, q);
          line += static_cast<std::size_t>(std::count(p, q, '\n'));
          p = q + 1;
          if (p < end && *p == '"') {  // "" is a literal quote
            f += '"';
            ++p;
            continue;
          }
          break;
        }
      }
      const char* q = p;
      while (q < end && *q != delimiter && *q != '\n' && *q != '\r') ++q;
      f.append(p, q);
      p = q;
      if (p < end && *p == delimiter) {
        ++p;
        continue;
      }
      if (p < end) {  // CR, LF or CRLF
        if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
        ++p;
        ++line;
      }
      break;
    }
    if (!row(index++, std::span<const std::string>(fields.data(), count))) break;
  }
  return ok_status();
}

}  // namespace onegrid::ingest
