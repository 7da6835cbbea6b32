#include "logs/request_id.h"

namespace waftune {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

bool StartsWithKey(std::string_view part, std::string_view key) {
  if (part.size() < key.size())
    return false;
  for (size_t i = 0; i < key.size(); ++i) {
    char c = part[i];
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if (c != key[i])
      return false;
  }
  return true;
}

}  // namespace

std::string_view NormalizeRequestId(std::string_view id) {
  id = Trim(id);
  if (id.size() >= 2 && id.front() == '"' && id.back() == '"') {
    id = Trim(id.substr(1, id.size() - 2));
  }
  // A CloudFront id may contain '=' (base64 padding) but never "root=" or
  // "self=" at the start of a ';'-part, so only those keys trigger parsing.
  std::string_view self;
  std::string_view rest = id;
  while (!rest.empty()) {
    size_t semi = rest.find(';');
    std::string_view part = Trim(rest.substr(0, semi));
    if (StartsWithKey(part, "root="))
      return Trim(part.substr(5));
    if (self.empty() && StartsWithKey(part, "self=")) {
      self = Trim(part.substr(5));
    }
    if (semi == std::string_view::npos)
      break;
    rest.remove_prefix(semi + 1);
  }
  return self.empty() ? id : self;
}

}  // namespace waftune
