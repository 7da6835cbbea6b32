// ScanAccess: reads ALB and CloudFront access-log files in parallel into
// per-file AccessSinks, merged in file order (results do not depend on the
// thread count). Bad lines are counted per input kind, never fatal.
#ifndef WAFTUNE_ANALYSIS_ACCESS_SCAN_H_
#define WAFTUNE_ANALYSIS_ACCESS_SCAN_H_

#include <functional>
#include <memory>
#include <vector>

#include "analysis/findings.h"
#include "io/input_file.h"
#include "io/line_reader.h"
#include "logs/alb_entry.h"
#include "logs/cloudfront_entry.h"

namespace waftune {

class AccessSink {
 public:
  virtual ~AccessSink() = default;
  virtual void Add(const AlbEntry& e) = 0;
  virtual void Add(const CfEntry& e) = 0;
  // REQUIRES: other was made by the same factory.
  virtual void MergeFrom(AccessSink& other) = 0;
};

using AccessSinkFactory = std::function<std::unique_ptr<AccessSink>()>;

struct AccessScanOptions {
  int threads = 1;
  int64_t since_ms = INT64_MIN;
  int64_t until_ms = INT64_MAX;
  LineReaderOptions lines;
};

struct AccessScanResult {
  InputSummary alb;
  InputSummary cloudfront;
  std::unique_ptr<AccessSink> sink;
};

AccessScanResult ScanAccess(const std::vector<InputFile>& alb_files,
                            const std::vector<InputFile>& cloudfront_files,
                            const AccessScanOptions& options,
                            const AccessSinkFactory& factory);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_ACCESS_SCAN_H_
