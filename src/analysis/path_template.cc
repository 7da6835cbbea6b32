#include "analysis/path_template.h"

#include <cstddef>

namespace waftune {
namespace {

constexpr size_t kMaxPatternLength = 200;  // AWS WAF regex limit.

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsTokenChar(char c) { return IsDigit(c) || IsAlpha(c) || c == '_' || c == '-'; }

bool AllOf(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !IsHex(s[i])) return false;
  }
  return true;
}

// A token must mix letters and digits so that long words
// ("configuration-settings") stay literal.
bool IsToken(std::string_view s) {
  if (s.size() < 20 || !AllOf(s, IsTokenChar)) return false;
  bool digit = false, alpha = false;
  for (char c : s) {
    digit |= IsDigit(c);
    alpha |= IsAlpha(c);
  }
  return digit && alpha;
}

const char* SegmentPattern(SegmentKind kind) {
  switch (kind) {
    case SegmentKind::kNumber: return "[0-9]+";
    case SegmentKind::kUuid:
      return "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    case SegmentKind::kHex: return "[0-9a-fA-F]+";
    case SegmentKind::kToken: return "[A-Za-z0-9_-]+";
    case SegmentKind::kLiteral: break;
  }
  return "";
}

}  // namespace

SegmentKind ClassifySegment(std::string_view s) {
  if (AllOf(s, IsDigit)) return SegmentKind::kNumber;
  if (IsUuid(s)) return SegmentKind::kUuid;
  // Hex hashes: MD5 and longer; shorter hex words ("cafe", "add") are words.
  if (s.size() >= 16 && AllOf(s, IsHex)) return SegmentKind::kHex;
  if (IsToken(s)) return SegmentKind::kToken;
  return SegmentKind::kLiteral;
}

std::string RegexEscape(std::string_view s) {
  static constexpr std::string_view kMeta = "\\^$.|?*+()[]{}";
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (kMeta.find(c) != std::string_view::npos) {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

std::string PathTemplate(std::string_view path) {
  path = path.substr(0, path.find('?'));
  if (path.empty() || path[0] != '/') return "";
  std::string out = "^";
  size_t pos = 0;
  while (pos < path.size()) {
    out.push_back('/');
    size_t end = path.find('/', pos + 1);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(pos + 1, end - pos - 1);
    SegmentKind kind = ClassifySegment(seg);
    out += kind == SegmentKind::kLiteral ? RegexEscape(seg) : SegmentPattern(kind);
    pos = end;
  }
  out.push_back('$');
  if (out.size() > kMaxPatternLength) return "";
  return out;
}

}  // namespace waftune
