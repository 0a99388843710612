#pragma once
// Text helpers of the PostgreSQL driver: '?' → $n placeholder rewriting, parameter formatting
// and decoding of text-format result values by column type.

#include <libpq-fe.h>

#include <string>
#include <string_view>

#include "store/store.hpp"

namespace onegrid::store::postgres {

// Rewrites each '?' outside string literals, quoted identifiers, dollar-quoted bodies and
// comments to $1, $2, …; `count` receives the number of placeholders.
std::string rewrite_placeholders(std::string_view sql, int& count);

// Text-format parameter for an integer or a double (exact; doubles round-trip).
std::string format_param(std::int64_t v);
std::string format_param(double v);

// Converts one text-format result value of the given column type.
Value decode_value(Oid type, const char* text, int length);

// Hex bytea text ("\x4142…") to bytes; false if malformed.
bool decode_bytea_hex(std::string_view text, Blob& out);

}  // namespace onegrid::store::postgres
