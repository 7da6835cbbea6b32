// LayerDiagnosis: which layer each error response in the access logs came
// from (the `waftune diagnose` answer to "504s, but the targets are healthy").
//
// A mergeable accumulator. Add() classifies one ALB or CloudFront entry by
// its status and the fields that show the cause (actions_executed,
// target_processing_time, target:port, error_reason, target_status_code,
// x-edge-detailed-result-type) into a finding keyed by (source, status,
// layer, cause), and counts it with its time span, per-minute peak and the
// targets and paths involved. Layer strings are a contract (DESIGN.md,
// "Layer diagnosis"): "client", "waf", "load-balancer", "target",
// "application". Successful responses and 4xx passed through from a target
// are counted in `requests`/`by_status` but are not findings.
//
// Memory is bounded by the number of findings (a few dozen), the minutes
// they span, and `max_distinct` targets/paths per finding. Finish() output
// is sorted with deterministic tie-breaks, so it does not depend on Add or
// Merge order as long as no finding sees more than `max_distinct` distinct
// targets or paths (beyond that, later new values are only counted in
// `other_targets` / `other_paths`). Not thread-safe: one per thread, then
// Merge().
#ifndef WAFTUNE_ANALYSIS_DIAGNOSIS_H_
#define WAFTUNE_ANALYSIS_DIAGNOSIS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "logs/alb_entry.h"
#include "logs/cloudfront_entry.h"

namespace waftune {

struct DiagnosisOptions {
  // Entries kept in each finding's top_targets / top_paths.
  size_t top = 10;
  // Distinct targets (and paths) tracked exactly per finding.
  size_t max_distinct = 4096;
  // Longer paths are cut to this many bytes before counting.
  size_t max_path_bytes = 256;
};

struct DiagnosisCount {
  std::string value;
  uint64_t count = 0;
};

struct DiagnosisFinding {
  std::string source;  // "alb" or "cloudfront".
  std::string status;  // As logged: "504", "000".
  std::string layer;   // client | waf | load-balancer | target | application
  uint64_t count = 0;
  std::string cause;     // e.g. "target timeout (no response before ...)".
  std::string evidence;  // What in the log shows it.
  std::string field;     // The log field that shows it.
  int64_t first_ms = 0;
  int64_t last_ms = 0;
  int64_t peak_minute_ms = 0;  // Start of the busiest minute (earliest tie).
  uint64_t peak_count = 0;
  std::vector<DiagnosisCount> top_targets;  // Count desc, then value.
  std::vector<DiagnosisCount> top_paths;
  uint64_t other_targets = 0;  // Not tracked (over max_distinct).
  uint64_t other_paths = 0;
};

struct DiagnosisResult {
  uint64_t requests = 0;
  std::map<std::string, uint64_t> by_status;  // "504" -> n ("-" if absent).
  // Count desc, then source, status, layer, cause.
  std::vector<DiagnosisFinding> findings;
};

class LayerDiagnosis {
 public:
  explicit LayerDiagnosis(DiagnosisOptions options = {});

  void Add(const AlbEntry& e);
  void Add(const CfEntry& e);
  // Adds everything `other` counted. REQUIRES: same options.
  void Merge(const LayerDiagnosis& other);
  DiagnosisResult Finish() const;

  // What Add() decided for one entry; exposed for tests.
  struct Verdict {
    const char* layer = nullptr;  // nullptr: not a finding.
    const char* cause = "";
    const char* field = "";
    const char* evidence = "";
    std::string_view
        detail;  // Appended to cause/evidence, e.g. an error_reason.
  };
  static Verdict Classify(const AlbEntry& e);
  static Verdict Classify(const CfEntry& e);

 private:
  using CountMap = std::map<std::string, uint64_t, std::less<>>;
  struct Bucket {
    const char* source;
    std::string status;
    Verdict verdict;  // detail points into `detail`.
    std::string detail;
    uint64_t count = 0;
    int64_t first_ms = 0;
    int64_t last_ms = 0;
    std::map<int64_t, uint64_t> per_minute;
    CountMap targets;
    CountMap paths;
    uint64_t other_targets = 0;
    uint64_t other_paths = 0;
  };

  void CountStatus(std::string_view status);
  Bucket* FindOrAdd(const char* source, std::string_view status,
                    const Verdict& v);
  void Record(const char* source, std::string_view status, const Verdict& v,
              int64_t time_ms, std::string_view target, std::string_view path);
  void Bump(CountMap* map, uint64_t* other, std::string_view key,
            uint64_t n) const;
  DiagnosisFinding Finalize(const Bucket& b) const;

  DiagnosisOptions options_;
  uint64_t requests_ = 0;
  std::map<std::string, uint64_t, std::less<>> by_status_;
  std::vector<Bucket> buckets_;  // Few: one per (source, status, cause).
};

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_DIAGNOSIS_H_
