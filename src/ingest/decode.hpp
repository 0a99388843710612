#pragma once
// Department extracts arrive as UTF-8, UTF-8 with a BOM, GBK or GB18030. This detects which and
// converts to UTF-8 (iconv). Pure apart from iconv.

#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace onegrid::ingest {

enum class Encoding { utf8, utf8_bom, gbk, gb18030 };

std::string_view encoding_code(Encoding e);  // "utf-8", "utf-8-bom", "gbk", "gb18030"
// Accepts those codes and common spellings ("UTF8", "GB2312", "cp936", "GB-18030").
std::optional<Encoding> parse_encoding(std::string_view code);

// A BOM means utf8_bom; valid UTF-8 means utf8; otherwise gbk when every double-byte sequence
// is inside GBK, else gb18030 (four-byte sequences).
Encoding detect_encoding(std::string_view bytes);

// Converts to UTF-8 (dropping a BOM). Errors (invalid, field "file"): "import.encoding" with the
// byte offset of the first undecodable sequence in the message.
Result<std::string> to_utf8(std::string_view bytes, Encoding from);

}  // namespace onegrid::ingest
