// Fuzzes WafReader::ParseLine on arbitrary bytes: one fuzz input is one
// line (it may hold newlines, several records, CloudWatch wrappers...).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "fuzz/waf_record_touch.h"
#include "logs/waf_reader.h"
#include "util/diagnostics.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace waftune;
  fuzz::PaddedCopy line(data, size);
  Diagnostics diag;
  WafReader reader(&diag);
  uint64_t delivered = 0;
  uint64_t good =
      reader.ParseLine(line.view(), "fuzz.log", 1, [&](const WafRecord& r) {
        ++delivered;
        fuzz::TouchRecord(r);
      });
  // The count returned and the records delivered must agree.
  if (good != delivered)
    __builtin_trap();
  for (const DiagnosticEntry& e : diag.examples())
    fuzz::Touch(e.reason);
  return 0;
}
