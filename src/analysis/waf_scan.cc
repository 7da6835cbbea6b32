#include "analysis/waf_scan.h"

#include <utility>

#include "io/byte_source.h"
#include "logs/waf_reader.h"
#include "util/parallel_ordered.h"

namespace waftune {
namespace {

struct FileResult {
  std::unique_ptr<WafSink> sink;
  Diagnostics diag;
  uint64_t records = 0;
  uint64_t filtered_out = 0;
  uint64_t bytes = 0;
  bool unreadable = false;
};

bool Keep(const WafRecord& rec, const WafScanOptions& o) {
  if (rec.timestamp_ms < o.since_ms || rec.timestamp_ms >= o.until_ms) {
    return false;
  }
  if (!o.web_acl.empty() && rec.WebAclName() != o.web_acl &&
      rec.webacl_id != o.web_acl) {
    return false;
  }
  return true;
}

FileResult ScanOne(const InputFile& file, const WafScanOptions& options,
                   const WafSinkFactory& factory) {
  FileResult r;
  r.sink = factory();
  auto source = OpenInput(file, &r.diag);
  if (!source.ok()) {
    r.diag.Warn(file.path, 0, source.status().message());
    r.unreadable = true;
    return r;
  }
  LineReader lines(std::move(*source), file.path, &r.diag, options.lines);
  WafReader reader(&r.diag);
  reader.set_header_policy(options.headers);
  reader.ReadAll(&lines, [&](const WafRecord& rec) {
    if (!Keep(rec, options)) {
      ++r.filtered_out;
      return;
    }
    r.sink->Add(rec);
  });
  r.records = reader.records();
  r.bytes = lines.bytes();
  return r;
}

}  // namespace

WafScanResult ScanWaf(const std::vector<InputFile>& files,
                      const WafScanOptions& options,
                      const WafSinkFactory& factory) {
  WafScanResult out;
  out.sink = factory();
  Diagnostics diag;
  ParallelOrdered<FileResult>(
      files.size(), options.threads,
      [&](size_t i) { return ScanOne(files[i], options, factory); },
      [&](size_t, FileResult&& r) {
        out.sink->MergeFrom(*r.sink);
        diag.Merge(r.diag);
        out.summary.records += r.records;
        out.summary.bytes += r.bytes;
        out.filtered_out += r.filtered_out;
        out.summary.unreadable += r.unreadable ? 1 : 0;
      });
  out.summary.files = files.size();
  out.summary.skipped = diag.skipped();
  out.summary.warnings = diag.warnings();
  out.summary.errors = diag.examples();
  return out;
}

}  // namespace waftune
