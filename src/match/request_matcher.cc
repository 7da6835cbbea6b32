#include "match/request_matcher.h"

#include <strings.h>

#include <re2/re2.h>

#include "match/url_decode.h"

namespace waftune {

struct RequestMatcher::Compiled {
  ConditionField field = ConditionField::kUri;
  std::string name;
  std::unique_ptr<re2::RE2> regex;  // Null for kClientIp.
  std::vector<Cidr> cidrs;
};

namespace {

RE2::Options MatcherRegexOptions(int64_t max_mem) {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(max_mem);
  return o;
}

// "(?:a)|(?:b)": one pass for a list of patterns.
std::string Alternation(const std::vector<std::string>& patterns) {
  if (patterns.size() == 1)
    return patterns[0];
  std::string out;
  for (size_t i = 0; i < patterns.size(); ++i) {
    out += (i ? "|(?:" : "(?:") + patterns[i] + ")";
  }
  return out;
}

bool NameEqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// Calls fn(value) for each cookie named `name` in one Cookie header value;
// stops early and returns true when fn returns true.
template <typename Fn>
bool ForEachCookie(std::string_view header, std::string_view name, Fn fn) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos)
      end = header.size();
    std::string_view pair = TrimSpaces(header.substr(pos, end - pos));
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos &&
        TrimSpaces(pair.substr(0, eq)) == name &&
        fn(TrimSpaces(pair.substr(eq + 1)))) {
      return true;
    }
    pos = end + 1;
  }
  return false;
}

}  // namespace

Status CheckMatcherPattern(std::string_view pattern) {
  RE2 re(pattern, MatcherRegexOptions(MatcherOptions().max_mem_per_condition));
  if (re.ok())
    return Status::Ok();
  return Status::InvalidArgument("RE2: " + re.error());
}

Result<RequestMatcher> RequestMatcher::Build(const Exclusion& exclusion,
                                             const MatcherOptions& options) {
  RequestMatcher m;
  m.exclusion_ = exclusion;
  for (const Condition& c : exclusion.when) {
    Compiled comp;
    comp.field = c.field;
    comp.name = c.name;
    std::string where =
        "exclusion \"" + exclusion.id + "\": key \"" + ConditionKey(c) + "\": ";
    if (c.patterns.empty())
      return Status::InvalidArgument(where + "no patterns");
    if (c.field == ConditionField::kClientIp) {
      for (const std::string& p : c.patterns) {
        Result<Cidr> cidr = Cidr::Parse(p);
        if (!cidr.ok())
          return Status::InvalidArgument(where + cidr.status().message());
        comp.cidrs.push_back(*cidr);
      }
    } else {
      comp.regex = std::make_unique<RE2>(
          Alternation(c.patterns),
          MatcherRegexOptions(options.max_mem_per_condition));
      if (!comp.regex->ok()) {
        return Status::InvalidArgument(where + "RE2: " + comp.regex->error());
      }
    }
    m.conditions_.push_back(std::move(comp));
  }
  return m;
}

RequestMatcher::RequestMatcher(RequestMatcher&&) noexcept = default;
RequestMatcher& RequestMatcher::operator=(RequestMatcher&&) noexcept = default;
RequestMatcher::~RequestMatcher() = default;

MatchOutcome RequestMatcher::Evaluate(const WafRecord& record,
                                      MatchScratch* scratch) const {
  bool unknown = false;
  for (const Compiled& c : conditions_) {
    Truth t = EvalCondition(c, record, scratch);
    if (t == Truth::kFails)
      return MatchOutcome::kNoMatch;
    if (t == Truth::kUnknown)
      unknown = true;
  }
  return unknown ? MatchOutcome::kUnknown : MatchOutcome::kMatch;
}

RequestMatcher::Truth RequestMatcher::EvalCondition(
    const Compiled& c, const WafRecord& record, MatchScratch* scratch) const {
  const HttpRequest& req = record.request;
  auto search = [&](std::string_view text) {
    return RE2::PartialMatch(text, *c.regex) ? Truth::kHolds : Truth::kFails;
  };
  // A redacted component neither holds nor fails.
  auto search_logged = [&](std::string_view text) {
    return text == kRedacted ? Truth::kUnknown : search(text);
  };
  switch (c.field) {
    case ConditionField::kMethod:
      return search_logged(req.method);
    case ConditionField::kUri:
      return search_logged(req.uri);
    case ConditionField::kArgs:
      return search_logged(req.args);
    case ConditionField::kCountry:
      return search(req.country);
    case ConditionField::kLabel:
      for (std::string_view label : record.labels) {
        if (RE2::PartialMatch(label, *c.regex))
          return Truth::kHolds;
      }
      return Truth::kFails;
    case ConditionField::kClientIp: {
      std::optional<IpAddress> ip = IpAddress::Parse(req.client_ip);
      if (!ip)
        return Truth::kFails;
      for (const Cidr& cidr : c.cidrs) {
        if (cidr.Contains(*ip))
          return Truth::kHolds;
      }
      return Truth::kFails;
    }
    case ConditionField::kArg: {
      if (req.args == kRedacted)
        return Truth::kUnknown;
      std::string_view raw;
      if (!FindQueryArg(req.args, c.name, &raw, &scratch->name))
        return Truth::kFails;
      UrlDecode(raw, /*plus_as_space=*/true, &scratch->decoded);
      return search(scratch->decoded);
    }
    case ConditionField::kHeader:
    case ConditionField::kCookie: {
      bool cookie = c.field == ConditionField::kCookie;
      std::string_view header_name =
          cookie ? std::string_view("cookie") : c.name;
      bool redacted = false;
      for (const HttpHeader& h : req.headers) {
        if (!NameEqualsIgnoreCase(h.name, header_name))
          continue;
        if (h.value == kRedacted) {
          redacted = true;
        } else if (!cookie ? RE2::PartialMatch(h.value, *c.regex)
                           : ForEachCookie(
                                 h.value, c.name, [&](std::string_view v) {
                                   return RE2::PartialMatch(v, *c.regex);
                                 })) {
          return Truth::kHolds;
        }
      }
      return redacted ? Truth::kUnknown : Truth::kFails;
    }
  }
  return Truth::kFails;
}

bool RuleSelected(const Exclusion& exclusion, std::string_view rule_group,
                  std::string_view rule) {
  if (!exclusion.rule_group.empty() &&
      StripGroupVersion(exclusion.rule_group) !=
          StripGroupVersion(rule_group)) {
    return false;
  }
  return exclusion.rule == "*" ? !exclusion.rule_group.empty()
                               : exclusion.rule == rule;
}

}  // namespace waftune
