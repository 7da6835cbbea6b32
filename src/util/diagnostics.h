// Diagnostics: the sink every reader reports bad input to.
//
// A reader that meets a bad record (malformed JSON, an odd ALB line, a
// truncated gzip member) calls Report(file, line, reason), counts it and goes
// on. Diagnostics keeps the first kMaxExamples reports verbatim and counts
// all of them. Each input kind (waf, alb, cloudfront) has its own sink.
// Each worker thread owns one; Merge() combines them at the end, and the
// kept examples are ordered by (file, line) so output never depends on the
// thread count. Not thread-safe.
#ifndef WAFTUNE_UTIL_DIAGNOSTICS_H_
#define WAFTUNE_UTIL_DIAGNOSTICS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace waftune {

struct DiagnosticEntry {
  std::string file;
  uint64_t line = 0;  // 1-based; 0 when not tied to a line (a whole file).
  std::string reason;
  bool operator<(const DiagnosticEntry& o) const;
};

class Diagnostics {
 public:
  static constexpr size_t kMaxExamples = 20;

  // Records one skipped record (or damaged stretch of input).
  void Report(std::string_view file, uint64_t line, std::string_view reason);
  // Notes a problem that does not skip a record (e.g. an NLB log file
  // ignored, a truncated gzip tail): kept as an example, counted apart.
  void Warn(std::string_view file, uint64_t line, std::string_view reason);

  uint64_t skipped() const { return skipped_; }
  uint64_t warnings() const { return warnings_; }
  // First examples, sorted by (file, line); at most kMaxExamples.
  const std::vector<DiagnosticEntry>& examples() const { return examples_; }

  void Merge(const Diagnostics& other);

 private:
  void Keep(std::string_view file, uint64_t line, std::string_view reason);
  uint64_t skipped_ = 0;
  uint64_t warnings_ = 0;
  std::vector<DiagnosticEntry> examples_;
};

}  // namespace waftune

#endif  // WAFTUNE_UTIL_DIAGNOSTICS_H_
