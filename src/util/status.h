// Status and Result<T>: how the core reports failure without exceptions.
//
// A Status is a code plus a human message. Functions that can fail return a
// Status (or a Result<T> holding either a value or a non-ok Status). Bad
// records inside a log are not failures: they go to a Diagnostics sink.
// Thread safety: plain values, copy freely.
#ifndef WAFTUNE_UTIL_STATUS_H_
#define WAFTUNE_UTIL_STATUS_H_

#include <string>
#include <utility>
#include <variant>

namespace waftune {

class Status {
 public:
  enum class Code { kOk, kInvalidArgument, kNotFound, kIOError, kParseError };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status NotFound(std::string msg) {
    return Status(Code::kNotFound, std::move(msg));
  }
  // "path: reason", e.g. IOError(path, std::strerror(errno)).
  static Status IOError(const std::string& path, const std::string& reason) {
    return Status(Code::kIOError, path + ": " + reason);
  }
  static Status ParseError(std::string msg) {
    return Status(Code::kParseError, std::move(msg));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Either a T or a non-ok Status. REQUIRES: construct from a non-ok Status only.
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {}  // NOLINT
  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() { return std::get<T>(data_); }
  const T& value() const { return std::get<T>(data_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace waftune

#endif  // WAFTUNE_UTIL_STATUS_H_
