#include "analysis/replay.h"

#include <algorithm>
#include <cctype>
#include <strings.h>
#include <tuple>

#include "analysis/distinct_counter.h"
#include "analysis/suggest_cookies.h"
#include "util/word_hash.h"

namespace waftune {
namespace {

bool NameLooksSecret(std::string_view name) {
  std::string lower;
  for (char c : name) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (std::string_view s : {"token", "password", "passwd", "pwd", "secret", "api_key",
                             "apikey", "access_key", "auth", "session", "signature", "sig",
                             "code", "key", "credential"}) {
    if (lower.find(s) != std::string::npos) return true;
  }
  return false;
}

// Adds n to counts[id], growing the vector as ids appear.
void Bump(std::vector<uint64_t>* counts, uint32_t id, uint64_t n = 1) {
  if (counts->size() <= id) counts->resize(id + 1, 0);
  (*counts)[id] += n;
}

bool Earlier(const ReplayExample& a, const ReplayExample& b) {
  return std::tie(a.timestamp_ms, a.request_id) < std::tie(b.timestamp_ms, b.request_id);
}

// Whether an example with this key would stay among the `cap` earliest
// (KeepExample inserts after equal keys, so a tie with the last is dropped).
bool WouldKeep(const std::vector<ReplayExample>& list, int64_t timestamp_ms,
               std::string_view request_id, size_t cap) {
  if (list.size() < cap) return true;
  if (cap == 0) return false;
  const ReplayExample& last = list.back();
  if (timestamp_ms != last.timestamp_ms) return timestamp_ms < last.timestamp_ms;
  return request_id < std::string_view(last.request_id);
}

void KeepExample(std::vector<ReplayExample>* list, ReplayExample e, size_t cap) {
  list->insert(std::upper_bound(list->begin(), list->end(), e, Earlier), std::move(e));
  if (list->size() > cap) list->pop_back();
}

}  // namespace

bool IsSecretHeader(std::string_view name) {
  for (std::string_view h : {"authorization", "cookie", "set-cookie", "x-api-key",
                             "proxy-authorization", "x-auth-token", "x-amz-security-token"}) {
    if (name.size() == h.size() && strncasecmp(name.data(), h.data(), h.size()) == 0) return true;
  }
  return false;
}

std::string RedactQuery(std::string_view args) {
  std::string out;
  while (!args.empty()) {
    size_t amp = args.find('&');
    std::string_view pair = args.substr(0, amp);
    size_t eq = pair.find('=');
    if (!out.empty()) out.push_back('&');
    if (eq != std::string_view::npos && NameLooksSecret(pair.substr(0, eq))) {
      out.append(pair.substr(0, eq + 1));
      out.append("REDACTED");
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    args.remove_prefix(amp + 1);
  }
  return out;
}

Replay::Replay(const std::vector<RequestMatcher>* matchers, const SignatureSet* signatures,
               ReplayOptions options)
    : matchers_(matchers), signatures_(signatures), options_(options),
      per_(matchers->size()), first_row_(matchers->size(), kNoRow),
      first_selection_(matchers->size(), 0) {}

uint32_t Replay::SelectionId(std::string_view rule_group, std::string_view rule,
                             WafAction action) {
  uint64_t h = WordHash(rule_group) ^ (WordHash(rule) * 0x9E3779B97F4A7C15ULL) ^
               static_cast<uint64_t>(action);
  auto it = selection_ids_.find(h);
  if (it != selection_ids_.end()) {
    const RowSelection& s = selections_[it->second];
    if (s.action == action && s.rule == rule && s.rule_group == rule_group) return it->second;
    // A hash collision (never seen in practice): find the identity by value.
    for (uint32_t id = 0; id < selections_.size(); ++id) {
      const RowSelection& c = selections_[id];
      if (c.action == action && c.rule == rule && c.rule_group == rule_group) return id;
    }
    return AddSelection(rule_group, rule, action);
  }
  uint32_t id = AddSelection(rule_group, rule, action);
  selection_ids_.emplace(h, id);
  return id;
}

uint32_t Replay::AddSelection(std::string_view rule_group, std::string_view rule,
                              WafAction action) {
  RowSelection s;
  s.rule_group = rule_group;
  s.rule = rule;
  s.action = action;
  s.label = std::string(rule) + "|" + std::string(WafActionName(action));
  for (size_t i = 0; i < matchers_->size(); ++i) {
    if (RuleSelected((*matchers_)[i].exclusion(), rule_group, rule)) {
      s.exclusions.push_back(static_cast<uint32_t>(i));
    }
  }
  selections_.push_back(std::move(s));
  return static_cast<uint32_t>(selections_.size() - 1);
}

ReplayExample Replay::MakeExample(const WafRecord& rec, const RuleRowKey& row) const {
  ReplayExample e;
  e.timestamp_ms = rec.timestamp_ms;
  e.request_id = rec.request.request_id;
  e.client_ip = rec.request.client_ip;
  e.country = rec.request.country;
  e.method = rec.request.method;
  e.uri = rec.request.uri.substr(0, 512);
  std::string_view args = rec.request.args.substr(0, 1024);
  e.args = options_.redact ? RedactQuery(args) : std::string(args);
  e.user_agent = rec.request.Header("user-agent").substr(0, 256);
  e.content_length = rec.request.Header("content-length").substr(0, 20);
  e.cookies = MaskCookieHeader(rec.request.Header("cookie").substr(0, 4096));
  e.rule_action = WafActionName(row.action);
  return e;
}

void Replay::Release(const WafRecord& rec, const RuleRowKey& row, uint32_t selection,
                     const SignatureHits* hits, PerExclusion* e) {
  ++e->released;
  Bump(&e->released_by_row, selection);
  if (row.action == WafAction::kCount) {
    ++e->released_counts;
  } else {
    ++e->released_blocks;
  }
  if (hits == nullptr) {
    hits_.Clear();
    if (signatures_ != nullptr) signatures_->Scan(rec, &hits_);
    hits = &hits_;
  }
  const bool suspicious = !hits->indexes().empty();
  uint64_t client = ClientHash(rec.request.client_ip, rec.request.Header("user-agent"));
  ++e->released_groups[suspicious ? 1 : 0][client];
  // Most releases are not among the earliest kept: build the example (with
  // its redaction copies) only for those that are.
  if (!WouldKeep(e->examples, rec.timestamp_ms, rec.request.request_id,
                 options_.max_examples)) {
    return;
  }
  ReplayExample example = MakeExample(rec, row);
  for (int i : hits->indexes()) {
    example.signature_classes.push_back(signatures_->signature(i).cls);
  }
  example.suspicious = suspicious;
  KeepExample(&e->examples, std::move(example), options_.max_examples);
}

void Replay::Add(const WafRecord& rec) {
  ComputeRuleRows(rec, &rows_);
  Add(rec, rows_);
}

void Replay::Add(const WafRecord& rec, const RuleRows& rows, const SignatureHits* hits) {
  // The request counts once per exclusion: take its first selected row.
  touched_.clear();
  for (uint32_t r = 0; r < rows.size; ++r) {
    const RuleRowKey& row = rows.rows[r];
    if (!IsRuleMatch(row.action)) continue;
    uint32_t id = SelectionId(row.rule_group, row.rule, row.action);
    for (uint32_t x : selections_[id].exclusions) {
      if (first_row_[x] != kNoRow) continue;
      first_row_[x] = r;
      first_selection_[x] = id;
      touched_.push_back(x);
    }
  }
  for (uint32_t x : touched_) {
    const RuleRowKey& selected = rows.rows[first_row_[x]];
    const uint32_t selection = first_selection_[x];
    first_row_[x] = kNoRow;
    PerExclusion& e = per_[x];
    ++e.matched;
    Bump(&e.matched_by_row, selection);
    MatchOutcome outcome = (*matchers_)[x].Evaluate(rec, &scratch_);
    if (outcome == MatchOutcome::kUnknown) ++e.unknown;
    if (outcome == MatchOutcome::kMatch) Release(rec, selected, selection, hits, &e);
  }
}

void Replay::Merge(const Replay& other) {
  // Selection ids are per Replay: map the other side's onto ours.
  std::vector<uint32_t> ids;
  ids.reserve(other.selections_.size());
  for (const RowSelection& s : other.selections_) {
    ids.push_back(SelectionId(s.rule_group, s.rule, s.action));
  }
  auto add_counts = [&](const std::vector<uint64_t>& from, std::vector<uint64_t>* to) {
    for (size_t id = 0; id < from.size(); ++id) {
      if (from[id] != 0) Bump(to, ids[id], from[id]);
    }
  };
  for (size_t i = 0; i < per_.size(); ++i) {
    PerExclusion& a = per_[i];
    const PerExclusion& b = other.per_[i];
    a.matched += b.matched;
    a.released += b.released;
    a.unknown += b.unknown;
    a.released_blocks += b.released_blocks;
    a.released_counts += b.released_counts;
    add_counts(b.matched_by_row, &a.matched_by_row);
    add_counts(b.released_by_row, &a.released_by_row);
    for (int g = 0; g < 2; ++g) {
      for (const auto& [k, v] : b.released_groups[g]) a.released_groups[g][k] += v;
    }
    for (const ReplayExample& ex : b.examples) KeepExample(&a.examples, ex, options_.max_examples);
  }
}

std::map<std::string, uint64_t> Replay::ByLabel(const std::vector<uint64_t>& by_row) const {
  std::map<std::string, uint64_t> out;
  for (size_t id = 0; id < by_row.size(); ++id) {
    if (by_row[id] != 0) out[selections_[id].label] += by_row[id];
  }
  return out;
}

std::vector<ReplayFinding> Replay::Finish(const FlaggedCollector& flagged,
                                          const AccessProfiler* access,
                                          const LegitimacyWeights& weights) const {
  std::vector<ReplayFinding> out;
  for (size_t i = 0; i < per_.size(); ++i) {
    const PerExclusion& e = per_[i];
    const Exclusion& x = (*matchers_)[i].exclusion();
    ReplayFinding f;
    f.id = x.id;
    f.rule_group = x.rule_group;
    f.rule = x.rule;
    f.note = x.note;
    f.matched = e.matched;
    f.released = e.released;
    f.unknown = e.unknown;
    f.released_blocks = e.released_blocks;
    f.released_counts = e.released_counts;
    double legit = 0;
    for (int g = 0; g < 2; ++g) {
    for (const auto& [client, n] : e.released_groups[g]) {
      bool request_signature = g == 1;
      auto it = flagged.clients().find(client);
      WafClientProfile profile = it == flagged.clients().end() ? WafClientProfile{}
                                                               : it->second.profile;
      const AccessProfile* a = nullptr;
      if (access != nullptr) {
        auto ai = access->clients().find(client);
        if (ai != access->clients().end() && ai->second.profile.requests) a = &ai->second.profile;
      }
      if (request_signature || ClientHasAttackEvidence(profile, a, weights)) {
        f.released_suspicious += n;
      }
      RequestFacts facts{request_signature, profile.reputation, false};
      legit += ScoreToProbability(LegitimacyScore(facts, profile, a, weights, nullptr)) *
               static_cast<double>(n);
    }
    }
    if (access != nullptr) f.released_legitimate = static_cast<uint64_t>(std::llround(legit));
    std::map<std::string, uint64_t> released_by_rule = ByLabel(e.released_by_row);
    for (const auto& [rule, n] : ByLabel(e.matched_by_row)) {
      auto r = released_by_rule.find(rule);
      f.remaining_by_rule[rule] = n - (r == released_by_rule.end() ? 0 : r->second);
    }
    f.examples = e.examples;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace waftune
