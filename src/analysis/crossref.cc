#include "analysis/crossref.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "analysis/distinct_counter.h"
#include "logs/request_id.h"
#include "util/word_hash.h"

namespace waftune {
namespace {

constexpr size_t kMaxClientRows = 64;
constexpr size_t kMaxPathSet = 64;

enum FactBits : uint8_t { kSignature = 1, kReputation = 2, kSession = 4 };

// Adds h to a small capped set (kept sorted for deterministic merges).
void AddCapped(std::vector<uint64_t>* set, uint64_t h, size_t cap) {
  auto it = std::lower_bound(set->begin(), set->end(), h);
  if (it != set->end() && *it == h) return;
  if (set->size() >= cap) return;
  set->insert(it, h);
}

// Every ALB line hashes its client's IP and user agent: a byte-wise hash
// showed as 15% of the access pass, hence the word-at-a-time WordHash.
uint64_t KeyHash(std::string_view s) { return WordHash(s); }

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

bool ReputationLabel(std::string_view label) {
  return StartsWith(label, "awswaf:managed:aws:amazon-ip-list:") ||
         StartsWith(label, "awswaf:managed:aws:anonymous-ip-list:") ||
         StartsWith(label, "awswaf:managed:aws:bot-control:bot:category:") ||
         StartsWith(label, "awswaf:managed:aws:bot-control:signal:");
}

// A cookie whose name suggests a session or authentication.
bool HasSessionCookie(std::string_view cookie) {
  // ASCII-lowercased on the stack: runs for every flagged request.
  char lower[4096];
  const size_t n = std::min(cookie.size(), sizeof lower);
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(cookie[i]);
    lower[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }
  const std::string_view text(lower, n);
  for (std::string_view name : {"session", "sess", "sid=", "auth", "token", "jwt", "remember"}) {
    if (text.find(name) != std::string_view::npos) return true;
  }
  return false;
}

// Whether `key` is RowKeyString(parts...), without building that string.
bool RowKeyEquals(std::string_view key, const RuleRowKey& k, std::string_view action) {
  for (std::string_view part : {k.web_acl_rule, k.rule_group, k.rule}) {
    if (key.size() <= part.size() || key.substr(0, part.size()) != part ||
        key[part.size()] != '\x1f') {
      return false;
    }
    key.remove_prefix(part.size() + 1);
  }
  return key == action;
}

bool StaticAsset(std::string_view path) {
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return false;
  std::string_view ext = path.substr(dot + 1);
  for (std::string_view e : {"js", "css", "png", "jpg", "jpeg", "gif", "svg", "ico", "woff",
                             "woff2", "map", "webp", "ttf"}) {
    if (ext == e) return true;
  }
  return false;
}

}  // namespace

std::string RowKeyString(std::string_view web_acl_rule, std::string_view group,
                         std::string_view rule, std::string_view action) {
  std::string k(web_acl_rule);
  k.push_back('\x1f');
  k.append(group);
  k.push_back('\x1f');
  k.append(rule);
  k.push_back('\x1f');
  k.append(action);
  return k;
}

std::string RowKeyString(const RuleFinding& r) {
  return RowKeyString(r.web_acl_rule.value_or(""), r.rule_group.value_or(""), r.rule,
                      r.action);
}

uint64_t IpHash(std::string_view ip) { return KeyHash(ip); }

uint64_t ClientHashFromIp(uint64_t ip_hash, std::string_view user_agent) {
  return ip_hash * 31 + KeyHash(user_agent);
}

uint64_t ClientHash(std::string_view ip, std::string_view user_agent) {
  return ClientHashFromIp(IpHash(ip), user_agent);
}

FlaggedCollector::FlaggedCollector(const SignatureSet* signatures, bool join_state)
    : signatures_(signatures), join_state_(join_state) {}

uint32_t FlaggedCollector::RowIdForKey(const std::string& key) {
  auto it = row_ids_.find(key);
  if (it != row_ids_.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(row_keys_.size());
  row_ids_.emplace(key, id);
  row_keys_.push_back(key);
  return id;
}

uint32_t FlaggedCollector::RowId(const RuleRowKey& key) {
  std::string_view action = WafActionName(key.action);
  uint64_t h = KeyHash(key.web_acl_rule);
  h = h * 31 + KeyHash(key.rule_group);
  h = h * 31 + KeyHash(key.rule);
  h = h * 31 + static_cast<uint64_t>(key.action);
  auto it = row_hash_ids_.find(h);
  if (it != row_hash_ids_.end() && RowKeyEquals(row_keys_[it->second], key, action)) {
    return it->second;
  }
  // New row, or (never seen in practice) a hash shared by two rows: the
  // string map decides, and the first row keeps the hash slot.
  key_scratch_ = RowKeyString(key.web_acl_rule, key.rule_group, key.rule, action);
  uint32_t id = RowIdForKey(key_scratch_);
  if (it == row_hash_ids_.end()) row_hash_ids_.emplace(h, id);
  return id;
}

void FlaggedCollector::Add(const WafRecord& rec) {
  ComputeRuleRows(rec, &rows_scratch_);
  Add(rec, rows_scratch_);
}

void FlaggedCollector::Add(const WafRecord& rec, const RuleRows& rows,
                           const SignatureHits* hits) {
  bool flagged = false;
  for (const RuleRowKey& k : rows) flagged = flagged || IsRuleMatch(k.action);
  if (!flagged) return;
  ++flagged_;
  uint8_t facts = 0;
  bool tool_ua = false;
  if (signatures_ != nullptr) {
    if (hits == nullptr) {
      hits_.Clear();
      signatures_->Scan(rec, &hits_);
      hits = &hits_;
    }
    for (int i : hits->indexes()) {
      if (signatures_->signature(i).cls == "scanner-ua") {
        tool_ua = true;
      } else {
        facts |= kSignature;
      }
    }
  }
  for (std::string_view label : rec.labels) {
    if (ReputationLabel(label)) facts |= kReputation;
  }
  if (HasSessionCookie(rec.request.Header("cookie"))) facts |= kSession;
  const std::string_view ua = rec.request.Header("user-agent");
  uint64_t client = ClientHash(rec.request.client_ip, ua);
  flagged_row_ids_.clear();
  for (const RuleRowKey& k : rows) {
    if (!IsRuleMatch(k.action)) continue;
    flagged_row_ids_.push_back(RowId(k));
    if (join_state_) ++groups_[{client, flagged_row_ids_.back(), facts}];
  }
  if (join_state_ && !rec.request.request_id.empty()) {
    request_ids_.emplace_back(KeyHash(NormalizeRequestId(rec.request.request_id)), client);
  }
  ClientState& c = UpdateClient(rec, ua, client, tool_ua);
  if (facts & kSignature) ++c.profile.flagged_signature;
  if (facts & kReputation) c.profile.reputation = true;
}

FlaggedCollector::ClientState& FlaggedCollector::UpdateClient(const WafRecord& rec,
                                                              std::string_view ua,
                                                              uint64_t client, bool tool_ua) {
  ClientState& c = clients_[client];
  if (c.profile.flagged == 0) {
    c.ip = rec.request.client_ip;
    c.user_agent = ua.substr(0, 200);
  }
  ++c.profile.flagged;
  c.profile.tool_user_agent = c.profile.tool_user_agent || tool_ua;
  c.profile.empty_user_agent = ua.empty();
  c.profile.rate_limited = c.profile.rate_limited || !rec.rate_based.empty() ||
                           rec.terminating_rule_type == "RATE_BASED";
  std::string_view method = rec.request.method;
  if (method != "GET" && method != "HEAD" && method != "OPTIONS") ++c.profile.writes;
  const size_t known_rows = c.rows.size();
  for (uint32_t id : flagged_row_ids_) {
    if (std::find(c.rows.begin(), c.rows.end(), id) == c.rows.end() &&
        c.rows.size() < kMaxClientRows) {
      c.rows.push_back(id);
    }
  }
  // The counts depend only on the set of rows.
  if (c.rows.size() != known_rows || c.profile.flagged == 1) UpdateRuleCounts(&c);
  AddCapped(&c.uri_hashes, KeyHash(rec.request.uri), kMaxPathSet);
  c.profile.distinct_uris = c.uri_hashes.size();
  return c;
}

void FlaggedCollector::UpdateRuleCounts(ClientState* c) const {
  c->profile.distinct_rules = c->rows.size();
  c->profile.distinct_blocking_rules = 0;
  for (uint32_t id : c->rows) {
    std::string_view key = row_keys_[id];
    std::string_view action = key.substr(key.rfind('\x1f') + 1);
    if (action != "COUNT") ++c->profile.distinct_blocking_rules;
  }
}

void FlaggedCollector::Merge(const FlaggedCollector& other) {
  // Row ids are local to each collector: translate the other's ids.
  std::vector<uint32_t> remap(other.row_keys_.size());
  for (size_t i = 0; i < other.row_keys_.size(); ++i) remap[i] = RowIdForKey(other.row_keys_[i]);
  for (const auto& [k, n] : other.groups_) groups_[{k.client, remap[k.row], k.facts}] += n;
  request_ids_.insert(request_ids_.end(), other.request_ids_.begin(), other.request_ids_.end());
  flagged_ += other.flagged_;
  for (const auto& [hash, theirs] : other.clients_) {
    ClientState& c = clients_[hash];
    if (c.profile.flagged == 0) {
      c.ip = theirs.ip;
      c.user_agent = theirs.user_agent;
    }
    WafClientProfile& p = c.profile;
    p.flagged += theirs.profile.flagged;
    p.flagged_signature += theirs.profile.flagged_signature;
    p.tool_user_agent = p.tool_user_agent || theirs.profile.tool_user_agent;
    p.empty_user_agent = p.empty_user_agent || theirs.profile.empty_user_agent;
    p.reputation = p.reputation || theirs.profile.reputation;
    p.rate_limited = p.rate_limited || theirs.profile.rate_limited;
    for (uint32_t r : theirs.rows) {
      uint32_t id = remap[r];
      if (std::find(c.rows.begin(), c.rows.end(), id) == c.rows.end() &&
          c.rows.size() < kMaxClientRows) {
        c.rows.push_back(id);
      }
    }
    p.writes += theirs.profile.writes;
    UpdateRuleCounts(&c);
    for (uint64_t h : theirs.uri_hashes) AddCapped(&c.uri_hashes, h, kMaxPathSet);
    p.distinct_uris = c.uri_hashes.size();
  }
}

FlaggedIndex FlaggedIndex::Build(const FlaggedCollector& flagged) {
  FlaggedIndex index;
  for (const auto& [client, state] : flagged.clients()) {
    index.clients.Put(client, 1);
    index.ips.Put(IpHash(state.ip), 1);
  }
  for (const auto& [id, client] : flagged.request_ids()) index.request_ids.Put(id, client);
  return index;
}

AccessProfiler::AccessProfiler(const FlaggedIndex* index, const SignatureSet* signatures)
    : index_(index), signatures_(signatures) {}

void AccessProfiler::Record(const Hit& h) {
  if (!h.request_id.empty()) {
    if (const uint64_t* c = index_->request_ids.Find(KeyHash(NormalizeRequestId(h.request_id)))) {
      ++joined_;
      ++clients_[*c].joined;
    }
  }
  // Most lines are not from a flagged client: test the IP before hashing the
  // (100+ byte) user agent.
  uint64_t ip_hash = IpHash(h.ip);
  if (!index_->ips.Contains(ip_hash)) return;
  uint64_t client = ClientHashFromIp(ip_hash, h.user_agent);
  if (!index_->clients.Contains(client)) return;
  State& s = clients_[client];
  AccessProfile& p = s.profile;
  if (p.requests == 0 || h.time_ms < p.first_ms) p.first_ms = h.time_ms;
  if (p.requests == 0 || h.time_ms > p.last_ms) p.last_ms = h.time_ms;
  ++p.requests;
  uint64_t path = KeyHash(h.path);
  AddCapped(&s.paths, path, kMaxPathSet);
  if (h.waf_blocked) ++p.waf_blocked;
  if (h.target_success) {
    ++p.target_success;
    if (StaticAsset(h.path)) {
      ++p.static_assets;
    } else {
      AddCapped(&s.pages, path, kMaxPathSet);
    }
  }
  if (h.client_error) AddCapped(&s.error_paths, path, kMaxPathSet);
  if (h.client_error) ++p.client_errors;
  if (signatures_ != nullptr) {
    hits_.Clear();
    signatures_->ScanUrl(h.url, &hits_);
    for (int i : hits_.indexes()) {
      if (signatures_->signature(i).cls != "scanner-ua") {
        ++p.signature_hits;
        break;
      }
    }
  }
  p.distinct_pages = s.pages.size();
  p.distinct_error_paths = s.error_paths.size();
  p.distinct_paths = s.paths.size();
}

void AccessProfiler::Add(const AlbEntry& e) {
  bool target_success = e.target_status_code >= 200 && e.target_status_code < 400;
  bool waf = e.BlockedByWaf();
  bool client_error = !waf && e.elb_status_code >= 400 && e.elb_status_code < 500;
  Record({e.client_ip, e.user_agent, e.path, e.url, e.trace_root, e.time_ms, waf,
          target_success, client_error});
}

void AccessProfiler::Add(const CfEntry& e) {
  bool error = e.status_code >= 400 && e.status_code < 500;
  bool waf = e.status_code == 403 && e.detailed_result_type == "Error";
  bool success = e.status_code >= 200 && e.status_code < 400;
  Record({e.client_ip, e.user_agent, e.uri_stem, e.uri_stem, e.request_id, e.time_ms, waf,
          success, error && !waf});
}

void AccessProfiler::Merge(const AccessProfiler& other) {
  joined_ += other.joined_;
  for (const auto& [client, theirs] : other.clients_) {
    State& s = clients_[client];
    AccessProfile& p = s.profile;
    const AccessProfile& q = theirs.profile;
    if (q.requests > 0) {
      if (p.requests == 0 || q.first_ms < p.first_ms) p.first_ms = q.first_ms;
      if (p.requests == 0 || q.last_ms > p.last_ms) p.last_ms = q.last_ms;
    }
    p.requests += q.requests;
    p.target_success += q.target_success;
    p.static_assets += q.static_assets;
    p.client_errors += q.client_errors;
    p.waf_blocked += q.waf_blocked;
    p.signature_hits += q.signature_hits;
    s.joined += theirs.joined;
    for (uint64_t h : theirs.pages) AddCapped(&s.pages, h, kMaxPathSet);
    for (uint64_t h : theirs.error_paths) AddCapped(&s.error_paths, h, kMaxPathSet);
    for (uint64_t h : theirs.paths) AddCapped(&s.paths, h, kMaxPathSet);
    p.distinct_pages = s.pages.size();
    p.distinct_error_paths = s.error_paths.size();
    p.distinct_paths = s.paths.size();
  }
}

}  // namespace waftune
