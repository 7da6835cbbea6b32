// WafRecordParser: fills a WafRecord from one simdjson On-Demand object.
//
// ParseWafRecord is internal to the logs stage (used by WafReader);
// HeaderPolicy and RuleMatchedInRecord are public (scan options, the
// fuzzer's cross-check). Walks every field once in
// document order, so it also leaves the document positioned after the record
// (WafReader uses that to find records concatenated on one line). Views in
// the record point into the input text or the parser's buffers: valid while
// both are, until the next parse.
#ifndef WAFTUNE_LOGS_WAF_RECORD_PARSER_H_
#define WAFTUNE_LOGS_WAF_RECORD_PARSER_H_

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "logs/waf_record.h"

namespace waftune {

// Which records get HttpRequest::headers filled. Headers are a third of a
// record; they are always type-checked, so a record is accepted or skipped
// the same way under every policy.
enum class HeaderPolicy {
  kAll,
  kNone,  // Analyses that never look at headers (summary).
  // Only records in which a rule matched: an action other than ALLOW, or a
  // group or top-level match (terminating, non-terminating or excluded as
  // count). Every record with a BLOCK / COUNT / CAPTCHA / CHALLENGE rule row
  // is one of them; the analyses that read headers only look at those.
  kRuleMatched,
};

struct WafParseOptions {
  HeaderPolicy headers = HeaderPolicy::kAll;
};

// Whether a rule matched in `rec` (HeaderPolicy::kRuleMatched), judged on
// the fields parsed so far; a record without its action yet counts as
// matched.
bool RuleMatchedInRecord(const WafRecord& rec);

// Returns an empty string on success, else why the record is unusable
// ("field 'timestamp' is not an integer"). When the object is not a record
// but a CloudWatch Logs event ({"message": "<record JSON>"}) or a
// subscription envelope ({"logEvents": [{"message": ...}]}), returns success
// with the wrapped JSON texts in *wrapped (views valid until the next parse)
// and `rec` unspecified; *wrapped is empty for a plain record.
// `raw` describes the text `obj` was parsed from and enables fast paths
// that read it directly (never past its end); the result is the same
// without it.
struct WafRawText {
  const char* end = nullptr;  // End of the text; null: no raw fast paths.
  bool has_backslash = true;  // False: no string in the text has escapes.
};
// Under HeaderPolicy::kRuleMatched the decision is taken when the headers
// are reached. AWS writes action and rule lists before httpRequest; when a
// record has them after it instead and turns out rule-matched, the headers
// were skipped: *needs_headers (when given) is set and the caller parses
// the text again with kAll.
std::string ParseWafRecord(simdjson::ondemand::object obj, WafRecord* rec,
                           std::vector<std::string_view>* wrapped,
                           const WafParseOptions& options = {},
                           const WafRawText& raw = {},
                           bool* needs_headers = nullptr);

}  // namespace waftune

#endif  // WAFTUNE_LOGS_WAF_RECORD_PARSER_H_
