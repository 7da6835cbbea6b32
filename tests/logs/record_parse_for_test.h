// ParsedRecord: one WAF record text run through ParseWafRecord the way
// WafReader parses a line (simdjson iterate, then the object), for the logs
// tests that compare the parser's paths (raw fast paths on and off, the
// compact reader). Owns the text and the parser, so the record's views stay
// valid as long as the object. Test code only.
#ifndef WAFTUNE_TESTS_LOGS_RECORD_PARSE_FOR_TEST_H_
#define WAFTUNE_TESTS_LOGS_RECORD_PARSE_FOR_TEST_H_

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "logs/waf_record.h"
#include "logs/waf_record_parser.h"

namespace waftune {

class ParsedRecord {
 public:
  // `fast_paths`: give the parser the raw text (its end, and whether it
  // holds a backslash), which enables the raw fast paths. Like WafReader, a
  // record that needs its headers under kRuleMatched is parsed again with
  // kAll.
  ParsedRecord(const std::string& json, HeaderPolicy policy, bool fast_paths)
      : text_(json) {
    WafRawText raw;
    if (fast_paths) {
      raw.end = text_.data() + json.size();
      raw.has_backslash = json.find('\\') != std::string::npos;
    }
    WafParseOptions options;
    options.headers = policy;
    for (int attempt = 0; attempt < 2; ++attempt) {
      simdjson::ondemand::document doc;
      simdjson::ondemand::object obj;
      if (parser_.iterate(text_).get(doc) || doc.get_object().get(obj)) {
        error_ = "malformed";
        return;
      }
      bool needs_headers = false;
      error_ = ParseWafRecord(obj, &record_, &wrapped_, options, raw, &needs_headers);
      if (!error_.empty() || !needs_headers) return;
      options.headers = HeaderPolicy::kAll;
    }
  }

  // Empty on success; "malformed" when simdjson refuses the text.
  const std::string& error() const { return error_; }
  const WafRecord& record() const { return record_; }
  // CloudWatch-wrapped texts (the record is then unspecified).
  const std::vector<std::string_view>& wrapped() const { return wrapped_; }

 private:
  simdjson::padded_string text_;
  simdjson::ondemand::parser parser_;
  WafRecord record_;
  std::vector<std::string_view> wrapped_;
  std::string error_;
};

}  // namespace waftune

#endif  // WAFTUNE_TESTS_LOGS_RECORD_PARSE_FOR_TEST_H_
