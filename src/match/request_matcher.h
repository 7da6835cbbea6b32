// RequestMatcher: one Exclusion's `when` conditions, compiled, evaluated on
// WafRecords.
//
// Built once (Build compiles every pattern with RE2; a condition's list of
// patterns becomes one alternation, so each condition is one regex pass),
// then Evaluate runs per record. Semantics (DESIGN "Exclusions"):
//  - every condition must hold; within a condition any pattern may hold;
//  - patterns are unanchored searches unless they anchor themselves;
//  - method, uri (raw path as logged), args (raw query string), country and
//    label (any label) match the logged text; client_ip tests CIDRs;
//  - arg:NAME matches the URL-decoded value ('+' = space) of the first
//    argument named NAME (names compared decoded, case-sensitively);
//  - header:NAME holds when ANY header with that name (case-insensitive)
//    matches, since duplicates are logged and an exclusion describes what a
//    request may carry; cookie:NAME (case-sensitive) likewise looks at every
//    cookie of that name in every Cookie header;
//  - a header, cookie or argument that is absent fails the condition (WAF
//    does not match a missing component either);
//  - a field logged as "REDACTED" neither holds nor fails: the outcome is
//    kUnknown, unless another condition definitely fails (kNoMatch).
// Evaluate allocates nothing once the MatchScratch buffers have grown.
// Thread safety: a built matcher is immutable and may be shared; each thread
// needs its own MatchScratch.
#ifndef WAFTUNE_MATCH_REQUEST_MATCHER_H_
#define WAFTUNE_MATCH_REQUEST_MATCHER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "logs/waf_record.h"
#include "match/cidr.h"
#include "match/exclusion.h"
#include "util/status.h"

namespace re2 {
class RE2;
}

namespace waftune {

enum class MatchOutcome { kNoMatch, kMatch, kUnknown };

// Per-thread buffers reused across Evaluate calls.
struct MatchScratch {
  std::string decoded;
  std::string name;
};

struct MatcherOptions {
  // RE2 memory budget per condition; a pattern that needs more fails Build.
  int64_t max_mem_per_condition = 8 << 20;
};

class RequestMatcher {
 public:
  // Compiles the exclusion's conditions. Fails with InvalidArgument naming
  // the exclusion id and key when a pattern or CIDR does not compile.
  static Result<RequestMatcher> Build(const Exclusion& exclusion,
                                      const MatcherOptions& options = {});

  RequestMatcher(RequestMatcher&&) noexcept;
  RequestMatcher& operator=(RequestMatcher&&) noexcept;
  ~RequestMatcher();

  MatchOutcome Evaluate(const WafRecord& record, MatchScratch* scratch) const;

  const Exclusion& exclusion() const { return exclusion_; }

 private:
  struct Compiled;
  enum class Truth { kHolds, kFails, kUnknown };
  RequestMatcher() = default;

  Truth EvalCondition(const Compiled& c, const WafRecord& record,
                      MatchScratch* scratch) const;

  Exclusion exclusion_;
  std::vector<Compiled> conditions_;
};

// Ok when the matcher can compile `pattern` (RE2 syntax, matcher options).
Status CheckMatcherPattern(std::string_view pattern);

// Does the exclusion target this rule row? An empty exclusion rule_group
// matches any group (and top-level rules); "*" matches every rule of the
// group. Groups compare without their "#Version_x" suffix.
bool RuleSelected(const Exclusion& exclusion, std::string_view rule_group,
                  std::string_view rule);

}  // namespace waftune

#endif  // WAFTUNE_MATCH_REQUEST_MATCHER_H_
