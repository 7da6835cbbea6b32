#include "analysis/legitimacy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace waftune {
namespace {

void Add(double weight, const char* name, double* score,
         std::vector<Contribution>* explain) {
  *score += weight;
  if (explain != nullptr) explain->emplace_back(name, weight);
}

// A monitor or health check: many requests to very few paths with no sign of
// attack. Such clients are often blocked on every request (no user agent),
// so the absence of successful responses must not count against them.
bool SteadyAutomation(const WafClientProfile& waf, const AccessProfile* access,
                      const LegitimacyWeights& w) {
  uint64_t requests = access ? std::max(access->requests, waf.flagged) : waf.flagged;
  uint64_t paths = access ? std::max(access->distinct_paths, waf.distinct_uris)
                          : waf.distinct_uris;
  // Read-only and never rate limited: credential stuffing and sign-up bots
  // also hit one path over and over, but they POST.
  bool clean = waf.flagged_signature == 0 && !waf.tool_user_agent &&
               !waf.reputation && (!access || access->signature_hits == 0) &&
               waf.distinct_rules <= 1 && waf.writes == 0 && !waf.rate_limited;
  return clean && requests >= static_cast<uint64_t>(w.automation_requests_min) &&
         paths <= static_cast<uint64_t>(w.automation_paths_max);
}

// Successful pages and static assets: a person's browser.
bool BrowsingSession(const AccessProfile* a, const LegitimacyWeights& w) {
  return a != nullptr && a->target_success >= static_cast<uint64_t>(w.success_min) &&
         a->static_assets >= static_cast<uint64_t>(w.assets_min) &&
         a->distinct_pages >= static_cast<uint64_t>(w.pages_min);
}

// Long served history, one rule, few of its requests flagged. A prober's
// flagged share is high and it trips many rules; an integration whose
// callback URL looks like RFI trips one rule on a few percent of its calls.
bool IsolatedMatches(const WafClientProfile& waf, const AccessProfile& a,
                     const LegitimacyWeights& w) {
  return a.target_success >= static_cast<uint64_t>(w.long_success_min) &&
         waf.distinct_rules == 1 && !waf.tool_user_agent && !waf.rate_limited &&
         static_cast<double>(waf.flagged) <=
             w.isolated_share_max * static_cast<double>(a.requests);
}

// Only writes, none served, in a burst: a bot posting a form it never
// loaded. The interval guard keeps a webhook sender whose (spaced) deliveries
// are all blocked out of it.
bool BlindWrites(const WafClientProfile& waf, const AccessProfile& a,
                 const LegitimacyWeights& w) {
  if (a.requests < static_cast<uint64_t>(w.blind_writes_min) || a.target_success != 0 ||
      waf.writes < a.requests) {
    return false;
  }
  double span_s = static_cast<double>(a.last_ms - a.first_ms) / 1000.0;
  return span_s <= w.blind_write_interval_max_s * static_cast<double>(a.requests - 1);
}

void AccessContributions(const WafClientProfile& waf, const AccessProfile& a,
                         const LegitimacyWeights& w, bool automation, double* score,
                         std::vector<Contribution>* explain) {
  if (a.distinct_error_paths >= static_cast<uint64_t>(w.scanner_error_paths_min)) {
    Add(w.scanner_errors, "client probes many distinct paths with 4xx", score, explain);
  }
  // A monitor blocked on every request is never served either: that is the
  // false positive itself, not evidence against the client.
  if (!automation && a.requests >= static_cast<uint64_t>(w.never_served_min) &&
      a.target_success == 0) {
    Add(w.never_served, "client was never served by a target", score, explain);
  }
  if (BlindWrites(waf, a, w)) {
    Add(w.blind_writes, "client only sends writes, in a burst, never served", score, explain);
  }
  if (a.target_success >= static_cast<uint64_t>(w.success_min)) {
    Add(w.successful_session, "client has successful target responses", score, explain);
  }
  if (a.target_success >= static_cast<uint64_t>(w.long_success_min)) {
    Add(w.long_session, "client has a long successful session", score, explain);
  }
  // A person browsing or an integration calling an API: two explanations of
  // a long served history, so they do not add up. Otherwise one probe
  // hidden in a browsing session would gain both.
  if (a.static_assets >= static_cast<uint64_t>(w.assets_min) &&
      a.distinct_pages >= static_cast<uint64_t>(w.pages_min)) {
    Add(w.browser_session, "client browses like a person (pages and assets)", score,
        explain);
  } else if (IsolatedMatches(waf, a, w)) {
    Add(w.isolated_matches, "established client, one rule on few of its requests", score,
        explain);
  }
}

// Contributions of the request's own facts.
void RequestContributions(const RequestFacts& request, bool browsing,
                          const LegitimacyWeights& w, double* score,
                          std::vector<Contribution>* explain) {
  if (request.signature_hit) {
    Add(w.request_signature, "request hits an attack signature", score, explain);
  }
  if (request.reputation_label && browsing) {
    Add(w.request_reputation_browsing, "request carries a reputation/bot label (browsing client)",
        score, explain);
  } else if (request.reputation_label) {
    Add(w.request_reputation, "request carries a reputation/bot label", score, explain);
  }
  if (request.session_cookie) {
    Add(w.session_cookie, "request carries a session cookie", score, explain);
  }
}

}  // namespace

double AttackPayloadShare(const WafClientProfile& waf, const AccessProfile* access) {
  uint64_t hits = waf.flagged_signature, requests = waf.flagged;
  if (access != nullptr) {
    hits = std::max(hits, access->signature_hits);
    requests = std::max(requests, access->requests);
  }
  return requests == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(requests);
}

double LegitimacyScore(const RequestFacts& request, const WafClientProfile& waf,
                       const AccessProfile* access, const LegitimacyWeights& w,
                       std::vector<Contribution>* explain) {
  double score = 0;
  Add(w.bias, "bias", &score, explain);
  RequestContributions(request, BrowsingSession(access, w), w, &score, explain);
  if (waf.tool_user_agent) Add(w.tool_user_agent, "tool or scanner user agent", &score, explain);
  if (waf.rate_limited) Add(w.rate_limited, "client was rate limited", &score, explain);
  if (waf.distinct_blocking_rules >= static_cast<uint64_t>(w.many_rules_min)) {
    Add(w.many_rules, "client is blocked by many different rules", &score, explain);
  }
  if (AttackPayloadShare(waf, access) >= w.signature_share_min) {
    Add(w.client_signature_share, "client sends attack payloads", &score, explain);
  }
  bool automation = SteadyAutomation(waf, access, w);
  if (access != nullptr) AccessContributions(waf, *access, w, automation, &score, explain);
  if (automation) {
    Add(w.steady_automation, "steady automation (monitor-like, no attack signs)", &score,
        explain);
  }
  return score;
}

bool ClientHasAttackEvidence(const WafClientProfile& waf, const AccessProfile* access,
                             const LegitimacyWeights& w) {
  if (waf.tool_user_agent || waf.rate_limited) return true;
  // A reputation list names an address, not a person: a carrier-grade NAT or
  // a corporate proxy lands on the DDoS list with all its users. The label
  // alone is evidence only when the client has no browsing session to show.
  if (waf.reputation && !BrowsingSession(access, w)) return true;
  if (waf.distinct_blocking_rules >= static_cast<uint64_t>(w.many_rules_min)) return true;
  if (AttackPayloadShare(waf, access) >= w.signature_share_min) return true;
  if (access == nullptr) return false;
  // One odd URL in a long session is noise; a fifth of them is a pattern.
  return access->distinct_error_paths >= static_cast<uint64_t>(w.scanner_error_paths_min) ||
         (access->signature_hits > 0 && access->signature_hits * 5 >= access->requests);
}

double ScoreToProbability(double score) { return 1.0 / (1.0 + std::exp(-score)); }

std::string EvidenceLevel(double coverage, const LegitimacyWeights& w) {
  if (coverage >= w.strong_coverage) return "strong";
  if (coverage >= w.some_coverage) return "some";
  return "thin";
}

std::string LegitimacyVerdict(double legit_share, const std::string& evidence_level,
                              uint64_t requests, const LegitimacyWeights& w) {
  // Never call a rule safe to block (or harmless to relax) on thin evidence.
  if (evidence_level == "thin" || requests < static_cast<uint64_t>(w.min_requests_for_verdict)) {
    return "mixed";
  }
  if (legit_share >= w.false_positive_share) return "likely-false-positives";
  if (legit_share <= w.attack_share) return "likely-attacks";
  return "mixed";
}

namespace {

template <typename... Args>
std::string Format(const char* fmt, Args... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

}  // namespace

std::string DescribeWeights(const LegitimacyWeights& w) {
  std::string out = "Legitimacy model: log-odds = sum of contributions; p = 1/(1+e^-x)\n";
  auto line = [&](const char* name, double v, const std::string& when) {
    out += Format("  %+5.1f  %-40s %s\n", v, name, when.c_str());
  };
  line("bias", w.bias, "");
  line("request attack signature", w.request_signature, "URI/args/headers/matched data");
  line("request reputation/bot label", w.request_reputation, "amazon-ip-list, anonymous-ip, bot");
  line("  ... on a browsing client", w.request_reputation_browsing,
       "instead, with the browser-session evidence (lists name addresses)");
  line("session cookie", w.session_cookie, "Cookie with session/auth name");
  line("tool user agent", w.tool_user_agent, "scanner-ua signatures");
  line("rate limited", w.rate_limited, "rate-based rule hit");
  line("many rules", w.many_rules, Format("blocked by >= %d distinct rules", w.many_rules_min));
  line("client attack payload share", w.client_signature_share,
       Format(">= %.0f%% of its access-log requests (of flagged ones without a profile)",
              100 * w.signature_share_min));
  line("scanner errors", w.scanner_errors,
       Format(">= %d distinct 4xx paths", w.scanner_error_paths_min));
  line("never served", w.never_served,
       Format(">= %d requests, no target 2xx/3xx", w.never_served_min));
  line("successful session", w.successful_session, Format(">= %d target 2xx/3xx", w.success_min));
  line("long session", w.long_session, Format(">= %d target 2xx/3xx", w.long_success_min));
  line("browser session", w.browser_session,
       Format(">= %d assets and >= %d pages", w.assets_min, w.pages_min));
  line("steady automation", w.steady_automation,
       Format(">= %d GET requests, <= %d paths, no attack signs", w.automation_requests_min,
              w.automation_paths_max));
  line("isolated matches", w.isolated_matches,
       Format("no browser session; >= %d target 2xx/3xx, one rule, flagged <= %.0f%%",
              w.long_success_min, 100 * w.isolated_share_max));
  line("blind writes", w.blind_writes,
       Format(">= %d requests, all writes, none served, one per <= %.0f s",
              w.blind_writes_min, w.blind_write_interval_max_s));
  out += Format("Range: low counts p >= %.2f, high counts p > %.2f.\n", w.high_p, w.low_p);
  out += Format("Verdict: legit share >= %.2f likely-false-positives, <= %.2f likely-attacks, "
                "else mixed.\n", w.false_positive_share, w.attack_share);
  out += Format("Thin evidence (< %.0f%% of requests with an access-log profile) or fewer than "
                "%d requests is always mixed.\n", 100 * w.some_coverage,
                w.min_requests_for_verdict);
  return out;
}

}  // namespace waftune
