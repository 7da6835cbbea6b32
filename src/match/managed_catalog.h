// ManagedCatalog: the AWS managed rule groups shipped in rules/aws-managed/.
//
// One JSON file per rule group (format: docs/catalog.md) lists each rule's
// name, its label (labels are NOT derivable from rule names:
// UserAgent_BadBots_HEADER -> ...:core-rule-set:BadBots_Header), the request
// component it inspects, its default action and known false-positive
// contexts. The catalog explains rules in reports and gives the emitters the
// label a "Count + label rule" exclusion must match. Facts the sources do not
// confirm are listed in `unconfirmed` per rule or group, never silently
// guessed. The catalog is immutable after loading; const methods are safe to
// call from many threads. Returned pointers live as long as the catalog.
#ifndef WAFTUNE_MATCH_MANAGED_CATALOG_H_
#define WAFTUNE_MATCH_MANAGED_CATALOG_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "logs/waf_record.h"
#include "util/status.h"

namespace waftune {

struct FalsePositiveContext {
  std::string context;  // "OAuth callbacks with URLs in query values"
  std::string source;   // Issue, doc or "inference ..."
  bool confirmed = true;
};

struct ManagedRuleInfo {
  std::string name;   // "UserAgent_BadBots_HEADER"
  std::string label;  // "awswaf:managed:aws:core-rule-set:BadBots_Header"
  // What the rule inspects: uri_path, query_string, query_arguments, body,
  // headers, headers:<name>, cookies, method, client_ip, or request (a
  // combination of signals, Bot Control).
  std::string component;
  std::string default_action;  // BLOCK, COUNT, CAPTCHA, CHALLENGE.
  std::string description;
  std::vector<FalsePositiveContext> false_positives;
  std::vector<std::string> unconfirmed;  // Field names: "label", ...
  std::string note;

  bool label_confirmed() const { return !IsUnconfirmed("label"); }
  bool IsUnconfirmed(std::string_view field) const;
  // False when WAF logs never carry the component (the body), so no replay
  // or legitimacy judgement can look at what the rule saw.
  bool component_logged() const { return component != "body"; }
};

struct ManagedGroupInfo {
  std::string group_id;           // "AWS#AWSManagedRulesCommonRuleSet"
  std::string vendor;             // "AWS"
  std::string name;               // "AWSManagedRulesCommonRuleSet"
  std::string label_namespace;    // "awswaf:managed:aws:core-rule-set:"
  std::string web_acl_rule_name;  // Console default "AWS-<name>".
  int wcu = 0;
  std::string source;
  std::vector<std::string> unconfirmed;
  std::vector<std::string> notes;
  std::vector<ManagedRuleInfo> rules;
};

class ManagedCatalog {
 public:
  // group_id may carry a version ("AWS#X#Version_1.4"); it is ignored.
  // Returns nullptr when unknown.
  const ManagedGroupInfo* FindGroup(std::string_view group_id) const;
  const ManagedRuleInfo* FindRule(std::string_view group_id,
                                  std::string_view rule) const;
  // Exact, case-sensitive label. Sets *group (if non-null) to its group.
  const ManagedRuleInfo* FindByLabel(
      std::string_view label, const ManagedGroupInfo** group = nullptr) const;

  const std::vector<ManagedGroupInfo>& groups() const { return groups_; }

  // Adds a parsed group; fails on a duplicate group id, rule or label.
  Status AddGroup(ManagedGroupInfo group);

 private:
  std::vector<ManagedGroupInfo> groups_;
  // Indices, not pointers, so copies of the catalog stay valid.
  std::map<std::string, size_t, std::less<>> group_index_;
  std::map<std::string, std::pair<size_t, size_t>, std::less<>> label_index_;
};

// "AWS#AWSManagedRulesCommonRuleSet#Version_1.4" ->
// "AWS#AWSManagedRulesCommonRuleSet". StripGroupVersion() comes from
// logs/waf_record.h (one definition).

// Parses one group file's JSON text; `origin` names it in errors.
Result<ManagedGroupInfo> ParseManagedGroup(std::string_view json,
                                           const std::string& origin);

// Loads every *.json file of dir (sorted by name). Any bad file fails the
// load with a message naming the file and field: the catalog is our own
// data, so an error is a bug to fix, not input to skip.
Result<ManagedCatalog> LoadManagedCatalog(const std::string& dir);

}  // namespace waftune

#endif  // WAFTUNE_MATCH_MANAGED_CATALOG_H_
