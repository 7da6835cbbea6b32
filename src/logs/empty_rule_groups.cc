#include "logs/empty_rule_groups.h"

#include <string_view>

#include "logs/compact_text.h"

namespace waftune {
namespace {

using compact::Eat;

// An id up to its closing quote; escapes are left to the full parser.
bool EatId(const char** p, const char* end, std::string_view* id) {
  return compact::EatStringBody(p, end, /*may_have_escapes=*/true, id);
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
