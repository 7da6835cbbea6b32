#include "report/json_escape.h"

namespace waftune {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendU16Escape(std::string* out, uint32_t unit) {
  out->append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4) {
    out->push_back(kHex[(unit >> shift) & 0xF]);
  }
}

// Length of the sequence a lead byte announces, 0 if it cannot lead.
int SequenceLength(uint8_t lead) {
  if (lead < 0x80)
    return 1;
  if (lead >= 0xC2 && lead <= 0xDF)
    return 2;
  if (lead >= 0xE0 && lead <= 0xEF)
    return 3;
  if (lead >= 0xF0 && lead <= 0xF4)
    return 4;
  return 0;  // Continuation byte, C0/C1 (always overlong), F5..FF.
}

}  // namespace

int32_t NextUtf8CodePoint(std::string_view s, size_t* pos) {
  const auto lead = static_cast<uint8_t>(s[*pos]);
  const int len = SequenceLength(lead);
  if (len == 1) {
    ++*pos;
    return lead;
  }
  if (len == 0 || *pos + len > s.size()) {
    ++*pos;
    return -1;
  }
  uint32_t cp = lead & (0x7F >> len);
  for (int i = 1; i < len; ++i) {
    const auto b = static_cast<uint8_t>(s[*pos + i]);
    if ((b & 0xC0) != 0x80) {
      ++*pos;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF: each is a
  // way to smuggle a character past a byte-level filter.
  static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[len] || (cp >= 0xD800 && cp <= 0xDFFF) ||
      cp > 0x10FFFF) {
    ++*pos;
    return -1;
  }
  *pos += len;
  return static_cast<int32_t>(cp);
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void AppendJsonString(std::string* out, std::string_view s) {
  out->reserve(out->size() + s.size() + 2);
  out->push_back('"');
  size_t pos = 0;
  while (pos < s.size()) {
    const int32_t cp = NextUtf8CodePoint(s, &pos);
    switch (cp) {
      case '"':
        out->append("\\\"");
        continue;
      case '\\':
        out->append("\\\\");
        continue;
      case '\n':
        out->append("\\n");
        continue;
      case '\r':
        out->append("\\r");
        continue;
      case '\t':
        out->append("\\t");
        continue;
      case '\b':
        out->append("\\b");
        continue;
      case '\f':
        out->append("\\f");
        continue;
      default:
        break;
    }
    if (cp < 0) {
      AppendU16Escape(out, 0xFFFD);
    } else if (cp < 0x20 || cp == 0x7F || cp == '<' || cp == '>' || cp == '&' ||
               cp == 0x2028 || cp == 0x2029) {
      AppendU16Escape(out, static_cast<uint32_t>(cp));
    } else {
      AppendUtf8(out, static_cast<uint32_t>(cp));
    }
  }
  out->push_back('"');
}

std::string JsonString(std::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

}  // namespace waftune
