// Rolls the per-(client, row, facts) groups up into per-row estimates.
#include <algorithm>
#include <cstdio>
#include <set>

#include "analysis/crossref.h"

namespace waftune {
namespace {

RequestFacts FactsFromBits(uint8_t bits) {
  return {(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0};
}

const AccessProfile* ProfileOf(const AccessProfiler& access, uint64_t client) {
  auto it = access.clients().find(client);
  if (it == access.clients().end() || it->second.profile.requests == 0) return nullptr;
  return &it->second.profile;
}

struct RowTotals {
  uint64_t requests = 0;
  double legit = 0;
  uint64_t low = 0, high = 0, covered = 0;
  std::set<uint64_t> clients, legit_clients;
  std::map<std::string, uint64_t> evidence;
};

void AddEvidence(const RequestFacts& f, const WafClientProfile& w, const AccessProfile* a,
                 const LegitimacyWeights& wt, uint64_t n, RowTotals* t) {
  auto& e = t->evidence;
  if (f.signature_hit) e["requests_with_attack_signature"] += n;
  if (f.reputation_label) e["requests_with_reputation_label"] += n;
  if (f.session_cookie) e["requests_with_session_cookie"] += n;
  if (w.tool_user_agent) e["requests_from_tool_user_agents"] += n;
  if (w.distinct_blocking_rules >= static_cast<uint64_t>(wt.many_rules_min)) {
    e["requests_from_clients_hitting_many_rules"] += n;
  }
  if (a == nullptr) {
    e["requests_without_access_log_profile"] += n;
    return;
  }
  if (a->target_success >= static_cast<uint64_t>(wt.success_min)) {
    e["requests_from_clients_with_successful_sessions"] += n;
  }
  if (a->distinct_error_paths >= static_cast<uint64_t>(wt.scanner_error_paths_min)) {
    e["requests_from_scanning_clients"] += n;
  }
}

}  // namespace

CrossrefResult EstimateLegitimacy(const FlaggedCollector& waf, const AccessProfiler& access,
                                  const LegitimacyWeights& weights) {
  std::vector<RowTotals> totals(waf.row_keys().size());
  for (const auto& [key, n] : waf.groups()) {
    const auto& client = waf.clients().at(key.client);
    const AccessProfile* profile = ProfileOf(access, key.client);
    RequestFacts facts = FactsFromBits(key.facts);
    double p = ScoreToProbability(
        LegitimacyScore(facts, client.profile, profile, weights, nullptr));
    RowTotals& t = totals[key.row];
    t.requests += n;
    t.legit += p * static_cast<double>(n);
    if (p >= weights.high_p) t.low += n;
    if (p > weights.low_p) t.high += n;
    if (profile != nullptr) t.covered += n;
    t.clients.insert(key.client);
    if (p >= 0.5) t.legit_clients.insert(key.client);
    AddEvidence(facts, client.profile, profile, weights, n, &t);
  }
  CrossrefResult out;
  for (size_t row = 0; row < totals.size(); ++row) {
    RowTotals& t = totals[row];
    if (t.requests == 0) continue;
    LegitimacyFinding f;
    f.requests = static_cast<uint64_t>(std::llround(t.legit));
    f.low = std::min(t.low, f.requests);
    f.high = std::max(t.high, f.requests);
    f.clients = t.legit_clients.size();
    double coverage = static_cast<double>(t.covered) / static_cast<double>(t.requests);
    f.evidence_level = EvidenceLevel(coverage, weights);
    f.verdict = LegitimacyVerdict(t.legit / static_cast<double>(t.requests), f.evidence_level,
                                  t.requests, weights);
    f.evidence = std::move(t.evidence);
    f.evidence["requests_with_access_log_profile"] = t.covered;
    f.evidence["clients"] = t.clients.size();
    out.rows[waf.row_keys()[row]] = std::move(f);
  }
  out.flagged_requests = waf.flagged_requests();
  out.joined_requests = access.joined();
  for (const auto& [c, s] : access.clients()) out.profiled_clients += s.profile.requests > 0;
  return out;
}

std::string ExplainRow(const FlaggedCollector& waf, const AccessProfiler& access,
                       const LegitimacyWeights& weights, std::string_view rule,
                       size_t max_clients) {
  // Requests per client (and their facts) for rows whose rule matches.
  struct Entry {
    uint64_t client;
    uint8_t facts;
    uint64_t n;
  };
  std::vector<Entry> entries;
  for (const auto& [key, n] : waf.groups()) {
    std::string_view row_key = waf.row_keys()[key.row];
    size_t a = row_key.find('\x1f'), b = row_key.find('\x1f', a + 1);
    size_t c = row_key.find('\x1f', b + 1);
    if (row_key.substr(b + 1, c - b - 1) != rule) continue;
    entries.push_back({key.client, key.facts, n});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) {
    return x.n != y.n ? x.n > y.n : x.client < y.client;
  });
  std::string out = "Rule " + std::string(rule) + ": evidence of the top clients\n";
  char buf[256];
  for (size_t i = 0; i < entries.size() && i < max_clients; ++i) {
    const auto& client = waf.clients().at(entries[i].client);
    const AccessProfile* profile = ProfileOf(access, entries[i].client);
    std::vector<Contribution> why;
    double score = LegitimacyScore(FactsFromBits(entries[i].facts), client.profile, profile,
                                   weights, &why);
    std::snprintf(buf, sizeof buf, "\n  %llu requests from %s, p(legitimate) = %.2f\n",
                  static_cast<unsigned long long>(entries[i].n), client.ip.c_str(),
                  ScoreToProbability(score));
    out += buf;
    out += "    user agent: " + (client.user_agent.empty() ? "(none)" : client.user_agent) + "\n";
    if (profile != nullptr) {
      std::snprintf(buf, sizeof buf,
                    "    access logs: %llu requests, %llu target 2xx/3xx, %llu assets, %llu "
                    "pages, %llu distinct 4xx paths, %llu signature hits\n",
                    static_cast<unsigned long long>(profile->requests),
                    static_cast<unsigned long long>(profile->target_success),
                    static_cast<unsigned long long>(profile->static_assets),
                    static_cast<unsigned long long>(profile->distinct_pages),
                    static_cast<unsigned long long>(profile->distinct_error_paths),
                    static_cast<unsigned long long>(profile->signature_hits));
      out += buf;
    } else {
      out += "    access logs: no entries for this client\n";
    }
    for (const Contribution& c : why) {
      std::snprintf(buf, sizeof buf, "    %+5.1f  %s\n", c.second, c.first.c_str());
      out += buf;
    }
  }
  return out;
}

}  // namespace waftune
