// Fuzzes WafReader::ParseLine on arbitrary bytes: one fuzz input is one
// line (it may hold newlines, several records, CloudWatch wrappers...).
// The line is read under every HeaderPolicy; they must accept and skip the
// same records, and kRuleMatched must give a rule-matched record the same
// headers as kAll.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "fuzz/waf_record_touch.h"
#include "logs/waf_reader.h"
#include "logs/waf_record_parser.h"
#include "util/diagnostics.h"

namespace {

struct Outcome {
  uint64_t good = 0;
  uint64_t skipped = 0;
  std::vector<size_t> headers;  // Per delivered record.
  std::vector<bool> matched;    // RuleMatchedInRecord, per delivered record.
};

Outcome Read(waftune::HeaderPolicy policy, std::string_view line) {
  using namespace waftune;
  Outcome out;
  Diagnostics diag;
  WafReader reader(&diag);
  reader.set_header_policy(policy);
  out.good = reader.ParseLine(line, "fuzz.log", 1, [&](const WafRecord& r) {
    out.headers.push_back(r.request.headers.size());
    out.matched.push_back(RuleMatchedInRecord(r));
    fuzz::TouchRecord(r);
  });
  out.skipped = reader.skipped();
  for (const DiagnosticEntry& e : diag.examples())
    fuzz::Touch(e.reason);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using waftune::HeaderPolicy;
  waftune::fuzz::PaddedCopy line(data, size);
  Outcome all = Read(HeaderPolicy::kAll, line.view());
  Outcome none = Read(HeaderPolicy::kNone, line.view());
  Outcome matched = Read(HeaderPolicy::kRuleMatched, line.view());
  // The count returned and the records delivered must agree.
  if (all.good != all.headers.size())
    __builtin_trap();
  // Every policy accepts and skips the same records.
  if (none.good != all.good || matched.good != all.good ||
      none.skipped != all.skipped || matched.skipped != all.skipped)
    __builtin_trap();
  for (size_t i = 0; i < all.headers.size(); ++i) {
    if (none.headers[i] != 0)
      __builtin_trap();
    if (matched.matched[i] && matched.headers[i] != all.headers[i])
      __builtin_trap();
  }
  return 0;
}
