// Fuzzes RequestMatcher::Evaluate. The exclusions are fixed and cover every
// condition kind (method, uri, args, arg:NAME, header:NAME, cookie:NAME,
// label, country, client_ip with IPv4 and IPv6 CIDRs); the records come from
// the fuzz input, two ways:
//  - parsed by WafReader::ParseLine (real record shapes, from the seeds);
//  - built directly from the input split at '\n' into uri, args, client_ip,
//    country, method, header values, cookie header and labels, so the
//    matcher also sees arbitrary bytes (invalid UTF-8, bad percent escapes,
//    malformed IPs) that JSON parsing would have filtered.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "fuzz/waf_record_touch.h"
#include "logs/waf_reader.h"
#include "match/exclusions_file.h"
#include "match/request_matcher.h"
#include "util/diagnostics.h"

namespace {

constexpr std::string_view kExclusions = R"json({"exclusions": [
 {"id": "all-kinds", "rule_group": "AWS#AWSManagedRulesCommonRuleSet",
  "rule": "CrossSiteScripting_BODY",
  "when": {"method": "^(?:POST|PUT)$", "uri": "^/admin/[a-z]+/[0-9]+$",
           "args": "page=[0-9]+", "arg:next": "^/[a-z/]*$",
           "header:content-type": ["^application/json", "^text/"],
           "cookie:session": "^[A-Za-z0-9]{8,}$",
           "label": "awswaf:managed:aws:core-rule-set:",
           "country": "^(?:US|DE|FR)$",
           "client_ip": ["203.0.113.0/24", "2001:db8::/32", "10.0.0.1/32"]}},
 {"id": "ip-only", "rule_group": "AWS#AWSManagedRulesSQLiRuleSet",
  "rule": "*", "when": {"client_ip": ["0.0.0.0/0", "::/0"]}},
 {"id": "arg-decode", "rule": "SQLi_QUERYARGUMENTS",
  "when": {"arg:q": "^[a-z ]+$", "arg:%00": ".", "header:X-Forwarded-For": "."}},
 {"id": "everything", "rule": "GenericRFI_BODY", "when": {}}
]})json";

struct Fixture {
  std::vector<waftune::RequestMatcher> matchers;
  Fixture() {
    auto parsed = waftune::ParseExclusions(kExclusions, "fixed.json");
    if (!parsed.ok()) {
      std::fprintf(stderr, "%s\n", parsed.status().message().c_str());
      __builtin_trap();
    }
    for (const waftune::Exclusion& x : *parsed) {
      auto m = waftune::RequestMatcher::Build(x);
      if (!m.ok()) {
        std::fprintf(stderr, "%s\n", m.status().message().c_str());
        __builtin_trap();
      }
      matchers.push_back(std::move(*m));
    }
  }
};

void EvaluateAll(const Fixture& fx, const waftune::WafRecord& r,
                 waftune::MatchScratch* scratch) {
  for (const waftune::RequestMatcher& m : fx.matchers) {
    (void)m.Evaluate(r, scratch);
    for (const waftune::RuleGroupEntry& g : r.rule_groups) {
      if (g.has_terminating) {
        (void)waftune::RuleSelected(m.exclusion(), g.group_id,
                                    g.terminating.rule_id);
      }
    }
  }
}

// Fills a record from '\n'-separated slices of the input.
void BuildSynthetic(std::string_view in, waftune::WafRecord* r) {
  std::vector<std::string_view> parts;
  while (parts.size() < 12) {
    size_t nl = in.find('\n');
    parts.push_back(in.substr(0, nl));
    if (nl == std::string_view::npos)
      break;
    in.remove_prefix(nl + 1);
  }
  parts.resize(12);
  r->Clear();
  r->request.method = parts[0];
  r->request.uri = parts[1];
  r->request.args = parts[2];
  r->request.client_ip = parts[3];
  r->request.country = parts[4];
  r->request.headers.push_back({"Content-Type", parts[5]});
  r->request.headers.push_back({"cookie", parts[6]});
  r->request.headers.push_back({"Cookie", parts[7]});
  r->request.headers.push_back({parts[8], parts[9]});
  r->labels.push_back(parts[10]);
  r->labels.push_back(parts[11]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace waftune;
  static const Fixture* fx = new Fixture();
  MatchScratch scratch;
  fuzz::PaddedCopy line(data, size);
  Diagnostics diag;
  WafReader reader(&diag);
  reader.ParseLine(line.view(), "fuzz.log", 1,
                   [&](const WafRecord& r) { EvaluateAll(*fx, r, &scratch); });
  WafRecord synthetic;
  BuildSynthetic(line.view(), &synthetic);
  EvaluateAll(*fx, synthetic, &scratch);
  return 0;
}
