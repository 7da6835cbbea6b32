// Exclusion: one candidate exclusion, as in DESIGN's exclusions contract.
//
// Plain data, parsed from an exclusions file (ExclusionsFile) or built by the
// suggester; written back out by the exclusions writer and the WAFv2 /
// Terraform emitters. Patterns are kept as source text here; the Matcher
// compiles them. Thread safety: plain value.
#ifndef WAFTUNE_MATCH_EXCLUSION_H_
#define WAFTUNE_MATCH_EXCLUSION_H_

#include <string>
#include <vector>

namespace waftune {

// What a condition looks at. Names are the contract's `when` keys.
enum class ConditionField {
  kMethod,    // "method"
  kUri,       // "uri" (raw path, as logged)
  kArgs,      // "args" (raw query string)
  kArg,       // "arg:NAME"   URL-decoded value of the first NAME argument
  kHeader,    // "header:NAME" name case-insensitive
  kCookie,    // "cookie:NAME" name case-sensitive
  kLabel,     // "label"      holds when any label matches
  kCountry,   // "country"
  kClientIp,  // "client_ip"  CIDRs, not regexes
};

struct Condition {
  ConditionField field = ConditionField::kUri;
  std::string name;                   // For kArg, kHeader, kCookie.
  std::vector<std::string> patterns;  // RE2 sources (CIDRs for kClientIp); any may hold.
};

struct Exclusion {
  std::string id;
  std::string rule_group;  // Empty = any group. Without "#Version_x".
  std::string rule;        // Inner rule id, or "*" for every rule of the group.
  std::vector<Condition> when;  // All must hold. In file order.
  std::string note;
};

// The contract's key for a condition: "method", "arg:next", "header:content-type".
std::string ConditionKey(const Condition& c);

}  // namespace waftune

#endif  // WAFTUNE_MATCH_EXCLUSION_H_
