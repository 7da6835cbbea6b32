#include "logs/compact_cursor.h"

namespace waftune {

using compact::Eat;

bool CompactCursor::Str(std::string_view* out) {
  if (Null()) {
    *out = {};
    return true;
  }
  return String(out);
}

// A fraction or exponent after the digits stops the caller, which expects
// ',' or a closing bracket next.
bool CompactCursor::Digits(int64_t* out) {
  bool negative = Eat(&p_, end_, "-");
  const char* start = p_;
  int64_t n = 0;
  while (p_ < end_ && *p_ >= '0' && *p_ <= '9' && p_ - start < 18) {
    n = n * 10 + (*p_ - '0');
    ++p_;
  }
  size_t len = static_cast<size_t>(p_ - start);
  if (len == 0 || (start[0] == '0' && (len > 1 || negative))) return false;
  if (p_ < end_ && *p_ >= '0' && *p_ <= '9') return false;  // 19 digits or more.
  *out = negative ? -n : n;
  return true;
}

bool CompactCursor::Int(int64_t* out) {
  if (Null()) return true;
  if (Peek('"')) {
    std::string_view s;
    if (!String(&s) || s.empty() || s.size() > 18) return false;
    int64_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + (c - '0');
    }
    *out = n;
    return true;
  }
  return Digits(out);
}

// A JSON number, fully checked.
bool CompactCursor::SkipNumber() {
  Eat(&p_, end_, "-");
  auto digits = [&] {
    const char* start = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ > start;
  };
  const char* first = p_;
  if (!digits() || (*first == '0' && p_ - first > 1)) return false;
  if (Eat(&p_, end_, ".") && !digits()) return false;
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
    ++p_;
    if (!Eat(&p_, end_, "+")) Eat(&p_, end_, "-");
    if (!digits()) return false;
  }
  return true;
}

// The full parser skips unknown values without looking, so accepting only
// valid ones is never more lenient than it.
bool CompactCursor::SkipValue(int depth) {
  if (p_ >= end_ || depth > kMaxSkipDepth) return false;
  std::string_view ignored;
  switch (*p_) {
    case '"':
      return String(&ignored);
    case '{':
      return EachField([&](std::string_view) { return SkipValue(depth + 1); });
    case '[':
      return EachElement([&] { return SkipValue(depth + 1); });
    case 't':
      return Eat(&p_, end_, "true");
    case 'f':
      return Eat(&p_, end_, "false");
    case 'n':
      return Null();
    default:
      return SkipNumber();
  }
}

}  // namespace waftune
