#include "analysis/suggest.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <string>
#include <utility>

#include "analysis/path_template.h"
#include "analysis/suggest_fields.h"
#include "logs/waf_record.h"

namespace waftune {
namespace {

// Methods tried as the narrowest scopes; a template that only passes with
// another method falls back to the method-less candidate.
constexpr const char* kMethods[] = {"GET", "POST"};

bool Actionable(const std::string& action) {
  return action == "BLOCK" || action == "COUNT" || action == "CAPTCHA" ||
         action == "CHALLENGE";
}

struct RuleAggregate {
  uint64_t requests = 0, legitimate = 0;
  bool likely_attacks = false, has_estimate = false;
  std::map<std::string, uint64_t> templates;  // Pattern -> requests.
  std::map<std::string, uint64_t> networks;   // CIDR -> requests.
  std::vector<TopEntry> matched;              // Match details of every row.
};

// The /24 (IPv4) or /48 (IPv6) network of an address, as a CIDR; empty when
// the text is not an address.
std::string NetworkOf(const std::string& ip) {
  if (ip.find(':') != std::string::npos) {
    size_t pos = 0;
    for (int groups = 0; groups < 3; ++groups) {
      pos = ip.find(':', pos);
      if (pos == std::string::npos) return "";
      ++pos;
    }
    return ip.substr(0, pos) + ":/48";
  }
  size_t last = ip.rfind('.');
  if (last == std::string::npos || std::count(ip.begin(), ip.end(), '.') != 3) return "";
  return ip.substr(0, last) + ".0/24";
}

bool AddressRule(const SuggestOptions& o, const std::string& group, const std::string& rule) {
  if (o.catalog == nullptr) return false;
  const ManagedRuleInfo* info = o.catalog->FindRule(group, rule);
  return info != nullptr && info->component == "client_ip";
}

void AddRow(const RuleFinding& r, RuleAggregate* a) {
  a->requests += r.requests;
  if (r.legitimate) {
    a->has_estimate = true;
    a->legitimate += r.legitimate->requests;
    if (r.legitimate->verdict == "likely-attacks") a->likely_attacks = true;
  }
  for (const TopEntry& u : r.top_uris) {
    std::string t = PathTemplate(u.value);
    if (!t.empty()) a->templates[t] += u.count;
  }
  for (const TopEntry& c : r.top_clients) {
    std::string net = NetworkOf(c.value);
    if (!net.empty()) a->networks[net] += c.count;
  }
  a->matched.insert(a->matched.end(), r.top_matched.begin(), r.top_matched.end());
}

// "; match details name arg:q, header:x" for the refinement after replay.
std::string MatchDetailsNote(const RuleAggregate& a) {
  std::vector<std::string> fields = MatchDetailFields(a.matched);
  if (fields.empty()) return "";
  std::string out = kMatchDetailsNote;
  for (size_t i = 0; i < fields.size(); ++i) out += (i ? ", " : "") + fields[i];
  return out;
}


// The web ACL rule of each group, from rows that name it (BLOCK rows do).
std::map<std::string, std::string> WebAclRules(const Findings& f) {
  std::map<std::string, std::string> out;
  for (const RuleFinding& r : f.rules) {
    if (!r.rule_group || !r.web_acl_rule) continue;
    std::string g(StripGroupVersion(*r.rule_group));
    if (!out.count(g) || r.action == "BLOCK") out[g] = *r.web_acl_rule;
  }
  return out;
}

Condition MakeCondition(ConditionField field, std::string pattern) {
  Condition c;
  c.field = field;
  c.patterns.push_back(std::move(pattern));
  return c;
}

// Templates of one rule, most requests first, capped.
std::vector<std::string> TopTemplates(const RuleAggregate& a, size_t n) {
  std::vector<std::pair<uint64_t, std::string>> v;
  for (const auto& [t, count] : a.templates) v.emplace_back(count, t);
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size() && i < n; ++i) out.push_back(v[i].second);
  return out;
}

std::string UriPattern(const SuggestionFinding& s) {
  for (const Condition& c : s.exclusion.when) {
    if (c.field == ConditionField::kUri && !c.patterns.empty()) return c.patterns[0];
  }
  return "";
}

// The client_ip scope of an address candidate, "" for path candidates.
std::string NetworkPattern(const SuggestionFinding& s) {
  for (const Condition& c : s.exclusion.when) {
    if (c.field == ConditionField::kClientIp && !c.patterns.empty()) return c.patterns[0];
  }
  return "";
}

bool HasMethod(const SuggestionFinding& s) {
  for (const Condition& c : s.exclusion.when) {
    if (c.field == ConditionField::kMethod) return true;
  }
  return false;
}

double Share(uint64_t part, uint64_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

// Why released requests are suspicious: an attack signature in the request
// itself, or only the client's evidence (IP reputation / bot labels, tool
// user agent, rate limits, scanner profile). Examples carry the request
// verdict only, so the split is given when every release is an example.
std::string SuspiciousCauses(const ReplayFinding& r) {
  if (r.examples.size() < r.released) return "";
  uint64_t signature = 0;
  for (const ReplayExample& e : r.examples) signature += e.suspicious ? 1 : 0;
  uint64_t client = r.released_suspicious > signature ? r.released_suspicious - signature : 0;
  return ": " + std::to_string(signature) + " with an attack signature in the request, " +
         std::to_string(client) + " only from client evidence";
}

// Empty when the candidate passes; otherwise why not.
std::string Rejection(const ReplayFinding& r, const SuggestOptions& o) {
  if (r.released == 0) return "releases no request";
  if (Share(r.released_suspicious, r.released) > o.max_suspicious_share) {
    return "releases suspicious requests (" + std::to_string(r.released_suspicious) +
           " of " + std::to_string(r.released) + SuspiciousCauses(r) + ")";
  }
  uint64_t legit = r.released_legitimate.value_or(0);
  if (Share(legit, r.released) < o.min_legitimate_released) {
    return "released requests are mostly not legitimate (" + std::to_string(legit) +
           " of " + std::to_string(r.released) + ")";
  }
  return "";
}

// Conditions other than method, URI and client address: the single-field
// scopes, each its own suggestion.
std::string FieldKey(const SuggestionFinding& s) {
  std::string key;
  for (const Condition& c : s.exclusion.when) {
    if (c.field == ConditionField::kMethod || c.field == ConditionField::kUri ||
        c.field == ConditionField::kClientIp) {
      continue;
    }
    key += ConditionKey(c) + "=" + (c.patterns.empty() ? "" : c.patterns[0]) + "|";
  }
  return key;
}

}  // namespace

bool PassesReplay(const ReplayFinding& replay, const SuggestOptions& o) {
  return Rejection(replay, o).empty();
}

void JudgeCandidate(const ReplayFinding& replay, const SuggestOptions& o, SuggestionFinding* s) {
  s->replay = replay;
  s->coverage = Share(s->replay.released_legitimate.value_or(0), s->rule_legitimate);
  std::string why = Rejection(s->replay, o);
  bool path_scope = !UriPattern(*s).empty();
  // Passing is provisional "suggested": MergeRefinements may demote it to
  // an alternative when a narrower refinement is preferred.
  if (why.empty()) {
    s->Decide(SuggestionVerdict::kSuggested,
              HasMethod(*s) || !path_scope ? "narrowest scope that passes"
                                           : "passes only without a method condition");
  } else {
    s->Decide(SuggestionVerdict::kRejected, why);
  }
  if (!FieldKey(*s).empty()) s->reason += " (single-field value shape)";
}

std::vector<SuggestionFinding> ArgCandidates(const std::vector<SuggestionFinding>& judged,
                                             size_t next_id, const ManagedCatalog* catalog) {
  std::vector<SuggestionFinding> out = FieldCandidates(judged, next_id, catalog);
  std::vector<SuggestionFinding> wide =
      FieldOnlyCandidates(judged, next_id + out.size(), catalog);
  std::move(wide.begin(), wide.end(), std::back_inserter(out));
  return out;
}

namespace {

// Address-range candidates for a rule that inspects only the client
// address: each network carrying a material share of its requests.
void AddNetworkCandidates(const std::pair<std::string, std::string>& key,
                          const RuleAggregate& a, const SuggestOptions& o,
                          std::vector<SuggestionFinding>* out) {
  for (const auto& [net, count] : a.networks) {
    if (Share(count, a.requests) < o.min_network_share) continue;
    SuggestionFinding s;
    s.rule_group = key.first;
    s.rule = key.second;
    s.rule_requests = a.requests;
    s.rule_legitimate = a.legitimate;
    s.exclusion.id = "sg-" + std::to_string(out->size() + 1);
    s.exclusion.rule_group = key.first;
    s.exclusion.rule = key.second;
    s.exclusion.when.push_back(MakeCondition(ConditionField::kClientIp, net));
    s.exclusion.note = "suggested by waftune: " + key.second + " for network " + net;
    out->push_back(std::move(s));
  }
}

}  // namespace

std::vector<SuggestionFinding> BuildCandidates(const Findings& f,
                                               const SuggestOptions& o) {
  std::map<std::pair<std::string, std::string>, RuleAggregate> rules;
  for (const RuleFinding& r : f.rules) {
    if (!r.rule_group || r.rule == "*" || r.rule.empty() || !Actionable(r.action)) {
      continue;
    }
    AddRow(r, &rules[{std::string(StripGroupVersion(*r.rule_group)), r.rule}]);
  }
  std::map<std::string, std::string> acl_rules = WebAclRules(f);
  std::vector<SuggestionFinding> out;
  for (const auto& [key, a] : rules) {
    if (!a.has_estimate || a.likely_attacks ||
        Share(a.legitimate, a.requests) < o.min_legitimate_share) {
      continue;
    }
    if (AddressRule(o, key.first, key.second)) {
      size_t before = out.size();
      AddNetworkCandidates(key, a, o, &out);
      for (size_t i = before; i < out.size(); ++i) {
        auto it = acl_rules.find(key.first);
        if (it != acl_rules.end()) out[i].web_acl_rule = it->second;
      }
      continue;
    }
    for (const std::string& t : TopTemplates(a, o.max_templates_per_rule)) {
      for (size_t m = 0; m <= std::size(kMethods); ++m) {
        SuggestionFinding s;
        s.rule_group = key.first;
        s.rule = key.second;
        s.rule_requests = a.requests;
        s.rule_legitimate = a.legitimate;
        auto it = acl_rules.find(key.first);
        if (it != acl_rules.end()) s.web_acl_rule = it->second;
        s.exclusion.id = "sg-" + std::to_string(out.size() + 1);
        s.exclusion.rule_group = key.first;
        s.exclusion.rule = key.second;
        if (m < std::size(kMethods)) {
          s.exclusion.when.push_back(
              MakeCondition(ConditionField::kMethod, std::string("^") + kMethods[m] + "$"));
        }
        s.exclusion.when.push_back(MakeCondition(ConditionField::kUri, t));
        s.exclusion.note = "suggested by waftune: " + key.second + " on " + t + MatchDetailsNote(a);
        out.push_back(std::move(s));
      }
    }
  }
  return out;
}

std::vector<SuggestionFinding> JudgeCandidates(
    std::vector<SuggestionFinding> candidates,
    const std::vector<ReplayFinding>& replay, const SuggestOptions& o) {
  // Groups in first-seen order; each keeps its best candidate so far.
  std::vector<std::string> order;
  std::map<std::string, SuggestionFinding> best;
  for (size_t i = 0; i < candidates.size() && i < replay.size(); ++i) {
    SuggestionFinding s = std::move(candidates[i]);
    JudgeCandidate(replay[i], o, &s);
    std::string key = s.rule_group + "|" + s.rule + "|" + UriPattern(s) + "|" +
                      NetworkPattern(s) + "|" + FieldKey(s);
    auto it = best.find(key);
    if (it == best.end()) {
      order.push_back(key);
      best.emplace(key, std::move(s));
      continue;
    }
    SuggestionFinding& cur = it->second;
    // Narrowest passing scope wins (candidates come narrowest first): a
    // kept one is replaced only by a kept one releasing more legitimate
    // traffic among the method-scoped candidates.
    bool better = s.kept ? (!cur.kept || (HasMethod(s) &&
                                          s.replay.released > cur.replay.released))
                         : (!cur.kept && s.replay.released > cur.replay.released);
    if (better) cur = std::move(s);
  }
  std::vector<SuggestionFinding> out;
  for (const std::string& k : order) {
    if (best[k].replay.matched > 0) out.push_back(std::move(best[k]));
  }
  return out;
}

}  // namespace waftune
