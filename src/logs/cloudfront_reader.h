// CloudFrontReader: reads CloudFront standard (legacy) logs into CfEntry views.
//
// The files are W3C extended format: tab-separated records after
// "#Version:" and "#Fields:" headers. The #Fields line maps names to
// columns (positions are never assumed; a file may repeat #Fields with a
// different list midway, and the map follows it). Unknown field names are
// carried but not exposed. Trailing empty fields (the AWS example has a
// trailing tab) are tolerated. A record whose field count differs from the
// #Fields list, or whose status, byte counts, times or date are not
// numbers, is reported to the Diagnostics with file:line and skipped.
// Records before any #Fields line are read with the documented 33-field
// order and one warning per file.
//
// Views in the CfEntry point into the line or into per-reader decode buffers
// (reused, so steady-state reading does not allocate) and are valid only
// during the callback. `diag` must outlive the reader. One reader per thread.
#ifndef WAFTUNE_LOGS_CLOUDFRONT_READER_H_
#define WAFTUNE_LOGS_CLOUDFRONT_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/line_reader.h"
#include "logs/cloudfront_entry.h"
#include "util/diagnostics.h"

namespace waftune {

// Percent-decodes `v` once into *buf if it contains '%' (invalid escapes are
// kept as they are) and returns the result; returns `v` itself otherwise.
std::string_view PercentDecodeOnce(std::string_view v, std::string* buf);

class CloudFrontReader {
 public:
  enum class LineKind { kEntry, kHeader, kIgnored, kMalformed };

  explicit CloudFrontReader(Diagnostics* diag);

  // Reads every line of `lines` (one file), calling fn(const CfEntry&) for
  // each record. Resets the column map first.
  template <typename Fn>
  void Read(LineReader& lines, Fn&& fn);

  // Forgets the #Fields map (the start of a new file).
  void StartFile();
  // Parses one line: a header updates the column map; a record fills
  // *entry. On kMalformed, *reason (valid until the next call) says why.
  LineKind ParseLine(std::string_view line, CfEntry* entry,
                     std::string_view* reason);
  // True once a #Fields line was seen in the current file.
  bool has_fields() const { return has_fields_; }

  uint64_t records() const { return records_; }
  uint64_t malformed() const { return malformed_; }

  // The columns the reader knows (the 33 documented fields).
  enum Column {
    kDate,
    kTime,
    kEdgeLocation,
    kScBytes,
    kClientIp,
    kMethod,
    kHost,
    kUriStem,
    kStatus,
    kReferer,
    kUserAgent,
    kUriQuery,
    kCookie,
    kResultType,
    kRequestId,
    kHostHeader,
    kProtocol,
    kCsBytes,
    kTimeTaken,
    kForwardedFor,
    kSslProtocol,
    kSslCipher,
    kResponseResultType,
    kProtocolVersion,
    kFleStatus,
    kFleEncryptedFields,
    kClientPort,
    kTimeToFirstByte,
    kDetailedResultType,
    kContentType,
    kContentLength,
    kRangeStart,
    kRangeEnd,
    kColumnCount
  };

 private:
  void SetFields(std::string_view names);
  void SetDefaultFields();
  std::string_view Col(Column c) const;
  bool FillEntry(CfEntry* e);
  bool FillTimeAndStatus(CfEntry* e);
  bool FillNumbers(CfEntry* e);

  Diagnostics* diag_;
  bool has_fields_ = false;
  int column_of_[kColumnCount];           // Index on the line, or -1.
  size_t expected_fields_ = 0;            // Names on the #Fields line.
  std::vector<std::string_view> fields_;  // Reused between lines.
  std::string decoded_[5];  // uri_stem, query, user agent, referer, cookie.
  std::string reason_;
  CfEntry entry_;
  uint64_t records_ = 0;
  uint64_t malformed_ = 0;
};

template <typename Fn>
void CloudFrontReader::Read(LineReader& lines, Fn&& fn) {
  StartFile();
  bool warned = false;
  std::string_view line;
  std::string_view reason;
  while (lines.Next(&line)) {
    bool headerless = !has_fields_;
    LineKind kind = ParseLine(line, &entry_, &reason);
    if (kind == LineKind::kEntry) {
      ++records_;
      fn(static_cast<const CfEntry&>(entry_));
    } else if (kind == LineKind::kMalformed) {
      ++malformed_;
      diag_->Report(lines.file_name(), lines.line_no(), reason);
    }
    if (headerless && kind != LineKind::kHeader && kind != LineKind::kIgnored &&
        !warned) {
      warned = true;
      diag_->Warn(lines.file_name(), lines.line_no(),
                  "no #Fields header: assuming the documented field order");
    }
  }
}

}  // namespace waftune

#endif  // WAFTUNE_LOGS_CLOUDFRONT_READER_H_
