#include "match/aws_regex_check.h"

#include <string>

namespace waftune {
namespace {

Status Reject(std::string_view what, size_t pos, std::string_view hint) {
  std::string msg = std::string(what) + " at offset " + std::to_string(pos) +
                    " is not supported by AWS WAF";
  if (!hint.empty())
    msg += " (" + std::string(hint) + ")";
  return Status::InvalidArgument(std::move(msg));
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Checks the escape at p[i] == '\\'. Sets *skip to the bytes consumed.
Status CheckEscape(std::string_view p, size_t i, size_t* skip) {
  *skip = 2;
  if (i + 1 >= p.size())
    return Status::Ok();  // RE2 reports the dangling '\'.
  char c = p[i + 1];
  if (c >= '1' && c <= '9') {
    return Reject("backreference \\" + std::string(1, c), i, "");
  }
  switch (c) {
    case 'g':
    case 'k':
      return Reject("backreference \\" + std::string(1, c), i, "");
    case 'K':
      return Reject("match reset \\K", i, "");
    case 'R':
      return Reject("newline sequence \\R", i, "use (?:\\r\\n|\\n|\\r)");
    case 'C':
      return Reject("single-byte \\C", i, "use .");
    case 'Q': {
      // \Q...\E is literal text: skip it so its contents are not scanned.
      size_t end = p.find("\\E", i + 2);
      *skip = (end == std::string_view::npos ? p.size() : end + 2) - i;
      return Status::Ok();
    }
    default:
      return Status::Ok();
  }
}

// Checks a group opener at p[i] == '('.
Status CheckGroup(std::string_view p, size_t i) {
  std::string_view rest = p.substr(i + 1);
  if (rest.empty() || (rest[0] != '?' && rest[0] != '*')) {
    return Reject("capturing group", i, "use a non-capturing group (?:...)");
  }
  if (rest[0] == '*')
    return Reject("backtracking verb (*...)", i, "");
  std::string_view q = rest.substr(1);
  auto starts = [&](std::string_view s) { return q.substr(0, s.size()) == s; };
  if (starts("=") || starts("!") || starts("<=") || starts("<!")) {
    return Reject("lookaround", i,
                  "RE2 and AWS WAF have no lookahead/lookbehind");
  }
  if (starts(">"))
    return Reject("atomic group (?>...)", i, "use (?:...)");
  if (starts("("))
    return Reject("conditional (?(...)...)", i, "");
  if (starts("R") || starts("&") || starts("P>") || starts("+") ||
      (!q.empty() && IsDigit(q[0])) ||
      (starts("-") && q.size() > 1 && IsDigit(q[1]))) {
    return Reject("recursion or subroutine call", i, "");
  }
  if (starts("P<") || starts("<") || starts("'")) {
    return Reject("named capturing group", i,
                  "use a non-capturing group (?:...)");
  }
  if (starts("P="))
    return Reject("named backreference", i, "");
  if (starts("#"))
    return Reject("comment group (?#...)", i, "");
  if (starts("C"))
    return Reject("callout (?C...)", i, "");
  return Status::Ok();
}

bool IsQuantifierEnd(std::string_view p, size_t i) {
  char c = p[i];
  return c == '*' || c == '+' || c == '?' || c == '}';
}

}  // namespace

Status CheckAwsRegex(std::string_view p) {
  if (p.empty())
    return Status::InvalidArgument("empty pattern");
  if (p.size() > kMaxAwsRegexLength) {
    return Status::InvalidArgument("pattern is " + std::to_string(p.size()) +
                                   " characters; AWS WAF allows at most " +
                                   std::to_string(kMaxAwsRegexLength) +
                                   " (split it into a list)");
  }
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      size_t skip = 0;
      Status s = CheckEscape(p, i, &skip);
      // Inside a class an escape such as \1 is an octal byte, not a
      // backreference; PCRE and RE2 differ, so reject there too.
      if (!s.ok())
        return s;
      i += skip - 1;
      continue;
    }
    if (in_class) {
      if (c == ']')
        in_class = false;
      continue;
    }
    if (c == '[') {
      in_class = true;
      // A ']' right after '[' or '[^' is a literal member.
      if (i + 1 < p.size() && p[i + 1] == '^')
        ++i;
      if (i + 1 < p.size() && p[i + 1] == ']')
        ++i;
      continue;
    }
    if (c == '(') {
      Status s = CheckGroup(p, i);
      if (!s.ok())
        return s;
      continue;
    }
    // A quantifier followed by '+' is possessive (a lazy '?' is fine).
    if (c == '+' && i > 0 && IsQuantifierEnd(p, i - 1) &&
        !(i >= 2 && p[i - 2] == '\\')) {
      return Reject("possessive quantifier", i - 1, "drop the trailing +");
    }
  }
  return Status::Ok();
}

}  // namespace waftune
