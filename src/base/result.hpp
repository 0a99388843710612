#pragma once
// Errors as values. Every fallible call across a module boundary returns Result<T> (or Status,
// which is Result<void>); an Error carries a stable machine-readable code that the HTTP layer maps
// to RFC 9457 problem+json. std::expected is C++23; this is the small C++20 subset we need.

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace onegrid {

// What kind of failure this is; decides the HTTP status, never the code string.
enum class ErrorKind {
  invalid,                // 400/422: bad input; `field` names the offender
  unauthenticated,        // 401
  forbidden,              // 403
  not_found,              // 404 (also: exists but outside the caller's scope)
  method_not_allowed,     // 405
  conflict,               // 409: illegal state transition, duplicate key
  precondition_failed,    // 412: If-Match version mismatch
  precondition_required,  // 428: If-Match is required and missing
  too_large,              // 413
  unsupported_media,      // 415
  locked,                 // 423: account locked
  rate_limited,           // 429
  unavailable,            // 503: store down, shutting down
  internal,               // 500: a bug or an I/O failure
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string code;       // stable dotted code, e.g. "org.not_found"
  std::string message;    // English, for logs and developers; the UI translates by code
  std::string field;      // the offending input field, for validation errors
  int retry_after_s = 0;  // rate_limited / locked / unavailable: when to try again (Retry-After)
};

inline Error make_error(ErrorKind kind, std::string code, std::string message,
                        std::string field = {}) {
  return Error{kind, std::move(code), std::move(message), std::move(field)};
}
inline Error invalid_input(std::string code, std::string message, std::string field = {}) {
  return make_error(ErrorKind::invalid, std::move(code), std::move(message), std::move(field));
}
inline Error not_found(std::string code, std::string message) {
  return make_error(ErrorKind::not_found, std::move(code), std::move(message));
}
inline Error forbidden(std::string code, std::string message) {
  return make_error(ErrorKind::forbidden, std::move(code), std::move(message));
}
inline Error conflict(std::string code, std::string message) {
  return make_error(ErrorKind::conflict, std::move(code), std::move(message));
}
inline Error internal_error(std::string code, std::string message) {
  return make_error(ErrorKind::internal, std::move(code), std::move(message));
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !err_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    assert(!ok());
    return *err_;
  }
  Error&& error() && {
    assert(!ok());
    return std::move(*err_);
  }

 private:
  std::optional<Error> err_;
};

using Status = Result<void>;
inline Status ok_status() {
  return Status{};
}

}  // namespace onegrid

#define OG_CONCAT_INNER(a, b) a##b
#define OG_CONCAT(a, b) OG_CONCAT_INNER(a, b)

// Returns the error of a failed Result/Status from the enclosing function.
#define OG_TRY(expr)                                    \
  do {                                                  \
    auto&& og_try_result_ = (expr);                     \
    if (!og_try_result_) return og_try_result_.error(); \
  } while (0)

// Declares `lhs` from the value of a Result, or returns its error.
#define OG_ASSIGN(lhs, expr) OG_ASSIGN_IMPL(OG_CONCAT(og_assign_, __COUNTER__), lhs, expr)
#define OG_ASSIGN_IMPL(tmp, lhs, expr)     \
  auto tmp = (expr);                       \
  if (!tmp) return std::move(tmp).error(); \
  lhs = std::move(tmp).value()
