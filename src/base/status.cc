#include "base/status.h"

namespace collegium {

std::string_view code_name(Code code) {
  switch (code) {
    case Code::kOk:
      return "ok";
    case Code::kInvalidArgument:
      return "invalid_argument";
    case Code::kNotFound:
      return "not_found";
    case Code::kAlreadyExists:
      return "already_exists";
    case Code::kFailedPrecondition:
      return "failed_precondition";
    case Code::kParseError:
      return "parse_error";
    case Code::kIoError:
      return "io_error";
    case Code::kCorrupt:
      return "corrupt";
    case Code::kPermissionDenied:
      return "permission_denied";
    case Code::kResourceExhausted:
      return "resource_exhausted";
    case Code::kUnavailable:
      return "unavailable";
    case Code::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Status::to_string() const {
  if (ok()) return "ok";
  if (where_.empty()) return message_;
  return where_ + ": " + message_;
}

Status Status::within(std::string_view prefix) const {
  if (ok() || prefix.empty()) return *this;
  std::string w(prefix);
  if (!where_.empty()) w += where_.front() == '/' ? where_ : ":" + where_;
  return Status(code_, message_, std::move(w));
}

Status invalid_argument(std::string m, std::string w) {
  return {Code::kInvalidArgument, std::move(m), std::move(w)};
}
Status not_found(std::string m, std::string w) {
  return {Code::kNotFound, std::move(m), std::move(w)};
}
Status already_exists(std::string m, std::string w) {
  return {Code::kAlreadyExists, std::move(m), std::move(w)};
}
Status failed_precondition(std::string m, std::string w) {
  return {Code::kFailedPrecondition, std::move(m), std::move(w)};
}
Status permission_denied(std::string m, std::string w) {
  return {Code::kPermissionDenied, std::move(m), std::move(w)};
}
Status parse_error(std::string m, std::string w) {
  return {Code::kParseError, std::move(m), std::move(w)};
}
Status io_error(std::string m, std::string w) {
  return {Code::kIoError, std::move(m), std::move(w)};
}
Status corrupt(std::string m, std::string w) {
  return {Code::kCorrupt, std::move(m), std::move(w)};
}
Status internal_error(std::string m) {
  return {Code::kInternal, std::move(m)};
}

}  // namespace collegium
