// Legitimacy scoring: how likely a blocked or counted request came from a
// legitimate user, from evidence about the request and its client.
//
// The model is a sum of log-odds contributions (weights below, all visible
// through `waftune crossref --explain` and documented in
// docs/legitimacy.md), turned into a probability with the logistic
// function. A request's client is its IP address plus user agent, so a
// scanner behind the same NAT address as real users is profiled apart.
// Pure functions over plain structs; thread-safe.
#ifndef WAFTUNE_ANALYSIS_LEGITIMACY_H_
#define WAFTUNE_ANALYSIS_LEGITIMACY_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace waftune {

// What the access logs (ALB / CloudFront) show about one client.
struct AccessProfile {
  uint64_t requests = 0;
  uint64_t target_success = 0;  // 2xx/3xx answered by a target.
  uint64_t static_assets = 0;   // .js .css .png ... fetched successfully.
  uint64_t client_errors = 0;   // 4xx not caused by the WAF.
  uint64_t waf_blocked = 0;     // 403 by the WAF.
  uint64_t signature_hits = 0;  // Requests whose URL hit an attack signature.
  uint64_t distinct_pages = 0;  // Distinct successful non-asset paths (capped).
  uint64_t distinct_error_paths = 0;  // Distinct 4xx paths (capped).
  uint64_t distinct_paths = 0;        // All distinct paths (capped).
  int64_t first_ms = 0, last_ms = 0;
};

// What the WAF logs show about one client across all its flagged requests.
struct WafClientProfile {
  uint64_t flagged = 0;           // Requests with a BLOCK/COUNT/... row.
  uint64_t flagged_signature = 0;  // ... whose fields hit an attack signature.
  uint64_t distinct_rules = 0;     // Distinct rule rows hit (any action).
  uint64_t distinct_blocking_rules = 0;  // ... that blocked / challenged.
  uint64_t writes = 0;  // Flagged requests with a method other than GET/HEAD/OPTIONS.
  uint64_t distinct_uris = 0;      // Distinct URIs among flagged (capped).
  bool tool_user_agent = false;    // Scanner / tool user agent.
  bool empty_user_agent = false;
  bool reputation = false;  // IP reputation, anonymous IP or bot labels.
  bool rate_limited = false;
};

// Per-request facts from its WAF record.
struct RequestFacts {
  bool signature_hit = false;   // URI, args, headers or matched data.
  bool reputation_label = false;
  bool session_cookie = false;  // Carries a session / auth cookie.
};

struct LegitimacyWeights {
  double bias = 0.0;
  double request_signature = -4.0;
  double request_reputation = -3.0;
  // The same label on a client with a browsing session (see
  // BrowsingSession): the lists name addresses, and a carrier-grade NAT or a
  // corporate proxy lands on them with all its users.
  double request_reputation_browsing = -1.5;
  double session_cookie = 1.0;
  double tool_user_agent = -4.0;
  double rate_limited = -3.5;
  double many_rules = -2.0;  // Client blocked by >= many_rules_min rules.
  int many_rules_min = 3;
  // Share of the client's requests with attack payloads: of all its
  // access-log requests when it has a profile, else of its flagged ones.
  double client_signature_share = -3.0;
  double signature_share_min = 0.3;
  double scanner_errors = -2.5;      // Many distinct 4xx paths.
  int scanner_error_paths_min = 8;
  double successful_session = 2.0;   // Target successes >= success_min.
  int success_min = 5;
  double long_session = 1.0;         // Target successes >= long_success_min.
  int long_success_min = 20;
  double never_served = -2.0;  // Many requests, none answered by a target.
  int never_served_min = 5;
  double browser_session = 1.5;      // Static assets and several pages.
  int assets_min = 3;
  int pages_min = 3;
  double steady_automation = 3.5;    // Monitor-like: few paths, no attack signs.
  int automation_requests_min = 10;
  int automation_paths_max = 2;
  // An established client (>= long_success_min target successes) flagged by
  // a single rule on a small share of its requests: an integration whose one
  // recurring request trips the rule, not a prober. Only without a browser
  // session (the two do not add up). The share bound is one in ten: an
  // integration sending a few odd calls among 50 is 6% (the share of a small
  // client is noisy), a prober with a served history has most of its
  // requests flagged (>= 70% in every generated set).
  double isolated_matches = 3.0;
  double isolated_share_max = 0.10;
  // Every request of the client is a write (POST/PUT/...) that no target
  // served, sent faster than a person fills a form: a form bot.
  double blind_writes = -2.5;
  int blind_writes_min = 5;
  double blind_write_interval_max_s = 30.0;  // Mean seconds between requests.
  // Verdict thresholds on the legitimate share of a rule's requests.
  double false_positive_share = 0.7;
  double attack_share = 0.2;
  // A request counts as surely legitimate (low bound) at p >= high_p and as
  // possibly legitimate (high bound) at p > low_p.
  double high_p = 0.8;
  double low_p = 0.2;
  // Evidence level: share of a rule's requests whose client has an
  // access-log profile.
  double strong_coverage = 0.8;
  double some_coverage = 0.3;
  int min_requests_for_verdict = 5;
};

// One named contribution to a score, for --explain.
using Contribution = std::pair<std::string, double>;

// Log-odds that the request is legitimate; appends contributions when
// `explain` is not null.
double LegitimacyScore(const RequestFacts& request, const WafClientProfile& waf,
                       const AccessProfile* access, const LegitimacyWeights& w,
                       std::vector<Contribution>* explain);

// Share of the client's requests that carried attack payloads: over all its
// access-log requests when `access` is given (a client whose one recurring
// request trips a rule is not an attacker because every *flagged* request
// hits), else over its flagged requests.
double AttackPayloadShare(const WafClientProfile& waf, const AccessProfile* access);

// True when the client shows attack evidence in the WAF logs (tool user
// agent, reputation or rate-based labels, blocked by many rules, attack
// payloads) or, given a profile, in the access logs (scanning 4xx paths,
// signature hits). Used to call a released request suspicious.
bool ClientHasAttackEvidence(const WafClientProfile& waf, const AccessProfile* access,
                             const LegitimacyWeights& w);

// Logistic function: probability from log-odds.
double ScoreToProbability(double score);

// Verdict from the legitimate share and the evidence level.
std::string LegitimacyVerdict(double legit_share, const std::string& evidence_level,
                              uint64_t requests, const LegitimacyWeights& w);

// "strong", "some" or "thin" from the share of requests with a profile.
std::string EvidenceLevel(double coverage, const LegitimacyWeights& w);

// Human-readable table of every weight and threshold (for --explain).
std::string DescribeWeights(const LegitimacyWeights& w);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_LEGITIMACY_H_
