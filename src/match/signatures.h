// SignatureSet: the attack signatures of rules/signatures/, compiled for
// scanning request fields.
//
// A signature is data ({id, class, targets, pattern, description, tests};
// see docs/signatures.md): an RE2 pattern written for lowercased text. The
// set compiles all patterns that look at one target field into a single
// RE2::Set, so each field of a request costs one pass however many
// signatures exist. Values are normalised first (NormalizeForSignatures:
// URL-decoded with '+' as space, decoded again while still encoded,
// lowercased, repeated '/' collapsed).
//
// Host-aware signatures (`"host_check": "foreign"`, used by open-redirect and
// some RFI/SSRF patterns) capture the URL host in their one capturing group;
// a hit counts only when that host is not the request's own site (same host,
// or a subdomain of the same parent domain), so that an OAuth redirect_uri
// back to the site itself is not flagged. When the request host is unknown
// every captured host counts as foreign.
//
// Thread safety: a loaded set is immutable and may be shared by threads;
// each thread passes its own SignatureHits (which also holds the scratch
// buffers, so scanning allocates nothing in the steady state).
#ifndef WAFTUNE_MATCH_SIGNATURES_H_
#define WAFTUNE_MATCH_SIGNATURES_H_

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "logs/waf_record.h"
#include "match/scan_memo.h"
#include "util/status.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace waftune {

// What a signature looks at. "headers" = every header value except
// User-Agent, which is its own target.
enum class SignatureTarget { kUri, kArgs, kHeaders, kUserAgent, kMatchedData };
inline constexpr size_t kSignatureTargetCount = 5;

std::optional<SignatureTarget> ParseSignatureTarget(std::string_view name);
std::string_view SignatureTargetName(SignatureTarget t);

struct Signature {
  std::string id;
  std::string cls;       // "sqli", "xss", "traversal", ...
  std::string severity;  // "high" (attack), "medium", "low" (probe).
  std::vector<SignatureTarget> targets;
  std::string pattern;
  std::string description;
  bool foreign_host_only = false;  // "host_check": "foreign".
  std::vector<std::string> positive;
  std::vector<std::string> negative;
};

// Hits of one request (or value): indexes into SignatureSet::signatures(),
// sorted and unique after Finish(). Reuse one per thread.
class SignatureHits {
 public:
  void Clear() { indexes_.clear(); }
  bool empty() const { return indexes_.empty(); }
  const std::vector<int>& indexes() const { return indexes_; }
  bool Has(int index) const;

 private:
  friend class SignatureSet;
  std::vector<int> indexes_;
  std::vector<int> set_ids_;
  // Results per (target, request host, raw value): flagged requests repeat
  // the same hosts, user agents and headers, and profiles showed the scan
  // of repeated values as a quarter of replay's CPU. Bounded (direct-mapped).
  // Each SignatureHits is one thread's, so no locking. The memo holds the
  // results of one SignatureSet, the one whose instance id is memo_set_:
  // scanning with another set clears it first.
  ScanMemo memo_;
  uint64_t memo_set_ = 0;
  std::vector<int> saved_;  // The request's hits while one value is scanned.
  std::string norm_;
  std::string tmp_;
  std::string joined_;
};

class SignatureSet {
 public:
  // Loads every *.json file of `dir` (sorted), each {"signatures": [...]}.
  // All problems are reported together, naming file and signature id.
  static Result<SignatureSet> LoadDirectory(const std::string& dir);
  // Parses one file's text; `file_name` labels errors.
  static Result<std::vector<Signature>> ParseFile(std::string_view json,
                                                  std::string_view file_name);
  // Compiles signatures (ids must be unique).
  static Result<SignatureSet> Build(std::vector<Signature> signatures);

  SignatureSet(SignatureSet&&) noexcept;
  SignatureSet& operator=(SignatureSet&&) noexcept;
  ~SignatureSet();

  // Scans uri, args, every header value, the user agent and the matched
  // data of `record`; adds to *hits (call hits->Clear() per request).
  // REDACTED fields are skipped.
  void Scan(const WafRecord& record, SignatureHits* hits) const;

  // Scans one raw (still encoded) value as `target`. `request_host` is the
  // request's host for host-aware signatures (empty = unknown).
  void ScanValue(SignatureTarget target, std::string_view value,
                 SignatureHits* hits, std::string_view request_host = {}) const;

  // Scans an access-log URL: "https://host:443/path?query", or a path with
  // an optional query. The path is scanned as uri, the query as args, with
  // the URL's host (if any) as the request host.
  void ScanUrl(std::string_view url, SignatureHits* hits) const;

  const std::vector<Signature>& signatures() const { return signatures_; }
  const Signature& signature(int index) const { return signatures_[index]; }

 private:
  struct TargetSet;
  SignatureSet();
  void ScanNormalized(SignatureTarget target, std::string_view normalized,
                      std::string_view request_host, SignatureHits* hits) const;
  // The memo key of a value: the host only where it changes the result.
  ScanKey MemoKey(SignatureTarget target, std::string_view value,
                  std::string_view request_host) const;
  void PrefetchMemo(const HttpRequest& req, std::string_view host, SignatureHits* hits) const;

  std::vector<Signature> signatures_;
  uint64_t instance_id_ = 0;  // Unique per built set (never 0), for memos.
  std::vector<std::unique_ptr<re2::RE2>>
      host_regexes_;  // Per signature; may be null.
  std::array<std::unique_ptr<TargetSet>, kSignatureTargetCount> targets_;
};

// True when `host` belongs to the same site as `request_host`: equal, or
// both under the same parent domain (the request host minus its first label,
// when it has three labels or more). Ports are ignored; case-insensitive.
bool SameSite(std::string_view host, std::string_view request_host);

}  // namespace waftune

#endif  // WAFTUNE_MATCH_SIGNATURES_H_
