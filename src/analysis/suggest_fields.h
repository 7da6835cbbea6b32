// SuggestFields: the single-field half of `suggest`. After a first replay,
// a rejected path scope of a rule that inspects query arguments or a header
// is narrowed with one `arg:NAME` or `header:NAME` condition whose value
// shape (ValueShape: integer bound, prefix + class, class + length, prefix)
// covers the field's values in the non-suspicious replay examples and none
// of its values in the suspicious ones. Which fields: those the WAF match
// details named (recorded in the candidate's note by BuildCandidates), then
// those the catalog component (or, without a catalog, the rule name's
// _QUERYARGUMENTS / _HEADER suffix) says the rule inspects.
//
// The replay examples carry the method, URI, query string, User-Agent,
// Content-Length (header:content-length bounds for SizeRestrictions_BODY,
// whose body is never logged) and the masked cookies (suggest_cookies.h:
// cookie:NAME shapes only from non-secret cookies).
// Thread safety: pure functions over values.
#ifndef WAFTUNE_ANALYSIS_SUGGEST_FIELDS_H_
#define WAFTUNE_ANALYSIS_SUGGEST_FIELDS_H_

#include <string>
#include <vector>

#include "analysis/findings.h"
#include "match/managed_catalog.h"

namespace waftune {

// The note suffix BuildCandidates writes for fields named by match details:
// "; match details name arg:q, header:x-forwarded-for".
inline constexpr const char* kMatchDetailsNote = "; match details name ";

// "arg:NAME" / "header:name" / "cookie:NAME" for each top matched entry
// ("LOCATION NAME: data", as RuleStats describes a match detail) whose
// location is a query argument, a header or a cookie and whose field name
// is a plain token. Most frequent first, no duplicates.
std::vector<std::string> MatchDetailFields(const std::vector<TopEntry>& top_matched);

// The values of one field in a candidate's replay examples.
struct FieldEvidence {
  Condition condition;             // Field and name; no pattern yet.
  std::vector<std::string> legit;  // From non-suspicious examples.
  std::vector<std::string> suspicious;
  size_t legit_examples = 0;       // Non-suspicious examples in all.
  bool named_by_match_details = false;
};

// Evidence for each field the rule inspects, best first: fields the match
// details named, then fields also present in suspicious examples (where the
// value must tell them apart), then the rest.
std::vector<FieldEvidence> CollectFieldEvidence(const SuggestionFinding& s,
                                                const ManagedCatalog* catalog);

// Narrower candidates for the scopes of `judged` that released requests
// (kept or rejected): each scope plus one field condition, narrowest shape
// first (at most 3 per scope). Ids continue from `next_id`.
std::vector<SuggestionFinding> FieldCandidates(const std::vector<SuggestionFinding>& judged,
                                               size_t next_id, const ManagedCatalog* catalog);

// The note marker of field-only candidates: "... field-only across 3 paths".
inline constexpr const char* kFieldOnlyNote = "field-only across ";

// For each rule whose legitimate releases in `judged` span at least two
// path templates: candidates with no path condition, only the method the
// legitimate examples share (when they share one) and one field shape,
// learned from the examples of all the rule's path scopes (suspicious ones
// included as values the shape must refuse). Replay judges them over all
// of the rule's traffic, so they are rejected when the shape also lets
// suspicious requests through on other paths.
std::vector<SuggestionFinding> FieldOnlyCandidates(const std::vector<SuggestionFinding>& judged,
                                                   size_t next_id,
                                                   const ManagedCatalog* catalog);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_SUGGEST_FIELDS_H_
