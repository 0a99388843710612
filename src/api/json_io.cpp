#include "api/json_io.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

namespace onegrid::api {
namespace {

std::string trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

Error type_error(std::string_view field, std::string_view want) {
  return invalid_input("json.wrong_type", std::string(field) + " must be " + std::string(want),
                       std::string(field));
}

}  // namespace

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // overlong forms, surrogates, beyond U+10FFFF
    if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += 1 + extra;
  }
  return true;
}

Result<BodyReader> BodyReader::parse(const http::Request& req) {
  std::string_view ct = req.header("content-type");
  std::string_view media = ct.substr(0, ct.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media != "application/json" && media != "application/merge-patch+json")
    return make_error(ErrorKind::unsupported_media, "http.unsupported_media_type",
                      "request body must be application/json");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(req.body, ec);
  if (ec) return invalid_input("json.malformed", "request body is not valid JSON: " + ec.message());
  if (!v.is_object()) return invalid_input("json.not_object", "request body must be a JSON object");
  return BodyReader(std::move(v.as_object()));
}

bool BodyReader::has(std::string_view field) const {
  auto it = obj_.find(field);
  return it != obj_.end() && !it->value().is_null();
}

const boost::json::value* BodyReader::value(std::string_view field) {
  used_.emplace(field);
  auto it = obj_.find(field);
  return it == obj_.end() ? nullptr : &it->value();
}

Result<std::optional<std::string>> BodyReader::opt_text(std::string_view field,
                                                        std::size_t max_len) {
  const auto* v = value(field);
  if (!v || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) return type_error(field, "a string");
  std::string s = trim(std::string_view(v->as_string()));
  if (utf8_length(s) > max_len)
    return invalid_input("json.too_long",
                         std::string(field) + " is longer than " + std::to_string(max_len),
                         std::string(field));
  for (unsigned char c : s)
    if (c < 0x20 && c != '\n' && c != '\t')
      return invalid_input("json.control_character", std::string(field) + " has control characters",
                           std::string(field));
  return std::optional<std::string>(std::move(s));
}

Result<std::string> BodyReader::text(std::string_view field, std::size_t max_len) {
  OG_ASSIGN(auto s, opt_text(field, max_len));
  if (!s || s->empty())
    return invalid_input("json.required", std::string(field) + " is required", std::string(field));
  return std::move(*s);
}

Result<std::optional<std::int64_t>> BodyReader::opt_integer(std::string_view field) {
  const auto* v = value(field);
  if (!v || v->is_null()) return std::optional<std::int64_t>{};
  if (v->is_int64()) return std::optional<std::int64_t>(v->as_int64());
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return std::optional<std::int64_t>(static_cast<std::int64_t>(v->as_uint64()));
  if (v->is_double()) {
    double d = v->as_double();
    if (std::floor(d) == d && std::fabs(d) < 9.0e15)
      return std::optional<std::int64_t>(static_cast<std::int64_t>(d));
  }
  return type_error(field, "an integer");
}

Result<std::int64_t> BodyReader::integer(std::string_view field) {
  OG_ASSIGN(auto v, opt_integer(field));
  if (!v)
    return invalid_input("json.required", std::string(field) + " is required", std::string(field));
  return *v;
}

Result<std::optional<bool>> BodyReader::opt_boolean(std::string_view field) {
  const auto* v = value(field);
  if (!v || v->is_null()) return std::optional<bool>{};
  if (!v->is_bool()) return type_error(field, "true or false");
  return std::optional<bool>(v->as_bool());
}

Status BodyReader::finish() const {
  for (const auto& kv : obj_) {
    if (!used_.count(std::string_view(kv.key())))
      return invalid_input("json.unknown_field", "unknown field: " + std::string(kv.key()),
                           std::string(kv.key()));
  }
  return ok_status();
}

http::Response json_response(int status, const boost::json::value& body) {
  http::Response r;
  r.status = status;
  r.set_header("Content-Type", "application/json; charset=utf-8");
  r.body = boost::json::serialize(body);
  return r;
}

http::Response page_response(boost::json::array items, std::size_t limit, std::int64_t last_id) {
  const bool full = !items.empty() && items.size() == limit;
  boost::json::object body{{"items", std::move(items)}};
  body["next_after"] = full ? boost::json::value(last_id) : boost::json::value(nullptr);
  return json_response(200, body);
}

Result<std::optional<std::int64_t>> query_int(const http::Request& req, std::string_view name,
                                              std::int64_t min, std::int64_t max) {
  auto raw = req.query_param(name);
  if (!raw) return std::optional<std::int64_t>{};
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (ec != std::errc() || p != raw->data() + raw->size() || v < min || v > max)
    return invalid_input("query.invalid",
                         std::string(name) + " must be an integer in [" + std::to_string(min) +
                             ", " + std::to_string(max) + "]",
                         std::string(name));
  return std::optional<std::int64_t>(v);
}

Result<std::optional<double>> query_double(const http::Request& req, std::string_view name) {
  auto raw = req.query_param(name);
  if (!raw) return std::optional<double>{};
  char* end = nullptr;
  double v = std::strtod(raw->c_str(), &end);
  if (raw->empty() || end != raw->c_str() + raw->size() || !std::isfinite(v))
    return invalid_input("query.invalid", std::string(name) + " must be a number",
                         std::string(name));
  return std::optional<double>(v);
}

}  // namespace onegrid::api
