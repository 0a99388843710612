#pragma once
// Pinyin initials of common Chinese characters, for fuzzy name search ("zw" finds 张伟) and as a
// name-matching signal for homophones (张伟 / 张炜 share "zw"). Uses the GB2312 level-1 ordering
// (the 3,755 common characters are sorted by pinyin) through iconv, plus a small table for
// level-2 characters frequent in names. Pure apart from iconv.

#include <string>
#include <string_view>

namespace onegrid::ingest {

// "张伟" -> "zw"; ASCII letters are lower-cased and kept, other characters without a known
// initial are skipped.
std::string pinyin_initials(std::string_view utf8);

}  // namespace onegrid::ingest
