// DescribeRecord: a canonical text of every field of a WafRecord, for
// differential fuzz targets that parse the same input two ways and must get
// equal records.
//
// Every string is written as "<length>:<bytes>" and every list as
// "<count>[...]", so the text is injective: two records that differ in any
// field (including an empty view versus a missing list entry, or bytes that
// look like the separators) never describe alike. The result is a fresh
// std::string owning its bytes, so it stays valid after the views of the
// record die (the next parse). Header-only; stateless and thread-safe.
#ifndef WAFTUNE_FUZZ_WAF_RECORD_DESCRIBE_H_
#define WAFTUNE_FUZZ_WAF_RECORD_DESCRIBE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "logs/waf_record.h"

namespace waftune::fuzz {
namespace describe_internal {

// Field labels make a mismatch readable in a debugger; the lengths and
// counts, not the labels, are what keep the text unambiguous.
inline void Str(std::string* out, std::string_view label, std::string_view s) {
  out->append(label);
  out->push_back('=');
  out->append(std::to_string(s.size()));
  out->push_back(':');
  out->append(s);
  out->push_back(';');
}

inline void Int(std::string* out, std::string_view label, int64_t v) {
  out->append(label);
  out->push_back('=');
  out->append(std::to_string(v));
  out->push_back(';');
}

// The enum's numeric value, not its name: WafActionName folds nothing
// today, but a describe must not depend on that.
inline void Action(std::string* out, std::string_view label, WafAction a) {
  Int(out, label, static_cast<int64_t>(a));
}

inline void Count(std::string* out, std::string_view label, size_t n) {
  out->append(label);
  out->push_back('#');
  out->append(std::to_string(n));
  out->push_back('[');
}

inline void StrList(std::string* out, std::string_view label,
                    const std::vector<std::string_view>& list) {
  Count(out, label, list.size());
  for (std::string_view s : list) Str(out, "", s);
  out->push_back(']');
}

inline void Details(std::string* out, std::string_view label,
                    const std::vector<MatchDetail>& details) {
  Count(out, label, details.size());
  for (const MatchDetail& d : details) {
    Str(out, "cond", d.condition_type);
    Str(out, "loc", d.location);
    Str(out, "field", d.field_name);
    StrList(out, "data", d.matched_data);
  }
  out->push_back(']');
}

inline void Match(std::string* out, const RuleMatch& m) {
  out->push_back('{');
  Str(out, "rule", m.rule_id);
  Action(out, "act", m.action);
  Action(out, "over", m.overridden_action);
  Details(out, "details", m.details);
  out->push_back('}');
}

inline void Matches(std::string* out, std::string_view label,
                    const std::vector<RuleMatch>& matches) {
  Count(out, label, matches.size());
  for (const RuleMatch& m : matches) Match(out, m);
  out->push_back(']');
}

inline void Groups(std::string* out, const std::vector<RuleGroupEntry>& groups) {
  Count(out, "groups", groups.size());
  for (const RuleGroupEntry& g : groups) {
    out->push_back('{');
    Str(out, "id", g.group_id);
    // The terminating match is described even when has_terminating is
    // false: it must then be empty on both paths too.
    Int(out, "has_term", g.has_terminating ? 1 : 0);
    Match(out, g.terminating);
    Matches(out, "nonterm", g.non_terminating);
    StrList(out, "excluded", g.excluded_as_count);
    out->push_back('}');
  }
  out->push_back(']');
}

inline void RateBased(std::string* out, const std::vector<RateBasedEntry>& list) {
  Count(out, "rate", list.size());
  for (const RateBasedEntry& e : list) {
    Str(out, "id", e.rule_id);
    Str(out, "name", e.rule_name);
    Str(out, "key", e.limit_key);
    Str(out, "value", e.limit_value);
    Int(out, "max", e.max_rate_allowed);
  }
  out->push_back(']');
}

inline void Request(std::string* out, const HttpRequest& q) {
  Str(out, "ip", q.client_ip);
  Str(out, "country", q.country);
  Str(out, "method", q.method);
  Str(out, "uri", q.uri);
  Str(out, "args", q.args);
  Str(out, "version", q.http_version);
  Str(out, "reqid", q.request_id);
  Str(out, "host", q.host);
  Str(out, "scheme", q.scheme);
  Str(out, "fragment", q.fragment);
  Count(out, "headers", q.headers.size());
  for (const HttpHeader& h : q.headers) {
    Str(out, "n", h.name);
    Str(out, "v", h.value);
  }
  out->push_back(']');
}

inline void Token(std::string* out, std::string_view label, const TokenResponse& t) {
  out->append(label);
  out->push_back('{');
  Int(out, "present", t.present ? 1 : 0);
  Int(out, "code", t.response_code);
  Int(out, "solved", t.solve_timestamp);
  Str(out, "reason", t.failure_reason);
  out->push_back('}');
}

}  // namespace describe_internal

inline std::string DescribeRecord(const WafRecord& r) {
  namespace d = describe_internal;
  std::string out;
  d::Int(&out, "ts", r.timestamp_ms);
  d::Str(&out, "acl", r.webacl_id);
  d::Str(&out, "term_id", r.terminating_rule_id);
  d::Str(&out, "term_type", r.terminating_rule_type);
  d::Action(&out, "action", r.action);
  d::Details(&out, "term_details", r.terminating_match_details);
  d::Str(&out, "src_name", r.http_source_name);
  d::Str(&out, "src_id", r.http_source_id);
  d::Groups(&out, r.rule_groups);
  d::RateBased(&out, r.rate_based);
  d::Matches(&out, "nonterm", r.non_terminating);
  d::StrList(&out, "labels", r.labels);
  d::Request(&out, r.request);
  d::Int(&out, "sent", r.response_code_sent);
  d::Int(&out, "body", r.request_body_size);
  d::Int(&out, "inspected", r.request_body_size_inspected);
  d::StrList(&out, "oversize", r.oversize_fields);
  d::Token(&out, "captcha", r.captcha);
  d::Token(&out, "challenge", r.challenge);
  d::Str(&out, "ja3", r.ja3);
  d::Str(&out, "ja4", r.ja4);
  return out;
}

}  // namespace waftune::fuzz

#endif  // WAFTUNE_FUZZ_WAF_RECORD_DESCRIBE_H_
