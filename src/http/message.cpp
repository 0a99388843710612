// Header and query look-ups on the plain request/response values, and target decoding.
#include "http/message.hpp"

#include <algorithm>

namespace onegrid::http {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string_view Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (iequals(name, lower_name)) return value;
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return value;
  return std::nullopt;
}

void Response::set_header(std::string name, std::string value) {
  std::erase_if(headers, [&](const auto& field) { return iequals(field.first, name); });
  headers.emplace_back(std::move(name), std::move(value));
}

std::string_view Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return value;
  return {};
}

std::optional<std::string> percent_decode(std::string_view in, bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool parse_target(std::string_view target, std::string& path, Fields& query) {
  path.clear();
  query.clear();
  // Absolute-form ("http://host/path?x") is allowed by RFC 9112 for requests to proxies; keep
  // only the path and query.
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.size() >= scheme.size() && iequals(target.substr(0, scheme.size()), scheme)) {
      const auto slash = target.find_first_of("/?#", scheme.size());
      target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
      break;
    }
  }
  if (const auto hash = target.find('#'); hash != std::string_view::npos)
    target = target.substr(0, hash);
  const auto qmark = target.find('?');
  auto decoded_path = percent_decode(target.substr(0, qmark), false);
  if (!decoded_path) return false;
  path = std::move(*decoded_path);
  if (path.empty()) path.push_back('/');  // (not `= "/"`: g++ 12 -O3 warns falsely, -Wrestrict)
  if (qmark == std::string_view::npos) return true;

  std::string_view rest = target.substr(qmark + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!key || !value) return false;
    query.emplace_back(std::move(*key), std::move(*value));
  }
  return true;
}

}  // namespace onegrid::http
