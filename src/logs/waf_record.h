// WafRecord: the view of one AWS WAF log record that analyses read.
//
// Filled by WafReader from one JSON record. Every std::string_view points into
// the reader's parse buffers and is valid only during the callback that
// received the record: copy what you keep. Vectors are reused between
// records (Clear() keeps their capacity) so that reading allocates nothing
// in the steady state. Field reference: ../shared/formats/waf-log.md.
// Absent optional fields are empty views / zero / false.
#ifndef WAFTUNE_LOGS_WAF_RECORD_H_
#define WAFTUNE_LOGS_WAF_RECORD_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace waftune {

// The literal a redacted field reads as (logging RedactedFields).
inline constexpr std::string_view kRedacted = "REDACTED";

// Actions as logged. kCount and kExcludedAsCount only appear on rule matches.
enum class WafAction { kUnknown, kAllow, kBlock, kCount, kCaptcha, kChallenge };

WafAction ParseWafAction(std::string_view s);
std::string_view WafActionName(WafAction a);  // "BLOCK", ...

struct MatchDetail {
  std::string_view condition_type;  // "SQL_INJECTION", "XSS".
  std::string_view location;        // "HEADER", "URI", "QUERY_STRING", ...
  std::string_view field_name;      // matchedFieldName, when logged.
  std::vector<std::string_view> matched_data;
};

struct RuleMatch {
  std::string_view rule_id;
  WafAction action = WafAction::kUnknown;
  WafAction overridden_action = WafAction::kUnknown;  // kUnknown if absent.
  std::vector<MatchDetail> details;
};

struct RuleGroupEntry {
  std::string_view group_id;  // As logged, e.g. "AWS#AWSManagedRulesCommonRuleSet#Version_1.2".
  bool has_terminating = false;
  RuleMatch terminating;
  std::vector<RuleMatch> non_terminating;
  std::vector<std::string_view> excluded_as_count;  // excludedRules ruleIds.
};

struct RateBasedEntry {
  std::string_view rule_id;    // rateBasedRuleId
  std::string_view rule_name;  // rateBasedRuleName
  std::string_view limit_key;  // "IP", "FORWARDED_IP", ...
  std::string_view limit_value;
  int64_t max_rate_allowed = 0;
};

struct HttpHeader {
  std::string_view name;  // Original case: compare case-insensitively.
  std::string_view value;
};

struct HttpRequest {
  std::string_view client_ip;
  std::string_view country;  // ISO alpha-2 or "-".
  std::string_view method;
  std::string_view uri;   // Raw, percent-encoding kept, no query string.
  std::string_view args;  // Raw query string without '?'.
  std::string_view http_version;
  std::string_view request_id;  // ALB: trace Root value; CF: x-edge-request-id.
  std::string_view host;
  std::string_view scheme;
  std::string_view fragment;
  std::vector<HttpHeader> headers;

  // First header with this name (case-insensitive), or empty view.
  std::string_view Header(std::string_view name) const;
};

struct TokenResponse {  // captchaResponse / challengeResponse
  bool present = false;
  int64_t response_code = 0;
  int64_t solve_timestamp = 0;
  std::string_view failure_reason;
};

struct WafRecord {
  int64_t timestamp_ms = 0;
  std::string_view webacl_id;  // Usually the web ACL ARN.
  std::string_view terminating_rule_id;
  std::string_view terminating_rule_type;  // REGULAR, RATE_BASED, GROUP, MANAGED_RULE_GROUP
  WafAction action = WafAction::kUnknown;
  std::vector<MatchDetail> terminating_match_details;
  std::string_view http_source_name;  // ALB, CF, APIGW, ...
  std::string_view http_source_id;
  std::vector<RuleGroupEntry> rule_groups;
  std::vector<RateBasedEntry> rate_based;
  std::vector<RuleMatch> non_terminating;  // Top-level (web ACL) matches.
  std::vector<std::string_view> labels;
  HttpRequest request;
  int64_t response_code_sent = 0;  // 0 if absent; int or string in logs.
  int64_t request_body_size = -1;  // -1 if absent.
  int64_t request_body_size_inspected = -1;
  std::vector<std::string_view> oversize_fields;
  TokenResponse captcha;
  TokenResponse challenge;
  std::string_view ja3;
  std::string_view ja4;

  // Web ACL name taken from the ARN ("…/webacl/NAME/ID"), else webacl_id.
  std::string_view WebAclName() const;

  // Empties every field, keeping vector capacity (no allocation next time).
  void Clear();
};

// Group id without a "#Version_x.y" suffix: "AWS#AWSManagedRulesCommonRuleSet".
std::string_view StripGroupVersion(std::string_view group_id);

}  // namespace waftune

#endif  // WAFTUNE_LOGS_WAF_RECORD_H_
