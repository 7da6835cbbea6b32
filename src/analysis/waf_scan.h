// ScanWaf: reads WAF log files in parallel and feeds every record that
// passes the filters to per-file accumulators, merged in file order.
//
// The accumulator is any WafSink; a command composes the analyses it needs
// into one sink. Each file gets a fresh sink from the factory on a worker
// thread; sinks are merged into the first one in file order, so the result
// does not depend on the thread count. Bad records and damaged input are
// counted in the returned InputSummary, never fatal.
#ifndef WAFTUNE_ANALYSIS_WAF_SCAN_H_
#define WAFTUNE_ANALYSIS_WAF_SCAN_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analysis/findings.h"
#include "io/input_file.h"
#include "io/line_reader.h"
#include "logs/waf_record.h"
#include "logs/waf_record_parser.h"

namespace waftune {

class WafSink {
 public:
  virtual ~WafSink() = default;
  virtual void Add(const WafRecord& rec) = 0;
  // REQUIRES: other was made by the same factory.
  virtual void MergeFrom(WafSink& other) = 0;
};

using WafSinkFactory = std::function<std::unique_ptr<WafSink>()>;

struct WafScanOptions {
  int threads = 1;
  int64_t since_ms = INT64_MIN;  // Records before are filtered out.
  int64_t until_ms = INT64_MAX;  // Records at or after are filtered out.
  std::string web_acl;           // Web ACL name or id to keep; empty = all.
  // Which records come with headers (logs/waf_record_parser.h).
  HeaderPolicy headers = HeaderPolicy::kAll;
  LineReaderOptions lines;
};

struct WafScanResult {
  InputSummary summary;
  uint64_t filtered_out = 0;  // Good records outside the filters.
  std::unique_ptr<WafSink> sink;  // Everything merged.
};

WafScanResult ScanWaf(const std::vector<InputFile>& files,
                      const WafScanOptions& options,
                      const WafSinkFactory& factory);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_WAF_SCAN_H_
