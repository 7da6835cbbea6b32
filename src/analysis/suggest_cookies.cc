#include "analysis/suggest_cookies.h"

#include <algorithm>
#include <cctype>

#include "analysis/replay.h"

namespace waftune {
namespace {

constexpr size_t kMaxCookies = 16;
constexpr size_t kMaxValue = 128;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsCookieName(std::string_view n) {
  if (n.empty() || n.size() > 64) return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

// Calls fn(name, value) for each name=value pair of a Cookie header.
template <typename Fn>
void ForEachPair(std::string_view header, Fn fn) {
  while (!header.empty()) {
    size_t semi = header.find(';');
    std::string_view pair = Trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = Trim(pair.substr(0, eq));
    if (IsCookieName(name) && !fn(name, Trim(pair.substr(eq + 1)))) return;
  }
}

}  // namespace

std::string MaskCookieHeader(std::string_view header) {
  std::string out;
  size_t kept = 0;
  ForEachPair(header, [&](std::string_view name, std::string_view value) {
    // RedactQuery holds the one secret-name policy; the name is a plain
    // token, so "name=" is one pair and comes back masked or unchanged.
    std::string probe = std::string(name) + "=";
    bool secret = RedactQuery(probe) != probe;
    // A cut value would teach a wrong length: leave the cookie out.
    if (!secret && value.size() > kMaxValue) return true;
    if (!out.empty()) out += "; ";
    out += probe;
    out += secret ? std::string_view("REDACTED") : value;
    return ++kept < kMaxCookies;
  });
  return out;
}

std::vector<std::pair<std::string, std::string>> MaskedCookies(std::string_view masked) {
  std::vector<std::pair<std::string, std::string>> out;
  ForEachPair(masked, [&](std::string_view name, std::string_view value) {
    bool seen = std::any_of(out.begin(), out.end(),
                            [&](const auto& p) { return p.first == name; });
    if (!seen) out.emplace_back(std::string(name), std::string(value));
    return true;
  });
  return out;
}

}  // namespace waftune
