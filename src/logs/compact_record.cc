#include "logs/compact_record.h"

#include <string_view>

#include "logs/compact_headers.h"
#include "logs/compact_text.h"

namespace waftune {
namespace {

using compact::Eat;

// Deeper unknown values are left to the full parser.
constexpr int kMaxSkipDepth = 32;

// Mirrors the field functions of waf_record_parser.cc one for one; each
// returns false where that parser fails or where this reader is unsure.
// "Str" and friends accept the same value types as their namesakes there.
class CompactReader {
 public:
  CompactReader(const char* p, const char* end, HeaderPolicy headers, WafRecord* rec)
      : p_(p), end_(end), headers_(headers), rec_(rec) {}

  const char* Record();

 private:
  bool Null() { return Eat(&p_, end_, "null"); }
  bool String(std::string_view* out) {
    return Eat(&p_, end_, "\"") && compact::EatStringBody(&p_, end_, false, out);
  }
  bool Key(std::string_view* key) { return String(key) && Eat(&p_, end_, ":"); }
  bool Str(std::string_view* out);
  bool Int(int64_t* out);
  bool Digits(int64_t* out);
  bool Action(WafAction* out);
  bool Skip(int depth);
  bool SkipNumber();
  template <typename Fn>
  bool EachElement(Fn&& fn);
  template <typename Fn>
  bool EachField(Fn&& fn);

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

  const char* p_;
  const char* const end_;
  const HeaderPolicy headers_;
  WafRecord* const rec_;
  bool seen_timestamp_ = false, seen_action_ = false, seen_request_ = false;
  bool headers_skipped_ = false;
};

// A string, or null (left empty).
bool CompactReader::Str(std::string_view* out) {
  if (Null()) {
    *out = {};
    return true;
  }
  return String(out);
}

// Up to 18 digits without a leading zero, optionally negative: what the
// full parser's get_int64 surely takes. A fraction or exponent stops the
// caller, which expects ',' or a closing bracket next.
bool CompactReader::Digits(int64_t* out) {
  bool negative = Eat(&p_, end_, "-");
  const char* start = p_;
  int64_t n = 0;
  while (p_ < end_ && *p_ >= '0' && *p_ <= '9' && p_ - start < 18) {
    n = n * 10 + (*p_ - '0');
    ++p_;
  }
  size_t len = static_cast<size_t>(p_ - start);
  if (len == 0 || (start[0] == '0' && (len > 1 || negative))) return false;
  if (p_ < end_ && *p_ >= '0' && *p_ <= '9') return false;  // 19 digits or more.
  *out = negative ? -n : n;
  return true;
}

// An integer, a numeric string ("403"), or null (left as is).
bool CompactReader::Int(int64_t* out) {
  if (Null()) return true;
  if (p_ < end_ && *p_ == '"') {
    std::string_view s;
    if (!String(&s) || s.empty() || s.size() > 18) return false;
    int64_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + (c - '0');
    }
    *out = n;
    return true;
  }
  return Digits(out);
}

bool CompactReader::Action(WafAction* out) {
  std::string_view s;
  if (!Str(&s)) return false;
  *out = ParseWafAction(s);
  return true;
}

// A JSON number, fully checked.
bool CompactReader::SkipNumber() {
  Eat(&p_, end_, "-");
  auto digits = [&] {
    const char* start = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ > start;
  };
  const char* first = p_;
  if (!digits() || (*first == '0' && p_ - first > 1)) return false;
  if (Eat(&p_, end_, ".") && !digits()) return false;
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
    ++p_;
    if (!Eat(&p_, end_, "+")) Eat(&p_, end_, "-");
    if (!digits()) return false;
  }
  return true;
}

// Any JSON value, fully checked: the full parser skips unknown values
// without looking, so accepting only valid ones is never more lenient.
bool CompactReader::Skip(int depth) {
  if (p_ >= end_ || depth > kMaxSkipDepth) return false;
  std::string_view ignored;
  switch (*p_) {
    case '"':
      return String(&ignored);
    case '{':
      return EachField([&](std::string_view) { return Skip(depth + 1); });
    case '[':
      return EachElement([&] { return Skip(depth + 1); });
    case 't':
      return Eat(&p_, end_, "true");
    case 'f':
      return Eat(&p_, end_, "false");
    case 'n':
      return Null();
    default:
      return SkipNumber();
  }
}

// fn() for each element of an array; null is an empty array.
template <typename Fn>
bool CompactReader::EachElement(Fn&& fn) {
  if (Null()) return true;
  if (!Eat(&p_, end_, "[")) return false;
  if (Eat(&p_, end_, "]")) return true;
  do {
    if (!fn()) return false;
  } while (Eat(&p_, end_, ","));
  return Eat(&p_, end_, "]");
}

// fn(key) for each field of an object, which reads the value; null is an
// empty object.
template <typename Fn>
bool CompactReader::EachField(Fn&& fn) {
  if (Null()) return true;
  if (!Eat(&p_, end_, "{")) return false;
  if (Eat(&p_, end_, "}")) return true;
  do {
    std::string_view key;
    if (!Key(&key) || !fn(key)) return false;
  } while (Eat(&p_, end_, ","));
  return Eat(&p_, end_, "}");
}

bool CompactReader::StrList(std::vector<std::string_view>* out) {
  return EachElement([&] {
    std::string_view s;
    if (!Str(&s)) return false;
    out->push_back(s);
    return true;
  });
}

bool CompactReader::MatchDetails(std::vector<MatchDetail>* out) {
  return EachElement([&] {
    MatchDetail& d = out->emplace_back();
    return EachField([&](std::string_view k) {
      if (k == "conditionType") return Str(&d.condition_type);
      if (k == "location") return Str(&d.location);
      if (k == "matchedFieldName") return Str(&d.field_name);
      if (k == "matchedData") return StrList(&d.matched_data);
      return Skip(0);
    });
  });
}

bool CompactReader::Match(RuleMatch* m) {
  return EachField([&](std::string_view k) {
    if (k == "ruleId") return Str(&m->rule_id);
    if (k == "action") return Action(&m->action);
    if (k == "overriddenAction") return Action(&m->overridden_action);
    if (k == "ruleMatchDetails") return MatchDetails(&m->details);
    return Skip(0);
  });
}

bool CompactReader::MatchList(std::vector<RuleMatch>* out) {
  return EachElement([&] { return Match(&out->emplace_back()); });
}

bool CompactReader::ExcludedRules(std::vector<std::string_view>* out) {
  return EachElement([&] {
    std::string_view type, rule;
    bool ok = EachField([&](std::string_view k) {
      if (k == "exclusionType") return Str(&type);
      if (k == "ruleId") return Str(&rule);
      return Skip(0);
    });
    if (ok && !rule.empty() && (type.empty() || type == "EXCLUDED_AS_COUNT")) {
      out->push_back(rule);
    }
    return ok;
  });
}

bool CompactReader::RuleGroups(std::vector<RuleGroupEntry>* out) {
  return EachElement([&] {
    RuleGroupEntry& g = out->emplace_back();
    return EachField([&](std::string_view k) {
      if (k == "ruleGroupId") return Str(&g.group_id);
      if (k == "terminatingRule") {
        if (Null()) return true;
        g.has_terminating = true;
        return Match(&g.terminating);
      }
      if (k == "nonTerminatingMatchingRules") return MatchList(&g.non_terminating);
      if (k == "excludedRules") return ExcludedRules(&g.excluded_as_count);
      return Skip(0);
    });
  });
}

bool CompactReader::RateBased(std::vector<RateBasedEntry>* out) {
  return EachElement([&] {
    RateBasedEntry& r = out->emplace_back();
    return EachField([&](std::string_view k) {
      if (k == "rateBasedRuleId") return Str(&r.rule_id);
      if (k == "rateBasedRuleName") return Str(&r.rule_name);
      if (k == "limitKey") return Str(&r.limit_key);
      if (k == "limitValue") return Str(&r.limit_value);
      if (k == "maxRateAllowed") return Int(&r.max_rate_allowed);
      return Skip(0);
    });
  });
}

bool CompactReader::Labels(std::vector<std::string_view>* out) {
  return EachElement([&] {
    std::string_view name;
    bool ok = EachField([&](std::string_view k) { return k == "name" ? Str(&name) : Skip(0); });
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
  if (Null()) return true;
  const char* after = MatchCompactHeaders(p_, end_, false, store ? &r->headers : nullptr);
  if (after == nullptr) return false;
  p_ = after;
  return true;
}

bool CompactReader::RequestField(std::string_view k, HttpRequest* r) {
  switch (k.size()) {
    case 3:
      if (k == "uri") return Str(&r->uri);
      break;
    case 4:
      if (k == "args") return Str(&r->args);
      if (k == "host") return Str(&r->host);
      break;
    case 6:
      if (k == "scheme") return Str(&r->scheme);
      break;
    case 7:
      if (k == "country") return Str(&r->country);
      if (k == "headers") return Headers(r);
      break;
    case 8:
      if (k == "clientIp") return Str(&r->client_ip);
      if (k == "fragment") return Str(&r->fragment);
      break;
    case 9:
      if (k == "requestId") return Str(&r->request_id);
      break;
    case 10:
      if (k == "httpMethod") return Str(&r->method);
      break;
    case 11:
      if (k == "httpVersion") return Str(&r->http_version);
      break;
    default:
      break;
  }
  return Skip(0);
}

bool CompactReader::Request(HttpRequest* r) {
  if (Null()) return false;  // A missing request: the full parser says so.
  seen_request_ = true;
  return EachField([&](std::string_view k) { return RequestField(k, r); });
}

bool CompactReader::Token(TokenResponse* t) {
  if (Null()) return true;
  t->present = true;
  return EachField([&](std::string_view k) {
    if (k == "responseCode") return Int(&t->response_code);
    if (k == "solveTimestamp") return Int(&t->solve_timestamp);
    if (k == "failureReason") return Str(&t->failure_reason);
    return Skip(0);
  });
}

// oversizeFields is an array in logs but typed string in AWS's Athena DDL.
bool CompactReader::Oversize(std::vector<std::string_view>* out) {
  if (p_ < end_ && *p_ == '"') {
    std::string_view s;
    if (!String(&s)) return false;
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
      if (k == "webaclId") return Str(&rec->webacl_id);
      break;
    case 9:
      if (k == "timestamp") {
        if (Null()) return false;  // No time: the full parser skips the record.
        seen_timestamp_ = true;
        return Int(&rec->timestamp_ms);
      }
      if (k == "logEvents") return false;
      break;
    case 11:
      if (k == "httpRequest") return Request(&rec->request);
      break;
    case 12:
      if (k == "httpSourceId") return Str(&rec->http_source_id);
      break;
    case 13:
      if (k == "ruleGroupList") return RuleGroups(&rec->rule_groups);
      break;
    case 14:
      if (k == "httpSourceName") return Str(&rec->http_source_name);
      if (k == "ja3Fingerprint") return Str(&rec->ja3);
      if (k == "ja4Fingerprint") return Str(&rec->ja4);
      if (k == "oversizeFields") return Oversize(&rec->oversize_fields);
      break;
    case 15:
      if (k == "requestBodySize") return Int(&rec->request_body_size);
      if (k == "captchaResponse") return Token(&rec->captcha);
      break;
    case 16:
      if (k == "responseCodeSent") return Int(&rec->response_code_sent);
      break;
    case 17:
      if (k == "terminatingRuleId") return Str(&rec->terminating_rule_id);
      if (k == "rateBasedRuleList") return RateBased(&rec->rate_based);
      if (k == "challengeResponse") return Token(&rec->challenge);
      break;
    case 19:
      if (k == "terminatingRuleType") return Str(&rec->terminating_rule_type);
      break;
    case 27:
      if (k == "terminatingRuleMatchDetails") return MatchDetails(&rec->terminating_match_details);
      if (k == "nonTerminatingMatchingRules") return MatchList(&rec->non_terminating);
      break;
    case 29:
      if (k == "requestBodySizeInspectedByWAF") {
        return Int(&rec->request_body_size_inspected);
      }
      break;
    default:
      break;
  }
  return Skip(0);  // Unknown fields are ignored.
}

const char* CompactReader::Record() {
  rec_->Clear();
  if (p_ >= end_ || *p_ != '{') return nullptr;  // EachField would take null.
  if (!EachField([&](std::string_view k) { return TopField(k); })) return nullptr;
  // What the full parser would skip, it also explains.
  if (!seen_timestamp_ || !seen_action_ || !seen_request_) return nullptr;
  if (rec_->action == WafAction::kUnknown || rec_->action == WafAction::kCount) return nullptr;
  // Headers skipped, then a rule matched after them: the full parser reads
  // the record again with headers; so does the caller.
  if (headers_ == HeaderPolicy::kRuleMatched && headers_skipped_ && RuleMatchedInRecord(*rec_)) {
    return nullptr;
  }
  return p_;
}

}  // namespace

const char* ParseCompactRecord(const char* text, const char* end, HeaderPolicy headers,
                               WafRecord* rec) {
  return CompactReader(text, end, headers, rec).Record();
}

}  // namespace waftune
