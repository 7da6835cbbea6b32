// ParseCompactRecord: reads a whole WAF record straight from its text,
// without simdjson, when the text is plain and in the compact form AWS
// writes; the full parser (waf_record_parser.h) handles everything else.
//
// simdjson's structural pass plus the On-Demand walk were three fifths of
// `summary`'s CPU, for records that almost all look alike: one line of
// printable ASCII, no whitespace between tokens, no escapes. This reader
// accepts exactly such text: objects with known keys in any order, the
// value types the full parser accepts for them, and any valid JSON value
// under an unknown key. It never accepts a record the full parser would
// skip, and gives the same record: whenever it is unsure (another byte,
// whitespace, a number it does not take, a CloudWatch wrapper, a record
// that would be skipped or need its headers parsed again) it returns null
// and the caller parses the text with ParseWafRecord, which then also
// names the problem. tests/logs/compact_record_test.cc and the fuzz target
// waf_reader_fuzz check that both paths agree. Stateless and thread-safe.
#ifndef WAFTUNE_LOGS_COMPACT_RECORD_H_
#define WAFTUNE_LOGS_COMPACT_RECORD_H_

#include "logs/waf_record.h"
#include "logs/waf_record_parser.h"

namespace waftune {

// REQUIRES: [text, end) is plain: only bytes 0x20-0x7f, no '\\'
// (LineReader::line_is_plain). Never reads at or past `end`.
// Clears *rec and fills it (views into the text) as ParseWafRecord would
// under `headers`; returns the byte after the record's closing '}', or null
// when the caller must use the full parser.
const char* ParseCompactRecord(const char* text, const char* end, HeaderPolicy headers,
                               WafRecord* rec);

}  // namespace waftune

#endif  // WAFTUNE_LOGS_COMPACT_RECORD_H_
