// Spelling out a stored provenance; see provenance.hpp.
#include "people/provenance.hpp"

#include <boost/json.hpp>

namespace onegrid::people {
namespace json = boost::json;

json::object expand_provenance(std::string_view stored) {
  std::error_code ec;
  json::value v = json::parse(stored, ec);
  if (ec || !v.is_object()) return {};
  json::object in = std::move(v.as_object());
  const json::value* all = in.if_contains("*");
  if (!all) return in;
  json::object out;
  for (const char* f : kProvenanceFields) out[f] = *all;
  for (const auto& [k, src] : in)
    if (k != "*") out[k] = src;
  return out;
}

}  // namespace onegrid::people
