// Differential fuzz target for ParseWafRecord's raw fast paths: one fuzz
// input is one JSON text, parsed with the fast paths on (WafRawText with the
// end of the text and whether it holds a backslash) and off (WafRawText{}),
// under every HeaderPolicy. The contract in logs/waf_record_parser.h is that
// the result does not depend on `raw`: the error, *needs_headers, the
// wrapped CloudWatch texts and every field of the record (DescribeRecord)
// must be equal. Any difference is printed and traps. Single-threaded, one
// input at a time.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/waf_record_describe.h"
#include "logs/waf_record.h"
#include "logs/waf_record_parser.h"

namespace {

using waftune::HeaderPolicy;
using waftune::WafRawText;

// Everything a parse yields, copied out: the record's views point into the
// parser's buffers, which the next parse reuses or frees.
struct Outcome {
  bool parsed = false;  // False: simdjson refused the text or it is no object.
  std::string error;
  bool needs_headers = false;
  std::string wrapped;  // Length-prefixed wrapped texts.
  std::string record;   // DescribeRecord, when error is empty and not wrapped.
};

Outcome Parse(const simdjson::padded_string& text, HeaderPolicy policy,
              const WafRawText& raw) {
  Outcome out;
  // A fresh parser per parse: a fast path must not lean on state that an
  // earlier parse of the same text left behind.
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  simdjson::ondemand::object obj;
  if (parser.iterate(text).get(doc) || doc.get_object().get(obj)) return out;
  out.parsed = true;
  waftune::WafRecord rec;
  std::vector<std::string_view> wrapped;
  waftune::WafParseOptions options;
  options.headers = policy;
  out.error = waftune::ParseWafRecord(obj, &rec, &wrapped, options, raw,
                                      &out.needs_headers);
  for (std::string_view w : wrapped) {
    out.wrapped += std::to_string(w.size()) + ":" + std::string(w) + ";";
  }
  // With wrapped texts the record is unspecified: only they are compared.
  if (out.error.empty() && wrapped.empty()) {
    out.record = waftune::fuzz::DescribeRecord(rec);
  }
  return out;
}

void Report(const char* what, HeaderPolicy policy, const std::string& fast,
            const std::string& slow) {
  std::fprintf(stderr, "waf_parser_paths: %s differs (policy %d)\n fast: %s\n slow: %s\n",
               what, static_cast<int>(policy), fast.c_str(), slow.c_str());
}

// WAF_PARSER_PATHS_LOOSE_ERRORS=1 compares only whether each side failed,
// not the message: once a message-only divergence is known, this lets a
// run go on looking for divergences in the records themselves.
bool LooseErrors() {
  static const bool loose = [] {
    const char* env = std::getenv("WAF_PARSER_PATHS_LOOSE_ERRORS");
    return env != nullptr && env[0] == '1';
  }();
  return loose;
}

bool ErrorsDiffer(const std::string& fast, const std::string& slow) {
  if (LooseErrors()) return fast.empty() != slow.empty();
  return fast != slow;
}

// Prints every difference, then traps.
void Compare(HeaderPolicy policy, const Outcome& fast, const Outcome& slow) {
  bool differs = false;
  if (ErrorsDiffer(fast.error, slow.error)) {
    Report("error", policy, fast.error, slow.error);
    differs = true;
  }
  if (fast.needs_headers != slow.needs_headers) {
    Report("needs_headers", policy, fast.needs_headers ? "1" : "0",
           slow.needs_headers ? "1" : "0");
    differs = true;
  }
  if (fast.wrapped != slow.wrapped) {
    Report("wrapped", policy, fast.wrapped, slow.wrapped);
    differs = true;
  }
  if (fast.record != slow.record) {
    Report("record", policy, fast.record, slow.record);
    differs = true;
  }
  if (differs) __builtin_trap();
}

// Fills the SIMDJSON_PADDING bytes after the text with JSON that would
// complete a truncated header list, rule group or string. ASan cannot see a
// fast path read the padding (it is allocated), and zero bytes would just
// make such a read fail to match; this text makes it match and so change
// the record. WafReader's padding is the next line of the file, as
// arbitrary as this. simdjson never tokenises the padding.
void FillPadding(simdjson::padded_string* text) {
  constexpr std::string_view kLure = R"("}],"value":"v"}]},"excludedRules":null})";
  char* pad = text->data() + text->size();
  for (size_t i = 0; i < simdjson::SIMDJSON_PADDING; ++i) {
    pad[i] = kLure[i % kLure.size()];
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  simdjson::padded_string text(reinterpret_cast<const char*>(data), size);
  FillPadding(&text);
  WafRawText fast_raw;
  fast_raw.end = text.data() + size;
  fast_raw.has_backslash = std::memchr(text.data(), '\\', size) != nullptr;
  for (HeaderPolicy policy :
       {HeaderPolicy::kAll, HeaderPolicy::kNone, HeaderPolicy::kRuleMatched}) {
    Outcome fast = Parse(text, policy, fast_raw);
    Outcome slow = Parse(text, policy, WafRawText{});
    if (fast.parsed != slow.parsed) __builtin_trap();  // Same text, same parser.
    if (!fast.parsed) continue;
    Compare(policy, fast, slow);
  }
  return 0;
}
