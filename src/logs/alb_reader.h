// AlbReader: reads Application Load Balancer access logs into AlbEntry views.
//
// Lines are split by a quote-aware tokenizer (memchr over spaces and quotes,
// no regex, no allocation per line). Every field version AWS has shipped is
// accepted: the 2016 lines end after target_group_arn (17 fields), later ones
// add trace_id, ..., classification_reason (29), conn_trace_id and the
// transform fields (33); unknown trailing fields are ignored. A line that
// cannot be an ALB entry (unterminated quote, fewer than 17 fields, a
// non-numeric status or byte count, a bad timestamp) is reported to the
// Diagnostics with file:line and skipped; the rest of the file is still read.
// Network Load Balancer (TLS) access logs and ALB connection logs are
// recognised and skipped with one warning per file, not counted as bad lines.
// Lines starting with '#' and blank lines are ignored silently.
//
// The AlbEntry handed to the callback points into the LineReader's buffer and
// is valid only during the callback. The reader owns no input; `diag` must
// outlive it. One reader per thread.
#ifndef WAFTUNE_LOGS_ALB_READER_H_
#define WAFTUNE_LOGS_ALB_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "io/line_reader.h"
#include "logs/alb_entry.h"
#include "util/diagnostics.h"

namespace waftune {

// Parses "YYYY-MM-DD[THH:MM:SS[.fraction]][Z]" (UTC) to milliseconds since
// the epoch. Returns false on anything else (out-of-range fields included).
bool ParseIsoTimeMs(std::string_view s, int64_t* ms);

// Field parsers shared with the CloudFront reader, which writes absent
// values the same way ("-").
// Decimal seconds ("0.086", "-1"); "-" gives NaN. False if not a number.
bool ParseLogSeconds(std::string_view v, double* out);
// Non-negative integer of at most 18 digits; "-" gives -1.
bool ParseLogCount(std::string_view v, int64_t* out);

class AlbReader {
 public:
  // What one line turned out to be.
  enum class LineKind { kEntry, kIgnored, kNlb, kConnectionLog, kMalformed };

  // Fields of the oldest format (2016: type .. target_group_arn).
  static constexpr int kMinFields = 17;

  explicit AlbReader(Diagnostics* diag) : diag_(diag) {}

  // Reads every line of `lines`, calling fn(const AlbEntry&) for each entry.
  // Bad lines go to the Diagnostics; one warning per call for NLB or
  // connection-log lines. Call once per file.
  template <typename Fn>
  void Read(LineReader& lines, Fn&& fn);

  // Parses one line into *entry (all fields reset first). On kMalformed,
  // *reason says why; it is valid until the next call.
  LineKind ParseLine(std::string_view line, AlbEntry* entry,
                     std::string_view* reason);

  uint64_t records() const { return records_; }      // Entries delivered.
  uint64_t malformed() const { return malformed_; }  // Lines reported.
  uint64_t foreign() const { return foreign_; }      // NLB / connection lines.

 private:
  struct FileState {
    bool warned_nlb = false;
    bool warned_connection = false;
  };
  void OnForeign(const LineReader& lines, LineKind kind, FileState* state);
  void OnMalformed(const LineReader& lines, std::string_view reason);
  bool Tokenize(std::string_view line);
  std::string_view Token(int i) const;  // Empty past the last token.
  bool FillNumbers(AlbEntry* e);
  bool FillEntry(AlbEntry* e);
  bool ParseTime(std::string_view s, int64_t* ms);

  Diagnostics* diag_;
  static constexpr int kMaxTokens = 40;  // Later trailing fields are counted.
  std::string_view tokens_[kMaxTokens];
  int token_count_ = 0;
  std::string reason_;
  char cached_date_[10] = {};  // "YYYY-MM-DD" of the last time parsed.
  int64_t cached_day_ms_ = 0;
  AlbEntry entry_;
  uint64_t records_ = 0;
  uint64_t malformed_ = 0;
  uint64_t foreign_ = 0;
};

template <typename Fn>
void AlbReader::Read(LineReader& lines, Fn&& fn) {
  FileState state;
  std::string_view line;
  std::string_view reason;
  while (lines.Next(&line)) {
    LineKind kind = ParseLine(line, &entry_, &reason);
    switch (kind) {
      case LineKind::kEntry:
        ++records_;
        fn(static_cast<const AlbEntry&>(entry_));
        break;
      case LineKind::kIgnored:
        break;
      case LineKind::kNlb:
      case LineKind::kConnectionLog:
        OnForeign(lines, kind, &state);
        break;
      case LineKind::kMalformed:
        OnMalformed(lines, reason);
        break;
    }
  }
}

}  // namespace waftune

#endif  // WAFTUNE_LOGS_ALB_READER_H_
