#pragma once
// Nullable columns as JSON: the column's value, or null when the row holds NULL. For stores that
// answer the API with rows they read (register reads, review items, batches).

#include <boost/json/value.hpp>

#include "store/store.hpp"

namespace onegrid::store {

inline boost::json::value json_int(const Row& r, std::size_t i) {
  return r.is_null(i) ? boost::json::value(nullptr) : boost::json::value(r.i64(i));
}
inline boost::json::value json_real(const Row& r, std::size_t i) {
  return r.is_null(i) ? boost::json::value(nullptr) : boost::json::value(r.f64(i));
}
inline boost::json::value json_text(const Row& r, std::size_t i) {
  return r.is_null(i) ? boost::json::value(nullptr) : boost::json::value(r.text(i));
}

}  // namespace onegrid::store
