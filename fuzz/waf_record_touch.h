// TouchRecord: reads every view of a WafRecord (see fuzz_util.h for why).
// Shared by the WAF reader and request matcher fuzz targets.
#ifndef WAFTUNE_FUZZ_WAF_RECORD_TOUCH_H_
#define WAFTUNE_FUZZ_WAF_RECORD_TOUCH_H_

#include "fuzz/fuzz_util.h"
#include "logs/waf_record.h"

namespace waftune::fuzz {

inline void TouchMatch(const RuleMatch& m) {
  Touch(m.rule_id);
  for (const MatchDetail& d : m.details) {
    Touch(d.condition_type);
    Touch(d.location);
    Touch(d.field_name);
    for (std::string_view s : d.matched_data)
      Touch(s);
  }
}

inline void TouchRecord(const WafRecord& r) {
  Touch(r.webacl_id);
  Touch(r.WebAclName());
  Touch(r.terminating_rule_id);
  Touch(r.terminating_rule_type);
  Touch(WafActionName(r.action));
  Touch(r.http_source_name);
  Touch(r.http_source_id);
  for (const RuleGroupEntry& g : r.rule_groups) {
    Touch(g.group_id);
    Touch(StripGroupVersion(g.group_id));
    if (g.has_terminating)
      TouchMatch(g.terminating);
    for (const RuleMatch& m : g.non_terminating)
      TouchMatch(m);
    for (std::string_view s : g.excluded_as_count)
      Touch(s);
  }
  for (const RateBasedEntry& e : r.rate_based) {
    Touch(e.rule_id);
    Touch(e.rule_name);
    Touch(e.limit_key);
    Touch(e.limit_value);
  }
  for (const RuleMatch& m : r.non_terminating)
    TouchMatch(m);
  for (std::string_view s : r.labels)
    Touch(s);
  const HttpRequest& q = r.request;
  for (std::string_view s :
       {q.client_ip, q.country, q.method, q.uri, q.args, q.http_version,
        q.request_id, q.host, q.scheme, q.fragment}) {
    Touch(s);
  }
  for (const HttpHeader& h : q.headers) {
    Touch(h.name);
    Touch(h.value);
  }
  Touch(q.Header("Content-Type"));
  for (std::string_view s : r.oversize_fields)
    Touch(s);
  Touch(r.captcha.failure_reason);
  Touch(r.challenge.failure_reason);
  Touch(r.ja3);
  Touch(r.ja4);
}

}  // namespace waftune::fuzz

#endif  // WAFTUNE_FUZZ_WAF_RECORD_TOUCH_H_
