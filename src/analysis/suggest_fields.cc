#include "analysis/suggest_fields.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "analysis/suggest_cookies.h"
#include "analysis/value_shape.h"
#include "match/url_decode.h"

namespace waftune {
namespace {

constexpr size_t kMaxShapesPerScope = 3;
// A rule whose legitimate releases span this many path templates also
// gets field-only candidates (no path condition).
constexpr size_t kMinFieldOnlyPaths = 2;
// A field missing from more non-suspicious examples than this cannot
// carry a scope that is meant to release them.
constexpr double kMinLegitPresence = 0.9;

bool IsFieldName(std::string_view n) {
  if (n.empty() || n.size() > 64) return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// What the rule inspects among the fields the examples carry.
struct Inspected {
  bool args = false;
  bool user_agent = false;
  bool content_length = false;  // Size rules on the body: the body is not logged.
  bool cookies = false;
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Inspected InspectedFields(const SuggestionFinding& s, const ManagedCatalog* catalog) {
  Inspected in;
  const ManagedRuleInfo* info =
      catalog != nullptr ? catalog->FindRule(s.rule_group, s.rule) : nullptr;
  if (info != nullptr) {
    in.args = info->component == "query_arguments" || info->component == "query_string";
    in.user_agent = info->component == "headers:user-agent" || info->component == "headers";
    in.content_length = info->component == "body" && s.rule.rfind("SizeRestrictions", 0) == 0;
    in.cookies = info->component == "cookies" || info->component == "headers:cookie";
    return in;
  }
  // AWS managed rule names end with the component they inspect.
  auto ends = [&](std::string_view suffix) { return EndsWith(s.rule, suffix); };
  in.args = ends("_QUERYARGUMENTS") || ends("_QUERYSTRING");
  in.user_agent = ends("_HEADER") && (s.rule.find("UserAgent") != std::string::npos ||
                                      s.rule.find("BadBots") != std::string::npos);
  in.content_length = s.rule == "SizeRestrictions_BODY";
  in.cookies = ends("_COOKIE") || ends("Cookie_HEADER");
  return in;
}

// Fields named by match details, from the candidate's note.
std::vector<std::string> NotedFields(const std::string& note) {
  std::vector<std::string> out;
  size_t pos = note.find(kMatchDetailsNote);
  if (pos == std::string::npos) return out;
  std::string_view rest = std::string_view(note).substr(pos + std::strlen(kMatchDetailsNote));
  rest = rest.substr(0, rest.find(';'));
  while (!rest.empty()) {
    size_t comma = rest.find(", ");
    out.emplace_back(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
  }
  return out;
}

// Decoded (name, value) of every query argument, first occurrence only
// (as the `arg:` condition reads them).
std::map<std::string, std::string> ArgValues(std::string_view args) {
  std::map<std::string, std::string> out;
  std::string name, value;
  while (!args.empty()) {
    size_t amp = args.find('&');
    std::string_view kv = args.substr(0, amp);
    args = amp == std::string_view::npos ? std::string_view() : args.substr(amp + 1);
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    name.clear();
    value.clear();
    UrlDecode(kv.substr(0, eq), true, &name);
    UrlDecode(kv.substr(eq + 1), true, &value);
    if (IsFieldName(name)) out.emplace(name, value);
  }
  return out;
}

Condition FieldCondition(ConditionField field, std::string name) {
  Condition c;
  c.field = field;
  c.name = std::move(name);
  return c;
}

// Ranking: match details first, then fields whose value must separate
// suspicious examples, then the most widely present.
bool Better(const FieldEvidence& a, const FieldEvidence& b) {
  if (a.named_by_match_details != b.named_by_match_details) return a.named_by_match_details;
  bool as = !a.suspicious.empty(), bs = !b.suspicious.empty();
  if (as != bs) return as;
  return a.legit.size() > b.legit.size();
}

// Up to kMaxShapesPerScope candidates: `s` plus one field condition each.
void AddShapeCandidates(const SuggestionFinding& s, const ManagedCatalog* catalog,
                        size_t* next_id, std::vector<SuggestionFinding>* out) {
  size_t made = 0;
  for (const FieldEvidence& e : CollectFieldEvidence(s, catalog)) {
    std::vector<std::string_view> legit(e.legit.begin(), e.legit.end());
    std::vector<std::string_view> bad(e.suspicious.begin(), e.suspicious.end());
    for (const ValueShape& shape : InferShapes(legit, bad)) {
      if (made == kMaxShapesPerScope) return;
      SuggestionFinding c = s;
      c.replay = ReplayFinding();
      c.kept = false;
      c.reason.clear();
      c.wafv2_json.clear();
      c.terraform.clear();
      c.exclusion.id = "sg-" + std::to_string((*next_id)++);
      Condition cond = e.condition;
      cond.patterns = {shape.pattern};
      c.exclusion.note += "; " + ConditionKey(cond) + " " + ShapeKindName(shape.kind) + ": " +
                          shape.description;
      c.exclusion.when.push_back(std::move(cond));
      out->push_back(std::move(c));
      ++made;
    }
  }
}

std::string UriOf(const SuggestionFinding& s) {
  for (const Condition& c : s.exclusion.when) {
    if (c.field == ConditionField::kUri && !c.patterns.empty()) return c.patterns[0];
  }
  return "";
}

// One rule's path scopes as a single scope-less candidate whose examples
// are all of theirs (each request once): the evidence of a field-only scope.
SuggestionFinding MergedEvidence(const std::vector<const SuggestionFinding*>& scopes,
                                 size_t paths) {
  SuggestionFinding m = *scopes[0];
  m.replay = ReplayFinding();
  m.kept = false;
  m.reason.clear();
  m.exclusion.when.clear();
  std::string details;
  size_t at = scopes[0]->exclusion.note.find(kMatchDetailsNote);
  if (at != std::string::npos) {
    details = scopes[0]->exclusion.note.substr(at);
    details = details.substr(0, details.find(';', 1));
  }
  m.exclusion.note = "suggested by waftune: " + m.rule + " " + std::string(kFieldOnlyNote) +
                     std::to_string(paths) + " paths" + details;
  std::set<std::string> seen;
  for (const SuggestionFinding* s : scopes) {
    m.replay.released += s->replay.released;
    for (const ReplayExample& e : s->replay.examples) {
      if (seen.insert(e.request_id).second) m.replay.examples.push_back(e);
    }
  }
  return m;
}

// The method every non-suspicious example used, or "" when they differ
// (a field-only scope keeps the method when the evidence allows it).
std::string SharedLegitMethod(const std::vector<ReplayExample>& examples) {
  std::string method;
  for (const ReplayExample& e : examples) {
    if (e.suspicious) continue;
    if (!method.empty() && e.method != method) return "";
    method = e.method;
  }
  bool plain = !method.empty() && std::all_of(method.begin(), method.end(), [](char c) {
    return c >= 'A' && c <= 'Z';
  });
  return plain ? method : "";
}

}  // namespace

std::vector<std::string> MatchDetailFields(const std::vector<TopEntry>& top_matched) {
  std::vector<std::string> out;
  for (const TopEntry& e : top_matched) {
    std::string_view v = e.value;
    size_t space = v.find(' '), colon = v.find(':');
    if (space == std::string_view::npos || colon == std::string_view::npos || colon < space) {
      continue;  // No field name logged.
    }
    std::string_view location = v.substr(0, space);
    std::string_view name = v.substr(space + 1, colon - space - 1);
    if (!IsFieldName(name)) continue;
    std::string key;
    if (location == "HEADER" || location == "SINGLE_HEADER") key = "header:" + Lower(name);
    else if (location == "COOKIE") key = "cookie:" + std::string(name);
    else if (location == "QUERY_STRING" || location == "ALL_QUERY_ARGS" ||
             location == "SINGLE_QUERY_ARG") key = "arg:" + std::string(name);
    if (!key.empty() && std::find(out.begin(), out.end(), key) == out.end()) out.push_back(key);
  }
  return out;
}

std::vector<FieldEvidence> CollectFieldEvidence(const SuggestionFinding& s,
                                                const ManagedCatalog* catalog) {
  std::vector<std::string> noted = NotedFields(s.exclusion.note);
  Inspected in = InspectedFields(s, catalog);
  std::map<std::string, FieldEvidence> by_key;
  size_t legit_examples = 0;
  auto add = [&](const std::string& key, Condition c, const std::string& value, bool bad) {
    FieldEvidence& e = by_key[key];
    if (e.condition.name.empty()) e.condition = std::move(c);
    (bad ? e.suspicious : e.legit).push_back(value);
  };
  for (const ReplayExample& ex : s.replay.examples) {
    legit_examples += ex.suspicious ? 0 : 1;
    bool any_noted_arg = std::any_of(noted.begin(), noted.end(), [](const std::string& k) {
      return k.rfind("arg:", 0) == 0;
    });
    if (in.args || any_noted_arg) {
      for (auto& [name, value] : ArgValues(ex.args)) {
        if (value == "REDACTED") continue;  // Masked secret: never a shape.
        add("arg:" + name, FieldCondition(ConditionField::kArg, name), value, ex.suspicious);
      }
    }
    if (!ex.user_agent.empty()) {
      add("header:user-agent", FieldCondition(ConditionField::kHeader, "user-agent"),
          ex.user_agent, ex.suspicious);
    }
    if (in.content_length && !ex.content_length.empty()) {
      add("header:content-length", FieldCondition(ConditionField::kHeader, "content-length"),
          ex.content_length, ex.suspicious);
    }
    // Secret-named cookies arrive masked: never a shape (a legitimate user
    // missing the field then drops it below kMinLegitPresence).
    for (auto& [name, value] : MaskedCookies(ex.cookies)) {
      if (value != "REDACTED") {
        add("cookie:" + name, FieldCondition(ConditionField::kCookie, name), value, ex.suspicious);
      }
    }
  }
  std::vector<FieldEvidence> out;
  for (auto& [key, e] : by_key) {
    e.named_by_match_details = std::find(noted.begin(), noted.end(), key) != noted.end();
    bool inspected = e.condition.field == ConditionField::kArg      ? in.args
                     : e.condition.field == ConditionField::kCookie ? in.cookies
                     : e.condition.name == "content-length"         ? in.content_length
                                                                    : in.user_agent;
    if (!inspected && !e.named_by_match_details) continue;
    e.legit_examples = legit_examples;
    if (e.legit.empty() ||
        static_cast<double>(e.legit.size()) < kMinLegitPresence * static_cast<double>(legit_examples)) {
      continue;
    }
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), Better);
  return out;
}

std::vector<SuggestionFinding> FieldCandidates(const std::vector<SuggestionFinding>& judged,
                                               size_t next_id, const ManagedCatalog* catalog) {
  std::vector<SuggestionFinding> out;
  for (const SuggestionFinding& s : judged) {
    // Kept scopes are refined too: a value bound that releases the same
    // legitimate requests is the tighter deployment (MergeRefinements).
    if (s.replay.released == 0) continue;
    AddShapeCandidates(s, catalog, &next_id, &out);
  }
  return out;
}

std::vector<SuggestionFinding> FieldOnlyCandidates(const std::vector<SuggestionFinding>& judged,
                                                   size_t next_id,
                                                   const ManagedCatalog* catalog) {
  std::vector<SuggestionFinding> out;
  std::map<std::pair<std::string, std::string>, std::vector<const SuggestionFinding*>> by_rule;
  for (const SuggestionFinding& s : judged) {
    if (!UriOf(s).empty()) by_rule[{s.rule_group, s.rule}].push_back(&s);
  }
  for (const auto& [key, scopes] : by_rule) {
    std::set<std::string> legit_paths;
    for (const SuggestionFinding* s : scopes) {
      if (s->replay.released_legitimate.value_or(0) > 0) legit_paths.insert(UriOf(*s));
    }
    if (legit_paths.size() < kMinFieldOnlyPaths) continue;
    SuggestionFinding merged = MergedEvidence(scopes, legit_paths.size());
    std::string method = SharedLegitMethod(merged.replay.examples);
    if (!method.empty()) {
      merged.exclusion.when.push_back(
          {ConditionField::kMethod, "", {"^" + method + "$"}});
    }
    AddShapeCandidates(merged, catalog, &next_id, &out);
  }
  return out;
}

}  // namespace waftune
