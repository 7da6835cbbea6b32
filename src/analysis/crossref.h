// Crossref: the legitimate-traffic estimate per rule row, from WAF logs
// joined with ALB / CloudFront access logs.
//
// Two passes keep memory bounded by the clients that matter:
//  1. WAF pass (FlaggedCollector, one per file, merged in file order): every
//     request with a BLOCK/COUNT/CAPTCHA/CHALLENGE row is reduced to
//     (client, row, request facts) -> count, plus a WAF profile per client
//     and the set of flagged request ids. Clients are IP + user agent.
//  2. Access pass (AccessProfiler, one per file): only entries of flagged
//     clients are profiled (successful target responses, pages, assets,
//     4xx paths, signature hits); entries whose trace/request id is a
//     flagged request are counted as joined.
// Estimate() then scores each (client, row, facts) group with the
// legitimacy model and rolls the result up per row.
// Not thread-safe; one collector / profiler per worker.
#ifndef WAFTUNE_ANALYSIS_CROSSREF_H_
#define WAFTUNE_ANALYSIS_CROSSREF_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/findings.h"
#include "analysis/flat_u64_map.h"
#include "analysis/legitimacy.h"
#include "analysis/rule_rows.h"
#include "logs/alb_entry.h"
#include "logs/cloudfront_entry.h"
#include "logs/waf_record.h"
#include "match/signatures.h"

namespace waftune {

// "web_acl_rule\x1fgroup\x1frule\x1fACTION": the row identity as one string.
std::string RowKeyString(std::string_view web_acl_rule, std::string_view group,
                         std::string_view rule, std::string_view action);
std::string RowKeyString(const RuleFinding& r);

// Client identity: hash of IP and user agent, ClientHashFromIp(IpHash(ip), ua).
uint64_t ClientHash(std::string_view ip, std::string_view user_agent);
uint64_t IpHash(std::string_view ip);
uint64_t ClientHashFromIp(uint64_t ip_hash, std::string_view user_agent);

class FlaggedCollector {
 public:
  // `signatures` may be null (no signature evidence); must outlive this.
  // `join_state` false keeps only the per-client state (clients(), what
  // Replay::Finish reads), not groups() and request_ids(), which only the
  // access-log join and the estimate need: replay without access logs.
  explicit FlaggedCollector(const SignatureSet* signatures, bool join_state = true);
  void Add(const WafRecord& rec);
  // Same, with ComputeRuleRows(rec) done by the caller (shared by the
  // consumers of one WAF pass). `hits`, when not null, are the signature
  // hits of `rec`, scanned by the caller with this collector's set.
  void Add(const WafRecord& rec, const RuleRows& rows,
           const SignatureHits* hits = nullptr);
  void Merge(const FlaggedCollector& other);

  struct ClientState {
    WafClientProfile profile;
    std::vector<uint32_t> rows;       // Distinct row ids (capped).
    std::vector<uint64_t> uri_hashes;  // Distinct flagged URIs (capped).
    std::string ip, user_agent;        // For explanations.
  };
  struct GroupKey {
    uint64_t client;
    uint32_t row;
    uint8_t facts;  // Bits of RequestFacts.
    bool operator==(const GroupKey&) const = default;
  };
  struct GroupKeyHash {
    size_t operator()(const GroupKey& k) const {
      return k.client ^ (uint64_t{k.row} << 8) ^ k.facts;
    }
  };

  const std::vector<std::string>& row_keys() const { return row_keys_; }
  const std::unordered_map<GroupKey, uint64_t, GroupKeyHash>& groups() const { return groups_; }
  const std::unordered_map<uint64_t, ClientState>& clients() const { return clients_; }
  // (request id hash, client) of every flagged request with an id, in
  // record order (merges append), so "the last one wins" holds on lookup.
  const std::vector<std::pair<uint64_t, uint64_t>>& request_ids() const { return request_ids_; }
  uint64_t flagged_requests() const { return flagged_; }

 private:
  uint32_t RowId(const RuleRowKey& key);
  uint32_t RowIdForKey(const std::string& key);
  void UpdateRuleCounts(ClientState* c) const;
  // `ua` is the record's User-Agent header.
  ClientState& UpdateClient(const WafRecord& rec, std::string_view ua, uint64_t client,
                            bool tool_ua);

  const SignatureSet* signatures_;
  bool join_state_;
  std::unordered_map<std::string, uint32_t> row_ids_;
  std::vector<std::string> row_keys_;
  std::unordered_map<GroupKey, uint64_t, GroupKeyHash> groups_;
  std::unordered_map<uint64_t, ClientState> clients_;
  // Hash of the row's parts -> row id, checked against row_keys_: finds the
  // id without building the key string (RowId runs for every flagged row).
  std::unordered_map<uint64_t, uint32_t> row_hash_ids_;
  std::vector<std::pair<uint64_t, uint64_t>> request_ids_;  // id hash, client
  uint64_t flagged_ = 0;
  RuleRows rows_scratch_;  // For Add(rec).
  std::vector<uint32_t> flagged_row_ids_;  // Of the current record.
  SignatureHits hits_;
  std::string key_scratch_;
};

// The flagged clients and request ids the access pass looks for; shared
// read-only by every AccessProfiler. `ips` holds the IP hashes of the
// clients, so most access-log lines are rejected before their user agent is
// hashed.
struct FlaggedIndex {
  static FlaggedIndex Build(const FlaggedCollector& flagged);
  FlatU64Map clients;      // Client hash -> 1.
  FlatU64Map ips;          // IP hash -> 1.
  FlatU64Map request_ids;  // Id hash -> client.
};

class AccessProfiler {
 public:
  AccessProfiler(const FlaggedIndex* index, const SignatureSet* signatures);
  void Add(const AlbEntry& e);
  void Add(const CfEntry& e);
  void Merge(const AccessProfiler& other);

  struct State {
    AccessProfile profile;
    std::vector<uint64_t> pages, error_paths, paths;  // Capped hash sets.
    uint64_t joined = 0;  // Flagged requests of this client found by id.
  };
  const std::unordered_map<uint64_t, State>& clients() const { return clients_; }
  uint64_t joined() const { return joined_; }

 private:
  struct Hit {
    std::string_view ip, user_agent, path, url, request_id;
    int64_t time_ms;
    bool waf_blocked, target_success, client_error;
  };
  void Record(const Hit& h);

  const FlaggedIndex* index_;
  const SignatureSet* signatures_;
  std::unordered_map<uint64_t, State> clients_;
  uint64_t joined_ = 0;
  SignatureHits hits_;
};

struct CrossrefResult {
  // Row key string -> estimate.
  std::map<std::string, LegitimacyFinding> rows;
  uint64_t flagged_requests = 0;
  uint64_t joined_requests = 0;
  uint64_t profiled_clients = 0;
};

CrossrefResult EstimateLegitimacy(const FlaggedCollector& waf,
                                  const AccessProfiler& access,
                                  const LegitimacyWeights& weights);

// Text explaining the estimate of one row (matched by display name or rule
// id): the clients with most requests, their evidence and contributions.
std::string ExplainRow(const FlaggedCollector& waf, const AccessProfiler& access,
                       const LegitimacyWeights& weights, std::string_view rule,
                       size_t max_clients);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_CROSSREF_H_
