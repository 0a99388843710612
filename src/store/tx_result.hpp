#pragma once
// Runs one function returning Result<T> inside a read or write transaction and hands its value
// back: `OG_ASSIGN(auto u, read_result(store, [&](Tx& tx) { return get_unit(tx, scope, id); }));`

#include <optional>
#include <type_traits>
#include <utility>

#include "store/store.hpp"

namespace onegrid::store {

namespace detail {
template <class F>
auto run_in(Store& store, bool write, F&& fn) -> std::invoke_result_t<F, Tx&> {
  std::optional<std::invoke_result_t<F, Tx&>> out;
  auto body = [&](Tx& tx) -> Status {
    out.emplace(fn(tx));
    if (!*out) return out->error();  // roll the transaction back
    return ok_status();
  };
  Status st = write ? store.write(body) : store.read(body);
  if (!st) return st.error();
  return std::move(*out);
}
}  // namespace detail

template <class F>
auto read_result(Store& store, F&& fn) {
  return detail::run_in(store, false, std::forward<F>(fn));
}
template <class F>
auto write_result(Store& store, F&& fn) {
  return detail::run_in(store, true, std::forward<F>(fn));
}

}  // namespace onegrid::store
