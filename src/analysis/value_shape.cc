#include "analysis/value_shape.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <re2/re2.h>

#include "match/aws_regex_check.h"

namespace waftune {
namespace {

// Printable ASCII, space included: the only bytes a shape is built from.
// Control bytes, NUL and non-ASCII (a byte escape means a code point in
// RE2's UTF-8 mode, not the byte) would make the pattern lie.
bool Printable(char c) {
  return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
}

constexpr std::string_view kMeta = "\\^$.|?*+()[]{}";
constexpr std::string_view kBoundaries = "/=:?&";
constexpr size_t kMaxIntegerDigits = 18;  // Fits uint64_t without overflow.

bool IsInteger(std::string_view v) {
  if (v.empty() || v.size() > kMaxIntegerDigits) return false;
  if (v.size() > 1 && v[0] == '0') return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string DigitRange(char lo, char hi) {
  if (lo == hi) return std::string(1, lo);
  return std::string("[") + lo + "-" + hi + "]";
}

std::string AnyDigits(size_t n) {
  if (n == 0) return "";
  if (n == 1) return "[0-9]";
  return "[0-9]{" + std::to_string(n) + "}";
}

// "[A-Za-z0-9_.-]{8,64}" over `values` minus their first `skip` bytes.
std::string ClassFragment(const std::vector<std::string_view>& values, size_t skip,
                          const ShapeOptions& o) {
  bool upper = false, lower = false, digit = false;
  std::set<char> punct;
  size_t min_len = SIZE_MAX, max_len = 0;
  for (std::string_view v : values) {
    std::string_view r = v.substr(std::min(skip, v.size()));
    for (char c : r) {
      if (!Printable(c)) return "";
      if (c >= 'A' && c <= 'Z') upper = true;
      else if (c >= 'a' && c <= 'z') lower = true;
      else if (c >= '0' && c <= '9') digit = true;
      else punct.insert(c);
    }
    min_len = std::min(min_len, r.size());
    max_len = std::max(max_len, r.size());
  }
  if (values.empty() || max_len == 0 || max_len > o.max_length ||
      punct.size() > o.max_punctuation) {
    return "";
  }
  std::string out = "[";
  if (upper) out += "A-Z";
  if (lower) out += "a-z";
  if (digit) out += "0-9";
  for (char c : punct) {
    if (c == '-') continue;  // Last, where it is a literal.
    if (c == '\\' || c == ']' || c == '[' || c == '^') out.push_back('\\');
    out.push_back(c);
  }
  if (punct.count('-')) out.push_back('-');
  out += "]{" + std::to_string(min_len);
  if (max_len != min_len) out += "," + std::to_string(max_len);
  return out + "}";
}

// The shape is offered only if it is deployable and separates the values.
bool Separates(const std::string& pattern, const std::vector<std::string_view>& legit,
               const std::vector<std::string_view>& attacks, const ShapeOptions& o) {
  if (pattern.empty() || pattern.size() > o.max_pattern || !CheckAwsRegex(pattern).ok()) {
    return false;
  }
  RE2::Options ro;
  ro.set_log_errors(false);
  RE2 re(pattern, ro);
  if (!re.ok()) return false;
  for (std::string_view v : legit) {
    if (!RE2::PartialMatch(v, re)) return false;
  }
  for (std::string_view v : attacks) {
    if (RE2::PartialMatch(v, re)) return false;
  }
  return true;
}

std::optional<ValueShape> IntegerShape(const std::vector<std::string_view>& legit,
                                       const ShapeOptions& o) {
  uint64_t n = 0;
  for (std::string_view v : legit) {
    if (!IsInteger(v)) return std::nullopt;
    uint64_t x = 0;
    std::from_chars(v.data(), v.data() + v.size(), x);  // IsInteger: fits.
    n = std::max(n, x);
  }
  std::string p = IntegerAtMostPattern(n, o.max_pattern);
  if (p.empty()) return std::nullopt;
  return ValueShape{ShapeKind::kIntegerBound, p, "integer <= " + std::to_string(n)};
}

}  // namespace

const char* ShapeKindName(ShapeKind kind) {
  switch (kind) {
    case ShapeKind::kIntegerBound: return "integer-bound";
    case ShapeKind::kPrefixClass: return "prefix-class";
    case ShapeKind::kCharClass: return "char-class";
    case ShapeKind::kPrefix: return "prefix";
  }
  return "unknown";
}

std::optional<std::string> EscapeLiteral(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    if (!Printable(c)) return std::nullopt;
    if (kMeta.find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string IntegerAtMostPattern(uint64_t n, size_t max_pattern) {
  const std::string d = std::to_string(n);
  const size_t k = d.size();
  std::vector<std::string> alts;
  if (k == 1) {
    alts.push_back(DigitRange('0', d[0]));
  } else {
    alts.push_back("0");
    alts.push_back("[1-9]" + (k == 2 ? std::string() : "[0-9]{0," + std::to_string(k - 2) + "}"));
    // k-digit numbers below n: same first i digits, a smaller digit at i.
    for (size_t i = 0; i < k; ++i) {
      char lo = i == 0 ? '1' : '0';
      if (d[i] <= lo) continue;
      alts.push_back(d.substr(0, i) + DigitRange(lo, static_cast<char>(d[i] - 1)) +
                     AnyDigits(k - i - 1));
    }
    alts.push_back(d);
  }
  std::string out = "^(?:";
  for (size_t i = 0; i < alts.size(); ++i) out += (i ? "|" : "") + alts[i];
  out += ")$";
  return out.size() <= max_pattern ? out : "";
}

std::string CommonPrefix(const std::vector<std::string_view>& values) {
  if (values.empty()) return "";
  std::string_view p = values[0];
  for (std::string_view v : values) {
    size_t n = 0;
    while (n < p.size() && n < v.size() && p[n] == v[n]) ++n;
    p = p.substr(0, n);
  }
  size_t printable = 0;
  while (printable < p.size() && Printable(p[printable])) ++printable;
  p = p.substr(0, printable);
  size_t cut = p.find_last_of(kBoundaries);
  if (cut == std::string_view::npos) return "";
  p = p.substr(0, cut + 1);
  // A URL prefix must pin the host: "https://shop.example.com" would also
  // cover "https://shop.example.com.evil.net/".
  size_t scheme = p.find("://");
  if (scheme != std::string_view::npos) {
    size_t host_end = p.find('/', scheme + 3);
    if (host_end == std::string_view::npos || host_end == scheme + 3) return "";
  }
  return std::string(p);
}

std::string CharClassPattern(const std::vector<std::string_view>& values, size_t skip,
                             const ShapeOptions& o) {
  std::string f = ClassFragment(values, skip, o);
  return f.empty() ? "" : "^" + f + "$";
}

std::vector<ValueShape> InferShapes(const std::vector<std::string_view>& legit,
                                    const std::vector<std::string_view>& attacks,
                                    const ShapeOptions& o) {
  std::vector<ValueShape> candidates;
  if (legit.empty()) return candidates;
  if (auto s = IntegerShape(legit, o)) candidates.push_back(*s);
  std::string prefix = CommonPrefix(legit);
  std::optional<std::string> escaped = EscapeLiteral(prefix);
  bool has_prefix = prefix.size() >= o.min_prefix && escaped;
  if (has_prefix) {
    std::string f = ClassFragment(legit, prefix.size(), o);
    if (!f.empty()) {
      candidates.push_back({ShapeKind::kPrefixClass, "^" + *escaped + f + "$",
                            "prefix \"" + prefix + "\" then " + f});
    }
  }
  std::string cls = CharClassPattern(legit, 0, o);
  if (!cls.empty()) candidates.push_back({ShapeKind::kCharClass, cls, "values like " + cls});
  if (has_prefix) {
    candidates.push_back({ShapeKind::kPrefix, "^" + *escaped, "prefix \"" + prefix + "\""});
  }
  std::vector<ValueShape> out;
  for (ValueShape& s : candidates) {
    bool dup = std::any_of(out.begin(), out.end(),
                           [&](const ValueShape& x) { return x.pattern == s.pattern; });
    if (!dup && Separates(s.pattern, legit, attacks, o)) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace waftune
