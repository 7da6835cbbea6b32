#include "logs/compact_record.h"

#include <string_view>

#include "logs/compact_cursor.h"
#include "logs/compact_headers.h"

namespace waftune {
namespace {

// Mirrors the field functions of waf_record_parser.cc one for one; each
// returns false where that parser fails or where this reader is unsure.
// "Str" and friends accept the same value types as their namesakes there.
class CompactReader {
 public:
  CompactReader(const char* p, const char* end, HeaderPolicy headers, WafRecord* rec)
      : in_(p, end), headers_(headers), rec_(rec) {}

  const char* Record();

 private:
  bool Action(WafAction* out);

  bool TopField(std::string_view k);
  bool StrList(std::vector<std::string_view>* out);
  bool MatchDetails(std::vector<MatchDetail>* out);
  bool Match(RuleMatch* m);
  bool MatchList(std::vector<RuleMatch>* out);
  bool ExcludedRules(std::vector<std::string_view>* out);
  bool RuleGroups(std::vector<RuleGroupEntry>* out);
  bool RateBased(std::vector<RateBasedEntry>* out);
  bool Labels(std::vector<std::string_view>* out);
  bool Request(HttpRequest* r);
  bool RequestField(std::string_view k, HttpRequest* r);
  bool Headers(HttpRequest* r);
  bool Token(TokenResponse* t);
  bool Oversize(std::vector<std::string_view>* out);

  CompactCursor in_;
  const HeaderPolicy headers_;
  WafRecord* const rec_;
  bool seen_timestamp_ = false, seen_action_ = false, seen_request_ = false;
  bool headers_skipped_ = false;
};

bool CompactReader::Action(WafAction* out) {
  std::string_view s;
  if (!in_.Str(&s)) return false;
  *out = ParseWafAction(s);
  return true;
}

bool CompactReader::StrList(std::vector<std::string_view>* out) {
  return in_.EachElement([&] {
    std::string_view s;
    if (!in_.Str(&s)) return false;
    out->push_back(s);
    return true;
  });
}

bool CompactReader::MatchDetails(std::vector<MatchDetail>* out) {
  return in_.EachElement([&] {
    MatchDetail& d = out->emplace_back();
    return in_.EachField([&](std::string_view k) {
      if (k == "conditionType") return in_.Str(&d.condition_type);
      if (k == "location") return in_.Str(&d.location);
      if (k == "matchedFieldName") return in_.Str(&d.field_name);
      if (k == "matchedData") return StrList(&d.matched_data);
      return in_.Skip();
    });
  });
}

bool CompactReader::Match(RuleMatch* m) {
  return in_.EachField([&](std::string_view k) {
    if (k == "ruleId") return in_.Str(&m->rule_id);
    if (k == "action") return Action(&m->action);
    if (k == "overriddenAction") return Action(&m->overridden_action);
    if (k == "ruleMatchDetails") return MatchDetails(&m->details);
    return in_.Skip();
  });
}

bool CompactReader::MatchList(std::vector<RuleMatch>* out) {
  return in_.EachElement([&] { return Match(&out->emplace_back()); });
}

bool CompactReader::ExcludedRules(std::vector<std::string_view>* out) {
  return in_.EachElement([&] {
    std::string_view type, rule;
    bool ok = in_.EachField([&](std::string_view k) {
      if (k == "exclusionType") return in_.Str(&type);
      if (k == "ruleId") return in_.Str(&rule);
      return in_.Skip();
    });
    if (ok && !rule.empty() && (type.empty() || type == "EXCLUDED_AS_COUNT")) {
      out->push_back(rule);
    }
    return ok;
  });
}

bool CompactReader::RuleGroups(std::vector<RuleGroupEntry>* out) {
  return in_.EachElement([&] {
    RuleGroupEntry& g = out->emplace_back();
    return in_.EachField([&](std::string_view k) {
      if (k == "ruleGroupId") return in_.Str(&g.group_id);
      if (k == "terminatingRule") {
        if (in_.Null()) return true;
        g.has_terminating = true;
        return Match(&g.terminating);
      }
      if (k == "nonTerminatingMatchingRules") return MatchList(&g.non_terminating);
      if (k == "excludedRules") return ExcludedRules(&g.excluded_as_count);
      return in_.Skip();
    });
  });
}

bool CompactReader::RateBased(std::vector<RateBasedEntry>* out) {
  return in_.EachElement([&] {
    RateBasedEntry& r = out->emplace_back();
    return in_.EachField([&](std::string_view k) {
      if (k == "rateBasedRuleId") return in_.Str(&r.rule_id);
      if (k == "rateBasedRuleName") return in_.Str(&r.rule_name);
      if (k == "limitKey") return in_.Str(&r.limit_key);
      if (k == "limitValue") return in_.Str(&r.limit_value);
      if (k == "maxRateAllowed") return in_.Int(&r.max_rate_allowed);
      return in_.Skip();
    });
  });
}

bool CompactReader::Labels(std::vector<std::string_view>* out) {
  return in_.EachElement([&] {
    std::string_view name;
    bool ok = in_.EachField([&](std::string_view k) { return k == "name" ? in_.Str(&name) : in_.Skip(); });
    if (ok && !name.empty()) out->push_back(name);
    return ok;
  });
}

// The headers, stored or only checked as the full parser decides at this
// point of the record.
bool CompactReader::Headers(HttpRequest* r) {
  bool store = headers_ == HeaderPolicy::kAll ||
               (headers_ == HeaderPolicy::kRuleMatched && RuleMatchedInRecord(*rec_));
  if (!store) headers_skipped_ = true;
  if (in_.Null()) return true;
  const char* after =
      MatchCompactHeaders(in_.pos(), in_.end(), false, store ? &r->headers : nullptr);
  if (after == nullptr) return false;
  in_.MoveTo(after);
  return true;
}

bool CompactReader::RequestField(std::string_view k, HttpRequest* r) {
  switch (k.size()) {
    case 3:
      if (k == "uri") return in_.Str(&r->uri);
      break;
    case 4:
      if (k == "args") return in_.Str(&r->args);
      if (k == "host") return in_.Str(&r->host);
      break;
    case 6:
      if (k == "scheme") return in_.Str(&r->scheme);
      break;
    case 7:
      if (k == "country") return in_.Str(&r->country);
      if (k == "headers") return Headers(r);
      break;
    case 8:
      if (k == "clientIp") return in_.Str(&r->client_ip);
      if (k == "fragment") return in_.Str(&r->fragment);
      break;
    case 9:
      if (k == "requestId") return in_.Str(&r->request_id);
      break;
    case 10:
      if (k == "httpMethod") return in_.Str(&r->method);
      break;
    case 11:
      if (k == "httpVersion") return in_.Str(&r->http_version);
      break;
    default:
      break;
  }
  return in_.Skip();
}

bool CompactReader::Request(HttpRequest* r) {
  if (in_.Null()) return false;  // A missing request: the full parser says so.
  seen_request_ = true;
  return in_.EachField([&](std::string_view k) { return RequestField(k, r); });
}

bool CompactReader::Token(TokenResponse* t) {
  if (in_.Null()) return true;
  t->present = true;
  return in_.EachField([&](std::string_view k) {
    if (k == "responseCode") return in_.Int(&t->response_code);
    if (k == "solveTimestamp") return in_.Int(&t->solve_timestamp);
    if (k == "failureReason") return in_.Str(&t->failure_reason);
    return in_.Skip();
  });
}

// oversizeFields is an array in logs but typed string in AWS's Athena DDL.
bool CompactReader::Oversize(std::vector<std::string_view>* out) {
  if (in_.Peek('"')) {
    std::string_view s;
    if (!in_.String(&s)) return false;
    if (!s.empty()) out->push_back(s);
    return true;
  }
  return StrList(out);
}

// Dispatches on the key's length first: a chain of ~20 compares per key
// was a fifth of the fast path's time.
bool CompactReader::TopField(std::string_view k) {
  WafRecord* rec = rec_;
  switch (k.size()) {
    case 6:
      if (k == "action") {
        seen_action_ = true;
        return Action(&rec->action);
      }
      if (k == "labels") return Labels(&rec->labels);
      break;
    case 7:
      if (k == "message") return false;  // CloudWatch wrappers: full parser.
      break;
    case 8:
      if (k == "webaclId") return in_.Str(&rec->webacl_id);
      break;
    case 9:
      if (k == "timestamp") {
        if (in_.Null()) return false;  // No time: the full parser skips the record.
        seen_timestamp_ = true;
        return in_.Int(&rec->timestamp_ms);
      }
      if (k == "logEvents") return false;
      break;
    case 11:
      if (k == "httpRequest") return Request(&rec->request);
      break;
    case 12:
      if (k == "httpSourceId") return in_.Str(&rec->http_source_id);
      break;
    case 13:
      if (k == "ruleGroupList") return RuleGroups(&rec->rule_groups);
      break;
    case 14:
      if (k == "httpSourceName") return in_.Str(&rec->http_source_name);
      if (k == "ja3Fingerprint") return in_.Str(&rec->ja3);
      if (k == "ja4Fingerprint") return in_.Str(&rec->ja4);
      if (k == "oversizeFields") return Oversize(&rec->oversize_fields);
      break;
    case 15:
      if (k == "requestBodySize") return in_.Int(&rec->request_body_size);
      if (k == "captchaResponse") return Token(&rec->captcha);
      break;
    case 16:
      if (k == "responseCodeSent") return in_.Int(&rec->response_code_sent);
      break;
    case 17:
      if (k == "terminatingRuleId") return in_.Str(&rec->terminating_rule_id);
      if (k == "rateBasedRuleList") return RateBased(&rec->rate_based);
      if (k == "challengeResponse") return Token(&rec->challenge);
      break;
    case 19:
      if (k == "terminatingRuleType") return in_.Str(&rec->terminating_rule_type);
      break;
    case 27:
      if (k == "terminatingRuleMatchDetails") return MatchDetails(&rec->terminating_match_details);
      if (k == "nonTerminatingMatchingRules") return MatchList(&rec->non_terminating);
      break;
    case 29:
      if (k == "requestBodySizeInspectedByWAF") {
        return in_.Int(&rec->request_body_size_inspected);
      }
      break;
    default:
      break;
  }
  return in_.Skip();  // Unknown fields are ignored.
}

const char* CompactReader::Record() {
  rec_->Clear();
  if (!in_.Peek('{')) return nullptr;  // EachField would take null.
  if (!in_.EachField([&](std::string_view k) { return TopField(k); })) return nullptr;
  // What the full parser would skip, it also explains.
  if (!seen_timestamp_ || !seen_action_ || !seen_request_) return nullptr;
  if (rec_->action == WafAction::kUnknown || rec_->action == WafAction::kCount) return nullptr;
  // Headers skipped, then a rule matched after them: the full parser reads
  // the record again with headers; so does the caller.
  if (headers_ == HeaderPolicy::kRuleMatched && headers_skipped_ && RuleMatchedInRecord(*rec_)) {
    return nullptr;
  }
  return in_.pos();
}

}  // namespace

const char* ParseCompactRecord(const char* text, const char* end, HeaderPolicy headers,
                               WafRecord* rec) {
  return CompactReader(text, end, headers, rec).Record();
}

}  // namespace waftune
