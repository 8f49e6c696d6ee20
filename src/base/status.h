// Status and Result<T>: how every module reports an expected failure.
//
// Expected failures (bad input, a missing id, a full disk) are values, never exceptions:
// a function that can fail returns Status or Result<T>, both [[nodiscard]]. Each error
// carries a stable Code (its name is part of the public API: the CLI prints it and the
// HTTP layer maps it to a problem type), a human message, and an optional `where`
// (a file:line:column, a JSON path, or a field name) saying what the error is about.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace collegium {

enum class Code {
  kOk = 0,
  kInvalidArgument,     // the input is malformed or breaks a rule
  kNotFound,            // an id that names nothing
  kAlreadyExists,       // a duplicate id or name
  kFailedPrecondition,  // the state does not allow the request now
  kParseError,          // text that cannot be read (syntax)
  kIoError,             // the operating system or the disk failed
  kCorrupt,             // stored data fails its own checks (hash chain, signatures)
  kPermissionDenied,
  kResourceExhausted,  // a size or rate limit
  kUnavailable,        // try again later
  kInternal,           // a bug: an invariant of ours does not hold
};

// The stable, snake_case name of a code ("invalid_argument"); never changes once released.
std::string_view code_name(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(Code code, std::string message, std::string where = {})
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  static Status ok_status() { return Status(); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // What the error is about: "file.json:3:14", "/members/2/workplace", "seats"...
  const std::string& where() const { return where_; }

  // "where: message" (or just the message), for people.
  std::string to_string() const;

  // The same error with `prefix` put before `where` (e.g. a file name before a JSON path).
  Status within(std::string_view prefix) const;

  void ignore_error() const {}

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string where_;
};

Status invalid_argument(std::string message, std::string where = {});
Status not_found(std::string message, std::string where = {});
Status already_exists(std::string message, std::string where = {});
Status failed_precondition(std::string message, std::string where = {});
Status permission_denied(std::string message, std::string where = {});
Status parse_error(std::string message, std::string where = {});
Status io_error(std::string message, std::string where = {});
Status corrupt(std::string message, std::string where = {});
Status internal_error(std::string message);

// A value or the Status explaining why there is none. Never holds an OK status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok() && "a Result cannot hold an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const& {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  Status status() && { return ok() ? Status() : std::move(std::get<Status>(v_)); }

  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

namespace internal {
inline Status take_error(Status&& s) {
  return std::move(s);
}
template <typename T>
Status take_error(Result<T>&& r) {
  return std::move(r).status();
}
inline void take_value(Status&&) {}
template <typename T>
T take_value(Result<T>&& r) {
  return std::move(r).value();
}
}  // namespace internal

}  // namespace collegium

// TRY(expr): evaluates a Status or Result<T>; on error returns it from the enclosing
// function (which must return Status or Result<U>); otherwise yields the value (for a
// Result) so that `auto x = TRY(f());` reads naturally. Do not use it inside a braced
// initializer next to other members (`T{TRY(a), TRY(b)}`): returning from the middle of
// one skips the destructors of the members already built. Assign to variables instead.
#define TRY(expr) COLLEGIUM_TRY_IMPL(expr, COLLEGIUM_CONCAT(collegium_try_, __COUNTER__))
#define COLLEGIUM_CONCAT_INNER(a, b) a##b
#define COLLEGIUM_CONCAT(a, b) COLLEGIUM_CONCAT_INNER(a, b)
// A unique variable per expansion keeps nested TRYs (in lambdas) from shadowing.
#define COLLEGIUM_TRY_IMPL(expr, var)                                        \
  ({                                                                         \
    auto var = (expr);                                                       \
    if (!var.ok()) return ::collegium::internal::take_error(std::move(var)); \
    ::collegium::internal::take_value(std::move(var));                       \
  })
