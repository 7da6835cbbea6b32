#include "util/status.h"

namespace waftune {

std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kInvalidArgument:
      return "invalid argument: " + message_;
    case Code::kNotFound:
      return "not found: " + message_;
    case Code::kIOError:
      return "I/O error: " + message_;
    case Code::kParseError:
      return "parse error: " + message_;
  }
  return message_;
}

}  // namespace waftune
