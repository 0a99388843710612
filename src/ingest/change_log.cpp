// The register change log; see change_log.hpp.
#include "ingest/change_log.hpp"

#include <sodium.h>

#include <boost/json.hpp>

#include "auth/sodium.hpp"

namespace onegrid::ingest {
namespace json = boost::json;

namespace {

std::string to_b64(const std::vector<std::uint8_t>& b) {
  auth::ensure_sodium();
  std::string out(sodium_base64_encoded_len(b.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), b.data(), b.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::vector<std::uint8_t>> from_b64(std::string_view s) {
  auth::ensure_sodium();
  std::vector<std::uint8_t> out(s.size());
  std::size_t len = 0;
  if (sodium_base642bin(out.data(), out.size(), s.data(), s.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

}  // namespace

std::string columns_json(const Columns& cols) {
  json::object o;
  for (const auto& [name, v] : cols) {
    if (v.is_null()) {
      o[name] = nullptr;
    } else if (v.is_int()) {
      o[name] = v.as_int();
    } else if (v.is_real()) {
      o[name] = v.as_real();
    } else if (v.is_blob()) {
      o[name] = json::object{{"b64", to_b64(v.as_blob().bytes)}};
    } else {
      o[name] = v.as_text();
    }
  }
  return json::serialize(o);
}

Result<Columns> columns_from_json(std::string_view text) {
  std::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object())
    return internal_error("register.change_corrupt", "change log entry is not a JSON object");
  Columns out;
  for (const auto& [k, x] : v.as_object()) {
    store::Value val;
    if (x.is_int64()) {
      val = store::Value(static_cast<long long>(x.as_int64()));
    } else if (x.is_double()) {
      val = store::Value(x.as_double());
    } else if (x.is_string()) {
      val = store::Value(std::string(x.as_string()));
    } else if (x.is_object() && x.as_object().contains("b64")) {
      auto bytes = from_b64(x.as_object().at("b64").as_string());
      if (!bytes) return internal_error("register.change_corrupt", "bad base64 in change log");
      val = store::Value(store::Blob{std::move(*bytes)});
    }
    out.emplace_back(std::string(k), std::move(val));
  }
  return out;
}

}  // namespace onegrid::ingest
