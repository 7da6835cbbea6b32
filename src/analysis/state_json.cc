#include "analysis/state_json.h"

#include <simdjson.h>

namespace waftune {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void StateJsonOut::Key(std::string_view name, bool comma) {
  if (comma) out_.push_back(',');
  out_.push_back('"');
  out_.append(name);
  out_.append("\":");
}

void StateJsonOut::String(std::string_view s) {
  if (!simdjson::validate_utf8(s.data(), s.size())) {
    out_.append("{\"hex\":\"");
    for (unsigned char c : s) {
      out_.push_back(kHexDigits[c >> 4]);
      out_.push_back(kHexDigits[c & 15]);
    }
    out_.append("\"}");
    return;
  }
  out_.push_back('"');
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out_.push_back('\\');
      out_.push_back(ch);
    } else if (c < 0x20) {
      out_.append("\\u00");
      out_.push_back(kHexDigits[c >> 4]);
      out_.push_back(kHexDigits[c & 15]);
    } else {
      out_.push_back(ch);
    }
  }
  out_.push_back('"');
}

void StateJsonOut::Hex64(uint64_t v) {
  char buf[19];
  buf[0] = '"';
  for (int i = 0; i < 16; ++i) {
    buf[1 + i] = kHexDigits[(v >> (60 - 4 * i)) & 15];
  }
  buf[17] = '"';
  buf[18] = '\0';
  out_.append(buf, 18);
}

void StateJsonOut::HexBytes(const std::vector<uint8_t>& bytes) {
  out_.push_back('"');
  for (uint8_t b : bytes) {
    out_.push_back(kHexDigits[b >> 4]);
    out_.push_back(kHexDigits[b & 15]);
  }
  out_.push_back('"');
}

bool DecodeHex(std::string_view hex, std::string* out) {
  out->clear();
  if (hex.size() % 2 != 0) return false;
  out->reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = HexValue(hex[i]), lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

}  // namespace waftune
