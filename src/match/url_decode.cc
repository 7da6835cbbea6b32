#include "match/url_decode.h"

namespace waftune {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

void UrlDecode(std::string_view in, bool plus_as_space, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%' && i + 2 < in.size()) {
      int hi = HexValue(in[i + 1]);
      int lo = HexValue(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out->push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out->push_back(plus_as_space && c == '+' ? ' ' : c);
  }
}

bool HasPercentEscape(std::string_view in) {
  for (size_t i = 0; i + 2 < in.size(); ++i) {
    if (in[i] == '%' && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
      return true;
    }
  }
  return false;
}

bool FindQueryArg(std::string_view query, std::string_view name,
                  std::string_view* raw_value, std::string* scratch) {
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string_view::npos)
      end = query.size();
    std::string_view pair = query.substr(pos, end - pos);
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    bool same = false;
    // Only names that carry escapes need decoding; the common case compares
    // the raw bytes.
    if (key.find('%') != std::string_view::npos ||
        key.find('+') != std::string_view::npos) {
      UrlDecode(key, /*plus_as_space=*/true, scratch);
      same = (*scratch == name);
    } else {
      same = (key == name);
    }
    if (same && !pair.empty()) {
      *raw_value = value;
      return true;
    }
    pos = end + 1;
  }
  return false;
}

void NormalizeForSignatures(std::string_view in, bool collapse_slashes,
                            std::string* out, std::string* tmp) {
  UrlDecode(in, /*plus_as_space=*/true, out);
  // Double (and triple) encoding: %252e -> %2e -> '.'. '+' is not turned
  // into a space again, since a decoded %2B is a real plus.
  for (int round = 0; round < 2 && HasPercentEscape(*out); ++round) {
    UrlDecode(*out, /*plus_as_space=*/false, tmp);
    out->swap(*tmp);
  }
  size_t w = 0;
  for (size_t r = 0; r < out->size(); ++r) {
    char c = AsciiLower((*out)[r]);
    if (collapse_slashes && c == '/' && w > 0 && (*out)[w - 1] == '/')
      continue;
    (*out)[w++] = c;
  }
  out->resize(w);
}

}  // namespace waftune
