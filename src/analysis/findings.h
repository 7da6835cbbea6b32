// Findings: the plain results every command hands to the writers.
//
// One Findings object holds the sections of DESIGN's JSON output; sections a
// command does not compute stay empty / absent (the optional members and
// the `has_*` flags). Writers in src/report/ render it in every format.
// Plain values; no views into input buffers.
#ifndef WAFTUNE_ANALYSIS_FINDINGS_H_
#define WAFTUNE_ANALYSIS_FINDINGS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/diagnosis.h"
#include "analysis/top_k.h"
#include "match/exclusion.h"
#include "util/diagnostics.h"

namespace waftune {

// Counts of one input kind (waf, alb, cloudfront).
struct InputSummary {
  uint64_t files = 0;
  uint64_t records = 0;
  uint64_t skipped = 0;   // Bad records skipped.
  uint64_t warnings = 0;  // Damage that did not skip a record (gzip tails...).
  uint64_t bytes = 0;     // Uncompressed bytes read.
  uint64_t unreadable = 0;  // Files that could not be opened or read.
  std::vector<DiagnosticEntry> errors;  // First examples, sorted.
};

struct TimeBucket {
  int64_t start_ms = 0;
  uint64_t count = 0;
};

// Estimated legitimate traffic in a rule row (only with access logs).
struct LegitimacyFinding {
  uint64_t requests = 0;  // Point estimate.
  uint64_t low = 0;
  uint64_t high = 0;
  uint64_t clients = 0;
  std::string verdict;  // likely-false-positives | mixed | likely-attacks
  // Evidence counters, by name (documented in docs/legitimacy.md).
  std::map<std::string, uint64_t> evidence;
  std::string evidence_level;  // "strong", "some", "thin"
};

// One released request shown as evidence (already redacted).
struct ReplayExample {
  int64_t timestamp_ms = 0;
  std::string request_id, client_ip, country, method, uri, args, user_agent;
  std::string rule_action;  // The action of the released row (BLOCK/COUNT...).
  std::vector<std::string> signature_classes;
  bool suspicious = false;
  // Content-Length as logged ("" when absent): the bound `suggest` learns
  // for size rules (the body itself is never logged).
  std::string content_length;
  // The Cookie header reduced by MaskCookieHeader (suggest_cookies.h):
  // "name=value; ..." with the value of every secret-named cookie (session,
  // token, ...) always "REDACTED". Only `suggest` reads it; writers never
  // print it (the redaction rule masks Cookie in printed evidence).
  std::string cookies;
};

struct ReplayFinding {
  std::string id;
  std::string rule_group;  // Empty = any group.
  std::string rule;
  std::string note;
  uint64_t matched = 0;
  uint64_t released = 0;
  uint64_t unknown = 0;  // A condition needed a REDACTED field.
  uint64_t released_blocks = 0;  // Released where the rule blocked/challenged.
  uint64_t released_counts = 0;  // Released where the rule only counted.
  uint64_t released_suspicious = 0;
  std::optional<uint64_t> released_legitimate;  // With access logs.
  // Per rule row matched: blocks left after the exclusion ("rule|ACTION" ->).
  std::map<std::string, uint64_t> remaining_by_rule;
  std::vector<ReplayExample> examples;
};

struct RuleFinding {
  std::optional<std::string> web_acl_rule;  // null for COUNT inside a group
  std::optional<std::string> rule_group;    // null when not a group rule
  std::string rule;
  std::string action;
  uint64_t requests = 0;
  uint64_t clients = 0;
  bool clients_estimated = false;  // HyperLogLog above the exact limit.
  std::vector<TopEntry> top_uris, top_clients, top_countries, top_labels,
      top_matched;
  std::vector<TimeBucket> series;  // Fixed-width buckets over the window.
  std::optional<LegitimacyFinding> legitimate;
};

// What `suggest` says about one candidate (JSON "verdict", table column):
//  - kSuggested: the suggestion for its slot (`kept` is true);
//  - kAlternative: passes every guardrail but another candidate was chosen;
//    it carries its own WAFv2/Terraform so it can be deployed as printed;
//  - kRejected: fails a guardrail (or cannot be emitted); never deploy.
enum class SuggestionVerdict { kSuggested, kAlternative, kRejected };

// "suggested" | "alternative" | "rejected" (the JSON values, a contract).
inline const char* SuggestionVerdictName(SuggestionVerdict v) {
  switch (v) {
    case SuggestionVerdict::kSuggested: return "suggested";
    case SuggestionVerdict::kAlternative: return "alternative";
    case SuggestionVerdict::kRejected: return "rejected";
  }
  return "rejected";
}

// One candidate exclusion from `suggest`, with its replay and verdict.
struct SuggestionFinding {
  std::string rule_group;  // Without "#Version_x".
  std::string rule;
  uint64_t rule_requests = 0;    // Rows of this rule in the window.
  uint64_t rule_legitimate = 0;  // Their estimated legitimate requests.
  std::string web_acl_rule;      // The group's rule in the web ACL.
  Exclusion exclusion;           // Its `when` is the scope.
  ReplayFinding replay;
  double coverage = 0;  // released_legitimate / rule_legitimate.
  bool kept = false;  // Same as verdict == kSuggested (older JSON field).
  SuggestionVerdict verdict = SuggestionVerdict::kRejected;
  std::string reason;  // Why suggested, an alternative or rejected.
  std::string wafv2_json;  // {"rules":[...]}; empty when not emitted.
  std::string terraform;   // rule blocks; empty when not emitted.

  // Sets verdict and reason, keeping `kept` in step with the verdict.
  void Decide(SuggestionVerdict v, std::string why) {
    verdict = v;
    kept = v == SuggestionVerdict::kSuggested;
    reason = std::move(why);
  }
};

struct Findings {
  std::string command;
  std::map<std::string, InputSummary> inputs;  // "waf", "alb", "cloudfront"
  int64_t window_start_ms = 0;  // 0 when no record was read.
  int64_t window_end_ms = 0;
  int64_t bucket_ms = 0;  // Width of RuleFinding::series buckets.
  uint64_t waf_requests = 0;  // Records that passed the filters.
  std::map<std::string, uint64_t> requests_by_action;
  std::vector<std::string> web_acls;  // Names seen, sorted.
  std::vector<RuleFinding> rules;
  std::optional<DiagnosisResult> diagnosis;  // With access logs.
  bool has_replay = false;
  std::vector<ReplayFinding> replay;
  std::vector<SuggestionFinding> suggestions;  // `suggest` only.
  std::vector<std::string> notes;  // Method notes and caveats for readers.
};

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_FINDINGS_H_
