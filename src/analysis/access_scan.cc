#include "analysis/access_scan.h"

#include "io/byte_source.h"
#include "logs/alb_reader.h"
#include "logs/cloudfront_reader.h"
#include "util/parallel_ordered.h"

namespace waftune {
namespace {

struct FileResult {
  std::unique_ptr<AccessSink> sink;
  Diagnostics diag;
  uint64_t records = 0;
  uint64_t bytes = 0;
  bool unreadable = false;
};

template <typename Entry>
bool InWindow(const Entry& e, const AccessScanOptions& o) {
  return e.time_ms >= o.since_ms && e.time_ms < o.until_ms;
}

FileResult ScanOne(const InputFile& file, bool cloudfront, const AccessScanOptions& options,
                   const AccessSinkFactory& factory) {
  FileResult r;
  r.sink = factory();
  auto source = OpenInput(file, &r.diag);
  if (!source.ok()) {
    r.diag.Warn(file.path, 0, source.status().message());
    r.unreadable = true;
    return r;
  }
  LineReader lines(std::move(*source), file.path, &r.diag, options.lines);
  if (cloudfront) {
    CloudFrontReader reader(&r.diag);
    reader.Read(lines, [&](const CfEntry& e) {
      if (InWindow(e, options)) r.sink->Add(e);
    });
    r.records = reader.records();
  } else {
    AlbReader reader(&r.diag);
    reader.Read(lines, [&](const AlbEntry& e) {
      if (InWindow(e, options)) r.sink->Add(e);
    });
    r.records = reader.records();
  }
  r.bytes = lines.bytes();
  return r;
}

void Finish(const Diagnostics& diag, size_t files, InputSummary* s) {
  s->files = files;
  s->skipped = diag.skipped();
  s->warnings = diag.warnings();
  s->errors = diag.examples();
}

}  // namespace

AccessScanResult ScanAccess(const std::vector<InputFile>& alb_files,
                            const std::vector<InputFile>& cloudfront_files,
                            const AccessScanOptions& options,
                            const AccessSinkFactory& factory) {
  AccessScanResult out;
  out.sink = factory();
  Diagnostics alb_diag, cf_diag;
  const size_t n = alb_files.size() + cloudfront_files.size();
  ParallelOrdered<FileResult>(
      n, options.threads,
      [&](size_t i) {
        bool cf = i >= alb_files.size();
        const InputFile& f = cf ? cloudfront_files[i - alb_files.size()] : alb_files[i];
        return ScanOne(f, cf, options, factory);
      },
      [&](size_t i, FileResult&& r) {
        bool cf = i >= alb_files.size();
        InputSummary& s = cf ? out.cloudfront : out.alb;
        out.sink->MergeFrom(*r.sink);
        (cf ? cf_diag : alb_diag).Merge(r.diag);
        s.records += r.records;
        s.bytes += r.bytes;
        s.unreadable += r.unreadable ? 1 : 0;
      });
  Finish(alb_diag, alb_files.size(), &out.alb);
  Finish(cf_diag, cloudfront_files.size(), &out.cloudfront);
  return out;
}

}  // namespace waftune
