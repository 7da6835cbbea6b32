// Fuzzes ParseExclusions. A file it accepts must survive the documented
// round trip (ExclusionsToJson then ParseExclusions gives it back) and
// every exclusion in it must build a RequestMatcher.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "match/exclusions_file.h"
#include "match/request_matcher.h"

namespace {

bool SameExclusions(const std::vector<waftune::Exclusion>& a,
                    const std::vector<waftune::Exclusion>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].id != b[i].id || a[i].rule_group != b[i].rule_group ||
        a[i].rule != b[i].rule || a[i].note != b[i].note ||
        a[i].when.size() != b[i].when.size()) {
      return false;
    }
    for (size_t j = 0; j < a[i].when.size(); ++j) {
      const waftune::Condition& x = a[i].when[j];
      const waftune::Condition& y = b[i].when[j];
      if (x.field != y.field || x.name != y.name || x.patterns != y.patterns)
        return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace waftune;
  std::string_view json(reinterpret_cast<const char*>(data), size);
  auto parsed = ParseExclusions(json, "fuzz.json");
  if (!parsed.ok())
    return 0;
  std::string again = ExclusionsToJson(*parsed);
  auto reparsed = ParseExclusions(again, "again.json");
  if (!reparsed.ok() || !SameExclusions(*parsed, *reparsed))
    __builtin_trap();
  for (const Exclusion& x : *parsed) {
    auto m = RequestMatcher::Build(x);
    (void)m;
  }
  return 0;
}
