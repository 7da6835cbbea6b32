#include "logs/empty_rule_groups.h"

#include <cstring>
#include <string_view>

namespace waftune {
namespace {

// Consumes `lit` at *p if the input holds it there.
bool Eat(const char** p, const char* end, std::string_view lit) {
  if (static_cast<size_t>(end - *p) < lit.size() ||
      std::memcmp(*p, lit.data(), lit.size()) != 0) {
    return false;
  }
  *p += lit.size();
  return true;
}

// An id up to its closing quote; escapes are left to the full parser.
bool EatId(const char** p, const char* end, std::string_view* id) {
  const char* start = *p;
  const void* q = std::memchr(start, '"', end - start);
  if (q == nullptr) return false;
  size_t n = static_cast<const char*>(q) - start;
  if (std::memchr(start, '\\', n) != nullptr) return false;
  *id = std::string_view(start, n);
  *p = start + n + 1;
  return true;
}

bool EatEntry(const char** p, const char* end, std::string_view* id) {
  return Eat(p, end, R"({"ruleGroupId":")") && EatId(p, end, id) &&
         Eat(p, end,
             R"(,"terminatingRule":null,"nonTerminatingMatchingRules":[],)"
             R"("excludedRules":null)") &&
         (Eat(p, end, R"(,"customerConfig":null})") || Eat(p, end, "}"));
}

}  // namespace

bool MatchEmptyRuleGroup(const char* text, const char* end,
                         std::string_view* group_id) {
  return EatEntry(&text, end, group_id);
}

bool MatchEmptyRuleGroups(const char* text, const char* end,
                          std::vector<RuleGroupEntry>* out) {
  const char* p = text;
  if (!Eat(&p, end, "[")) return false;
  if (Eat(&p, end, "]")) return true;
  // Ids are collected first so that a late mismatch leaves *out untouched.
  std::string_view ids[16];
  size_t n = 0;
  do {
    if (n == std::size(ids) || !EatEntry(&p, end, &ids[n])) return false;
    ++n;
  } while (Eat(&p, end, ","));
  if (!Eat(&p, end, "]")) return false;
  for (size_t i = 0; i < n; ++i) out->emplace_back().group_id = ids[i];
  return true;
}

}  // namespace waftune
