// CompactCursor: reads JSON values from plain compact text (no whitespace
// between tokens, no escapes in strings), one token after another, for the
// WAF record fast path (compact_record.h). Each method consumes a value of
// the kind it names and returns true, or returns false where the text is
// not such a value in that form; the caller then gives the whole text to
// the full parser, so a false may leave the cursor anywhere. Never reads at
// or past `end`. Views returned point into the text. Not thread-safe (one
// per parse), cheap to make.
#ifndef WAFTUNE_LOGS_COMPACT_CURSOR_H_
#define WAFTUNE_LOGS_COMPACT_CURSOR_H_

#include <cstdint>
#include <string_view>

#include "logs/compact_text.h"

namespace waftune {

class CompactCursor {
 public:
  // REQUIRES: [p, end) holds no '\\' (strings end at the next quote).
  CompactCursor(const char* p, const char* end) : p_(p), end_(end) {}

  const char* pos() const { return p_; }
  const char* end() const { return end_; }
  // REQUIRES: pos() <= to <= end().
  void MoveTo(const char* to) { p_ = to; }
  bool Peek(char c) const { return p_ < end_ && *p_ == c; }

  bool Null() { return compact::Eat(&p_, end_, "null"); }
  bool String(std::string_view* out) {
    return compact::Eat(&p_, end_, "\"") && compact::EatStringBody(&p_, end_, false, out);
  }
  // A key and its colon.
  bool Key(std::string_view* key) { return String(key) && compact::Eat(&p_, end_, ":"); }
  // A string, or null (left empty).
  bool Str(std::string_view* out);
  // An integer the full parser surely reads alike (up to 18 digits, no
  // leading zero, optionally negative), a string of 1-18 digits ("403"), or
  // null (left as is).
  bool Int(int64_t* out);
  // Any JSON value, fully checked, nested at most kMaxSkipDepth deep.
  bool Skip() { return SkipValue(0); }

  // fn() reads each element of an array; null is an empty array.
  template <typename Fn>
  bool EachElement(Fn&& fn) {
    if (Null()) return true;
    if (!compact::Eat(&p_, end_, "[")) return false;
    if (compact::Eat(&p_, end_, "]")) return true;
    do {
      if (!fn()) return false;
    } while (compact::Eat(&p_, end_, ","));
    return compact::Eat(&p_, end_, "]");
  }

  // fn(key) reads the value of each field of an object; null is an empty
  // object.
  template <typename Fn>
  bool EachField(Fn&& fn) {
    if (Null()) return true;
    if (!compact::Eat(&p_, end_, "{")) return false;
    if (compact::Eat(&p_, end_, "}")) return true;
    do {
      std::string_view key;
      if (!Key(&key) || !fn(key)) return false;
    } while (compact::Eat(&p_, end_, ","));
    return compact::Eat(&p_, end_, "}");
  }

  // Deeper unknown values are left to the full parser (no deep recursion).
  static constexpr int kMaxSkipDepth = 32;

 private:
  bool Digits(int64_t* out);
  bool SkipValue(int depth);
  bool SkipNumber();

  const char* p_;
  const char* const end_;
};

}  // namespace waftune

#endif  // WAFTUNE_LOGS_COMPACT_CURSOR_H_
