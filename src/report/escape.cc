#include "report/escape.h"

#include <cstdint>

namespace waftune {
namespace {

void AppendHexByte(std::string* out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->append("\\x");
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

// Length of the valid UTF-8 sequence at s[i], or 0 when invalid.
size_t Utf8Length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  uint32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Copies valid, printable UTF-8 through `keep`, escaping the rest as \xNN.
template <typename Keep>
std::string SafeText(std::string_view s, Keep&& keep) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = Utf8Length(s, i);
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool c1 = len == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0;
    if (len == 0 || c1 || (len == 1 && (c < 0x20 || c == 0x7F))) {
      size_t n = len == 0 ? 1 : len;
      for (size_t k = 0; k < n; ++k) AppendHexByte(&out, static_cast<unsigned char>(s[i + k]));
      i += n;
      continue;
    }
    keep(&out, s.substr(i, len));
    i += len;
  }
  return out;
}

void Plain(std::string* out, std::string_view ch) { out->append(ch); }

}  // namespace

std::string TerminalSafe(std::string_view s) { return SafeText(s, Plain); }

std::string CsvCell(std::string_view s) {
  std::string text = SafeText(s, Plain);
  bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
                                s[0] == '@' || s[0] == '\t' || s[0] == '\r');
  if (formula) text = std::string("'") + text;
  bool quote = formula || text.find_first_of(",\"\n") != std::string::npos;
  if (!quote) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string MarkdownCell(std::string_view s) {
  return SafeText(s, [](std::string* out, std::string_view ch) {
    if (ch == "|" || ch == "\\" || ch == "`" || ch == "*" || ch == "_" ||
        ch == "[" || ch == "]") {
      out->push_back('\\');
      out->append(ch);
    } else if (ch == "<") {
      out->append("&lt;");
    } else if (ch == ">") {
      out->append("&gt;");
    } else {
      out->append(ch);
    }
  });
}

std::string HtmlEscape(std::string_view s) {
  return SafeText(s, [](std::string* out, std::string_view ch) {
    if (ch == "&") {
      out->append("&amp;");
    } else if (ch == "<") {
      out->append("&lt;");
    } else if (ch == ">") {
      out->append("&gt;");
    } else if (ch == "\"") {
      out->append("&quot;");
    } else if (ch == "'") {
      out->append("&#39;");
    } else {
      out->append(ch);
    }
  });
}

std::string Ellipsize(std::string_view s, size_t max_chars) {
  auto is_lead = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  size_t chars = 0;
  size_t cut = s.size();  // Byte offset where character max_chars-1 starts.
  for (size_t i = 0; i < s.size(); ++i) {
    if (!is_lead(s[i])) continue;
    if (chars + 1 == max_chars) cut = i;
    if (++chars > max_chars) return std::string(s.substr(0, cut)) + "\u2026";
  }
  return std::string(s);
}

}  // namespace waftune
