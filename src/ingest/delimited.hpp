#pragma once
// CSV / TSV reading (RFC 4180 quoting, CRLF or LF, quoted newlines), streaming over a UTF-8
// buffer so a 100 MB extract is never copied row by row into a vector of vectors.

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace onegrid::ingest {

// ',' or '\t' (or ';' / '|'): whichever occurs most in the first line outside quotes.
char detect_delimiter(std::string_view utf8);

// Calls `row` for every record, the header included (index 0), with fields unquoted.
// Blank lines are skipped (they do not count as rows). `row` returns false to stop early.
// Errors (invalid, field "file"): "import.csv_quote" (unterminated quote; message names the
// 1-based line).
using RowFn = std::function<bool(std::size_t index, std::span<const std::string> fields)>;
Status for_each_row(std::string_view utf8, char delimiter, const RowFn& row);

}  // namespace onegrid::ingest
