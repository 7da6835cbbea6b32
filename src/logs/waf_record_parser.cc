#include "logs/waf_record_parser.h"

#include <string_view>

#include "logs/compact_headers.h"
#include "logs/empty_rule_groups.h"

namespace waftune {
namespace {

using simdjson::error_code;
using simdjson::ondemand::array;
using simdjson::ondemand::json_type;
using simdjson::ondemand::object;
using simdjson::ondemand::raw_json_string;
using simdjson::ondemand::value;

// Parsing state: the first failure wins and names the field.
struct Ctx {
  std::string error;
  HeaderPolicy headers = HeaderPolicy::kAll;
  const WafRecord* record = nullptr;  // Being filled, for kRuleMatched.
  bool headers_skipped = false;       // Checked but not stored.
  // End of the JSON text being parsed, for raw fast paths; null: none.
  const char* input_end = nullptr;
  // False when the text holds no backslash: strings need no escape check.
  bool has_backslash = true;
  bool Fail(std::string_view field, std::string_view what) {
    if (error.empty()) {
      error = "field '" + std::string(field) + "' " + std::string(what);
    }
    return false;
  }
};

bool IsNull(value& v) {
  json_type t;
  return !v.type().get(t) && t == json_type::null;
}

// The content of a string token without escapes, straight from the input:
// most log strings have none, and unescaping copies every byte into the
// parser's string buffer. Empty optional when the token is not such a
// string (escapes, another type). Stage 1 already validated the UTF-8 and
// rejected unescaped control characters in the whole document.
bool PlainString(value& v, bool has_backslash, std::string_view* out) {
  std::string_view raw = v.raw_json_token();
  if (raw.size() < 2 || raw[0] != '"') {
    return false;
  }
  // The token runs on over whitespace up to the next structural character.
  size_t close = raw.find_last_of('"');
  if (close == 0) return false;
  std::string_view inner = raw.substr(1, close - 1);
  if (has_backslash && inner.find('\\') != std::string_view::npos) return false;
  *out = inner;
  return true;
}

// A string, or null (left empty). Other types fail. The view points into
// the input line or the parser's buffer: valid while the record is.
bool Str(value v, std::string_view name, std::string_view* out, Ctx* ctx) {
  if (PlainString(v, ctx->has_backslash, out)) return true;
  // Strings are the common case: try them first, look for null only after.
  if (!v.get_string().get(*out)) return true;
  *out = {};
  if (IsNull(v)) return true;
  return ctx->Fail(name, "is not a string");
}

// An integer, a numeric string ("403"), or null (left as is).
bool Int(value v, std::string_view name, int64_t* out, Ctx* ctx) {
  json_type t;
  if (v.type().get(t)) return ctx->Fail(name, "is not valid JSON");
  if (t == json_type::null) return true;
  if (t == json_type::number) {
    if (v.get_int64().get(*out)) return ctx->Fail(name, "is not an integer");
    return true;
  }
  std::string_view s;
  if (t != json_type::string || v.get_string().get(s) || s.empty() ||
      s.size() > 18) {
    return ctx->Fail(name, "is not an integer");
  }
  int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return ctx->Fail(name, "is not an integer");
    n = n * 10 + (c - '0');
  }
  *out = n;
  return true;
}

bool Action(value v, std::string_view name, WafAction* out, Ctx* ctx) {
  std::string_view s;
  if (!Str(v, name, &s, ctx)) return false;
  *out = ParseWafAction(s);
  return true;
}

// Calls fn(value) for each element of an array; null is an empty array.
// Whether the value is the empty array "[]": most list fields of a record
// are, and entering and leaving an On-Demand array costs more than looking
// at the next token (the value is then left for the iteration to skip).
bool IsEmptyArray(value& v) {
  std::string_view raw = v.raw_json_token();
  // The token ends where the next one begins: its first byte is in the
  // document (an open '[' is always followed by a token).
  return raw.size() >= 1 && raw[0] == '[' && raw.data()[raw.size()] == ']';
}

template <typename Fn>
bool EachElement(value v, std::string_view name, Ctx* ctx, Fn&& fn) {
  if (IsEmptyArray(v)) return true;
  array arr;
  if (v.get_array().get(arr)) {
    return IsNull(v) ? true : ctx->Fail(name, "is not an array");
  }
  for (auto element : arr) {
    value item;
    if (element.get(item)) return ctx->Fail(name, "is malformed");
    if (!fn(item)) return false;
  }
  return true;
}

// Calls fn(key, value) for each field of an object; null is empty.
template <typename Fn>
bool EachField(value v, std::string_view name, Ctx* ctx, Fn&& fn) {
  object obj;
  if (v.get_object().get(obj)) {
    return IsNull(v) ? true : ctx->Fail(name, "is not an object");
  }
  for (auto field : obj) {
    raw_json_string key;
    if (field.key().get(key)) return ctx->Fail(name, "is malformed");
    if (!fn(key, field.value())) return false;
  }
  return true;
}

bool StrList(value v, std::string_view name,
             std::vector<std::string_view>* out, Ctx* ctx) {
  return EachElement(v, name, ctx, [&](value item) {
    std::string_view s;
    if (!Str(item, name, &s, ctx)) return false;
    out->push_back(s);
    return true;
  });
}

bool MatchDetails(value v, std::vector<MatchDetail>* out, Ctx* ctx) {
  constexpr std::string_view kName = "ruleMatchDetails";
  return EachElement(v, kName, ctx, [&](value item) {
    MatchDetail& d = out->emplace_back();
    return EachField(item, kName, ctx, [&](raw_json_string k, value fv) {
      if (k == "conditionType") return Str(fv, "conditionType", &d.condition_type, ctx);
      if (k == "location") return Str(fv, "location", &d.location, ctx);
      if (k == "matchedFieldName") return Str(fv, "matchedFieldName", &d.field_name, ctx);
      if (k == "matchedData") return StrList(fv, "matchedData", &d.matched_data, ctx);
      return true;
    });
  });
}

bool Match(value v, std::string_view name, RuleMatch* m, Ctx* ctx) {
  return EachField(v, name, ctx, [&](raw_json_string k, value fv) {
    if (k == "ruleId") return Str(fv, "ruleId", &m->rule_id, ctx);
    if (k == "action") return Action(fv, "action", &m->action, ctx);
    if (k == "overriddenAction") {
      return Action(fv, "overriddenAction", &m->overridden_action, ctx);
    }
    if (k == "ruleMatchDetails") return MatchDetails(fv, &m->details, ctx);
    return true;
  });
}

bool MatchList(value v, std::string_view name, std::vector<RuleMatch>* out,
               Ctx* ctx) {
  return EachElement(v, name, ctx, [&](value item) {
    return Match(item, name, &out->emplace_back(), ctx);
  });
}

bool ExcludedRules(value v, std::vector<std::string_view>* out, Ctx* ctx) {
  constexpr std::string_view kName = "excludedRules";
  return EachElement(v, kName, ctx, [&](value item) {
    std::string_view type, rule;
    bool ok = EachField(item, kName, ctx, [&](raw_json_string k, value fv) {
      if (k == "exclusionType") return Str(fv, "exclusionType", &type, ctx);
      if (k == "ruleId") return Str(fv, "ruleId", &rule, ctx);
      return true;
    });
    // Only EXCLUDED_AS_COUNT is a counted match; a missing type is the same
    // legacy shape in older samples.
    if (ok && !rule.empty() && (type.empty() || type == "EXCLUDED_AS_COUNT")) {
      out->push_back(rule);
    }
    return ok;
  });
}

bool RuleGroups(value v, std::vector<RuleGroupEntry>* out, Ctx* ctx) {
  constexpr std::string_view kName = "ruleGroupList";
  if (ctx->input_end != nullptr) {
    // Left unconsumed on a match: the object iteration skips it cheaply.
    std::string_view raw = v.raw_json_token();
    if (!raw.empty() && MatchEmptyRuleGroups(raw.data(), ctx->input_end, out)) {
      return true;
    }
  }
  return EachElement(v, kName, ctx, [&](value item) {
    std::string_view id;
    if (ctx->input_end != nullptr &&
        MatchEmptyRuleGroup(item.raw_json_token().data(), ctx->input_end, &id)) {
      out->emplace_back().group_id = id;  // Unconsumed: skipped cheaply.
      return true;
    }
    RuleGroupEntry& g = out->emplace_back();
    return EachField(item, kName, ctx, [&](raw_json_string k, value fv) {
      if (k == "ruleGroupId") return Str(fv, "ruleGroupId", &g.group_id, ctx);
      if (k == "terminatingRule") {
        if (IsNull(fv)) return true;
        g.has_terminating = true;
        return Match(fv, "terminatingRule", &g.terminating, ctx);
      }
      if (k == "nonTerminatingMatchingRules") {
        return MatchList(fv, "nonTerminatingMatchingRules", &g.non_terminating, ctx);
      }
      if (k == "excludedRules") return ExcludedRules(fv, &g.excluded_as_count, ctx);
      return true;
    });
  });
}

bool RateBased(value v, std::vector<RateBasedEntry>* out, Ctx* ctx) {
  constexpr std::string_view kName = "rateBasedRuleList";
  return EachElement(v, kName, ctx, [&](value item) {
    RateBasedEntry& r = out->emplace_back();
    return EachField(item, kName, ctx, [&](raw_json_string k, value fv) {
      if (k == "rateBasedRuleId") return Str(fv, "rateBasedRuleId", &r.rule_id, ctx);
      if (k == "rateBasedRuleName") return Str(fv, "rateBasedRuleName", &r.rule_name, ctx);
      if (k == "limitKey") return Str(fv, "limitKey", &r.limit_key, ctx);
      if (k == "limitValue") return Str(fv, "limitValue", &r.limit_value, ctx);
      if (k == "maxRateAllowed") return Int(fv, "maxRateAllowed", &r.max_rate_allowed, ctx);
      return true;
    });
  });
}

bool Labels(value v, std::vector<std::string_view>* out, Ctx* ctx) {
  return EachElement(v, "labels", ctx, [&](value item) {
    std::string_view name;
    bool ok = EachField(item, "labels", ctx, [&](raw_json_string k, value fv) {
      return k == "name" ? Str(fv, "labels.name", &name, ctx) : true;
    });
    if (ok && !name.empty()) out->push_back(name);
    return ok;
  });
}

bool Headers(value v, std::vector<HttpHeader>* out, Ctx* ctx) {
  return EachElement(v, "headers", ctx, [&](value item) {
    HttpHeader& h = out->emplace_back();
    // A header without "value" (an AWS doc example misspells the key) is
    // kept with an empty value rather than losing the whole record.
    return EachField(item, "headers", ctx, [&](raw_json_string k, value fv) {
      if (k == "name") return Str(fv, "headers.name", &h.name, ctx);
      if (k == "value") return Str(fv, "headers.value", &h.value, ctx);
      return true;
    });
  });
}

// Checks the shape of headers without copying them out (used when the
// caller does not want headers): a record is accepted or skipped the same
// way whether or not headers are read, so every command counts alike.
bool CheckHeaders(value v, Ctx* ctx) {
  return EachElement(v, "headers", ctx, [&](value item) {
    return EachField(item, "headers", ctx, [&](raw_json_string k, value fv) {
      if (!(k == "name") && !(k == "value")) return true;
      std::string_view field = k == "name" ? "headers.name" : "headers.value";
      // A line with a backslash may hold an invalid escape, which only
      // decoding finds: decode, exactly as Headers() does.
      std::string_view ignored;
      if (ctx->has_backslash) return Str(fv, field, &ignored, ctx);
      // Anything else, even a token that is no value, gets Str()'s message.
      json_type t;
      if (!fv.type().get(t) && (t == json_type::string || t == json_type::null)) return true;
      return ctx->Fail(field, "is not a string");
    });
  });
}

bool RequestHeaders(value v, HttpRequest* r, Ctx* ctx) {
  bool store = ctx->headers == HeaderPolicy::kAll ||
               (ctx->headers == HeaderPolicy::kRuleMatched && RuleMatchedInRecord(*ctx->record));
  if (!store) ctx->headers_skipped = true;
  if (ctx->input_end != nullptr) {
    // Left unconsumed on a match: the object iteration skips it cheaply.
    std::string_view raw = v.raw_json_token();
    if (!raw.empty() && MatchCompactHeaders(raw.data(), ctx->input_end, ctx->has_backslash,
                                            store ? &r->headers : nullptr) != nullptr) {
      return true;
    }
  }
  return store ? Headers(v, &r->headers, ctx) : CheckHeaders(v, ctx);
}

bool Request(value v, HttpRequest* r, Ctx* ctx) {
  // Dispatch on the first letter first: a record has ~10 request keys and
  // comparing each against every known name showed up in profiles.
  return EachField(v, "httpRequest", ctx, [&](raw_json_string k, value fv) {
    switch (k.raw()[0]) {
      case 'c':
        if (k == "clientIp") return Str(fv, "clientIp", &r->client_ip, ctx);
        if (k == "country") return Str(fv, "country", &r->country, ctx);
        return true;
      case 'h':
        if (k == "headers") return RequestHeaders(fv, r, ctx);
        if (k == "httpVersion") return Str(fv, "httpVersion", &r->http_version, ctx);
        if (k == "httpMethod") return Str(fv, "httpMethod", &r->method, ctx);
        if (k == "host") return Str(fv, "host", &r->host, ctx);
        return true;
      case 'u':
        return k == "uri" ? Str(fv, "uri", &r->uri, ctx) : true;
      case 'a':
        return k == "args" ? Str(fv, "args", &r->args, ctx) : true;
      case 'r':
        return k == "requestId" ? Str(fv, "requestId", &r->request_id, ctx) : true;
      case 's':
        return k == "scheme" ? Str(fv, "scheme", &r->scheme, ctx) : true;
      case 'f':
        return k == "fragment" ? Str(fv, "fragment", &r->fragment, ctx) : true;
      default:
        return true;
    }
  });
}

bool Token(value v, std::string_view name, TokenResponse* t, Ctx* ctx) {
  if (IsNull(v)) return true;
  t->present = true;
  return EachField(v, name, ctx, [&](raw_json_string k, value fv) {
    if (k == "responseCode") return Int(fv, "responseCode", &t->response_code, ctx);
    if (k == "solveTimestamp") return Int(fv, "solveTimestamp", &t->solve_timestamp, ctx);
    if (k == "failureReason") return Str(fv, "failureReason", &t->failure_reason, ctx);
    return true;
  });
}

// oversizeFields is an array in logs but typed string in AWS's Athena DDL.
bool Oversize(value v, std::vector<std::string_view>* out, Ctx* ctx) {
  json_type t;
  if (!v.type().get(t) && t == json_type::string) {
    std::string_view s;
    if (!Str(v, "oversizeFields", &s, ctx)) return false;
    if (!s.empty()) out->push_back(s);
    return true;
  }
  return StrList(v, "oversizeFields", out, ctx);
}

struct Seen {
  bool timestamp = false, action = false, request = false;
  std::vector<std::string_view>* wrapped = nullptr;
};

// CloudWatch Logs: {"message": "..."} or {"logEvents": [{"message": ...}]}.
bool WrappedMessages(raw_json_string k, value fv, Seen* seen, Ctx* ctx) {
  if (k == "message") {
    json_type t;
    if (fv.type().get(t) || t != json_type::string) return true;
    std::string_view s;
    if (!Str(fv, "message", &s, ctx)) return false;
    seen->wrapped->push_back(s);
    return true;
  }
  return EachElement(fv, "logEvents", ctx, [&](value item) {
    return EachField(item, "logEvents", ctx, [&](raw_json_string ek, value ev) {
      return ek == "message" ? WrappedMessages(ek, ev, seen, ctx) : true;
    });
  });
}

bool FieldT(raw_json_string k, value fv, WafRecord* rec, Seen* seen, Ctx* ctx) {
  if (k == "timestamp") {
    // null is as good as missing: a record without a time cannot be placed.
    seen->timestamp = !IsNull(fv);
    return Int(fv, "timestamp", &rec->timestamp_ms, ctx);
  }
  if (k == "terminatingRuleId") return Str(fv, "terminatingRuleId", &rec->terminating_rule_id, ctx);
  if (k == "terminatingRuleType") return Str(fv, "terminatingRuleType", &rec->terminating_rule_type, ctx);
  if (k == "terminatingRuleMatchDetails") return MatchDetails(fv, &rec->terminating_match_details, ctx);
  return true;
}

bool FieldR(raw_json_string k, value fv, WafRecord* rec, Ctx* ctx) {
  if (k == "ruleGroupList") return RuleGroups(fv, &rec->rule_groups, ctx);
  if (k == "rateBasedRuleList") return RateBased(fv, &rec->rate_based, ctx);
  if (k == "responseCodeSent") return Int(fv, "responseCodeSent", &rec->response_code_sent, ctx);
  if (k == "requestBodySize") return Int(fv, "requestBodySize", &rec->request_body_size, ctx);
  if (k == "requestBodySizeInspectedByWAF") return Int(fv, "requestBodySizeInspectedByWAF", &rec->request_body_size_inspected, ctx);
  return true;
}

bool FieldH(raw_json_string k, value fv, WafRecord* rec, Seen* seen, Ctx* ctx) {
  if (k == "httpRequest") {
    seen->request = !IsNull(fv);
    return Request(fv, &rec->request, ctx);
  }
  if (k == "httpSourceName") return Str(fv, "httpSourceName", &rec->http_source_name, ctx);
  if (k == "httpSourceId") return Str(fv, "httpSourceId", &rec->http_source_id, ctx);
  return true;
}

// Dispatches on the key's first letter (see Request()).
bool TopField(raw_json_string k, value fv, WafRecord* rec, Seen* seen, Ctx* ctx) {
  switch (k.raw()[0]) {
    case 't':
      return FieldT(k, fv, rec, seen, ctx);
    case 'r':
      return FieldR(k, fv, rec, ctx);
    case 'h':
      return FieldH(k, fv, rec, seen, ctx);
    case 'a':
      if (k == "action") {
        seen->action = true;
        return Action(fv, "action", &rec->action, ctx);
      }
      return true;
    case 'w':
      return k == "webaclId" ? Str(fv, "webaclId", &rec->webacl_id, ctx) : true;
    case 'n':
      if (k == "nonTerminatingMatchingRules") {
        return MatchList(fv, "nonTerminatingMatchingRules", &rec->non_terminating, ctx);
      }
      return true;
    case 'l':
      if (k == "labels") return Labels(fv, &rec->labels, ctx);
      return k == "logEvents" ? WrappedMessages(k, fv, seen, ctx) : true;
    case 'o':
      return k == "oversizeFields" ? Oversize(fv, &rec->oversize_fields, ctx) : true;
    case 'c':
      if (k == "captchaResponse") return Token(fv, "captchaResponse", &rec->captcha, ctx);
      if (k == "challengeResponse") return Token(fv, "challengeResponse", &rec->challenge, ctx);
      return true;
    case 'j':
      if (k == "ja3Fingerprint") return Str(fv, "ja3Fingerprint", &rec->ja3, ctx);
      if (k == "ja4Fingerprint") return Str(fv, "ja4Fingerprint", &rec->ja4, ctx);
      return true;
    case 'm':
      return k == "message" ? WrappedMessages(k, fv, seen, ctx) : true;
    default:
      return true;  // Unknown fields are ignored.
  }
}

}  // namespace

bool RuleMatchedInRecord(const WafRecord& rec) {
  if (rec.action != WafAction::kAllow || !rec.non_terminating.empty()) return true;
  for (const RuleGroupEntry& g : rec.rule_groups) {
    if (g.has_terminating || !g.non_terminating.empty() || !g.excluded_as_count.empty()) {
      return true;
    }
  }
  return false;
}

std::string ParseWafRecord(object obj, WafRecord* rec,
                           std::vector<std::string_view>* wrapped,
                           const WafParseOptions& options,
                           const WafRawText& raw, bool* needs_headers) {
  rec->Clear();
  wrapped->clear();
  if (needs_headers != nullptr) *needs_headers = false;
  Ctx ctx;
  ctx.headers = options.headers;
  ctx.record = rec;
  ctx.input_end = raw.end;
  ctx.has_backslash = raw.has_backslash;
  Seen seen;
  seen.wrapped = wrapped;
  for (auto field : obj) {
    raw_json_string key;
    if (field.key().get(key)) return "malformed JSON";
    if (!TopField(key, field.value(), rec, &seen, &ctx)) return ctx.error;
  }
  if (!ctx.error.empty()) return ctx.error;
  if (!seen.request && !wrapped->empty()) return {};
  wrapped->clear();
  if (!seen.timestamp) return "missing field 'timestamp'";
  if (!seen.action) return "missing field 'action'";
  if (!seen.request) return "missing field 'httpRequest'";
  if (rec->action == WafAction::kUnknown || rec->action == WafAction::kCount) {
    return "field 'action' has an unknown value";
  }
  if (ctx.headers_skipped && options.headers == HeaderPolicy::kRuleMatched &&
      needs_headers != nullptr && RuleMatchedInRecord(*rec)) {
    *needs_headers = true;
  }
  return {};
}

}  // namespace waftune
