// WafReader: turns lines of AWS WAF logs into WafRecord views.
//
// Accepts every framing WAF logs arrive in: one JSON record per line (S3,
// Firehose), several records concatenated on one line without separators
// (`}{`, Firehose), CloudWatch Logs exports where a line is prefixed by an
// ISO timestamp, events wrapping the record in a "message" string, and
// subscription envelopes holding "logEvents". Each line is parsed in place
// with simdjson On-Demand (the LineReader guarantees padding), so a bad line
// costs only itself: it is reported to the Diagnostics (file:line, reason),
// counted, and reading goes on. Unknown fields are ignored; a required field
// that is missing (timestamp, action, httpRequest) or any known field of the
// wrong JSON type makes the record skipped.
// One reader per thread; the record passed to the callback is valid only
// during the callback.
#ifndef WAFTUNE_LOGS_WAF_READER_H_
#define WAFTUNE_LOGS_WAF_READER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "io/line_reader.h"
#include "logs/waf_record.h"
#include "logs/waf_record_parser.h"
#include "util/diagnostics.h"

namespace waftune {

using WafRecordFn = std::function<void(const WafRecord&)>;

class WafReader {
 public:
  // `diag` must outlive the reader.
  explicit WafReader(Diagnostics* diag);
  ~WafReader();
  WafReader(const WafReader&) = delete;
  WafReader& operator=(const WafReader&) = delete;

  // Reads all lines, calling fn for every good record.
  void ReadAll(LineReader* lines, const WafRecordFn& fn);

  // Parses one line that may hold zero or more records. `line` must be
  // followed by kLinePadding readable bytes. Reports bad records as
  // file:line_no. Returns the number of good records. `has_backslash`
  // false promises that the line holds no '\\'; `is_plain` true, that it
  // holds only bytes 0x20-0x7f and no '\\' (LineReader knows both), which
  // lets a line of one compact record skip simdjson (compact_record.h).
  uint64_t ParseLine(std::string_view line, std::string_view file,
                     uint64_t line_no, const WafRecordFn& fn,
                     bool has_backslash = true, bool is_plain = false);

  // Which records carry httpRequest.headers (waf_record_parser.h; default
  // kAll). Summary-only runs take kNone for speed; under kRuleMatched every
  // record in which a rule matched has its headers, whatever the order of
  // its fields. Everything else is read alike under every policy.
  void set_header_policy(HeaderPolicy policy);

  uint64_t records() const { return records_; }
  uint64_t skipped() const { return skipped_; }

 private:
  struct Impl;
  template <typename Deliver>
  void DeliverWrapped(Deliver& deliver);
  // Iterates `json` (followed by `capacity - size` readable bytes) and
  // parses the record in it, again with every header when the policy
  // skipped headers that turned out to be needed.
  std::string ParseRecord(simdjson::ondemand::parser* parser, std::string_view json,
                          size_t capacity, bool has_backslash,
                          simdjson::ondemand::document* doc,
                          std::vector<std::string_view>* wrapped);

  std::unique_ptr<Impl> impl_;
  Diagnostics* diag_;
  uint64_t records_ = 0;
  uint64_t skipped_ = 0;
};

}  // namespace waftune

#endif  // WAFTUNE_LOGS_WAF_READER_H_
