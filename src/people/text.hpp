#pragma once
// Small UTF-8 helpers shared by the people module's parsers and masking: splitting into code
// points and folding full-width forms to ASCII. Internal to src/people (the ingest module has
// its own cell clean-up and depends on people, not the other way round). Pure.

#include <string>
#include <string_view>
#include <vector>

namespace onegrid::people::text {

// The input split into code points; a byte that does not start a well-formed UTF-8 sequence
// becomes a one-byte piece of its own, so nothing is lost or over-read.
std::vector<std::string_view> code_points(std::string_view utf8);

// Full-width ASCII (U+FF01..U+FF5E) to ASCII, the ideographic and no-break spaces to ' ',
// hyphens/dashes/minus (U+2010..U+2015, U+2212) to '-'; every other character is kept.
std::string fold_ascii(std::string_view utf8);

// fold_ascii, then every space, tab and line break removed.
std::string fold_ascii_no_spaces(std::string_view utf8);

}  // namespace onegrid::people::text
