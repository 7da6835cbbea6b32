// Engine ingest: results of `waftune sql` queries run by Athena, Trino or
// DuckDB, downloaded as CSV, turned back into findings so that a report can
// be made without the raw logs (issue 7, docs/athena.md).
//
//  - ReadSummaryCsv: the `summary` query's rule rows (web_acl_rule,
//    rule_group, rule, action, requests, clients).
//  - EstimateFromFeatures: the `features` query's rows (rule row x access-log
//    client with flagged_requests and the client's ALB counts), scored with
//    the same legitimacy model as a local crossref. The engine cannot give
//    per-request signature hits, labels or methods, so those contributions
//    are absent (the estimate is coarser; a note says so).
// Columns are found by header name, so their order does not matter. Bad
// lines are reported to the Diagnostics (file:line) and skipped.
#ifndef WAFTUNE_ANALYSIS_ENGINE_INGEST_H_
#define WAFTUNE_ANALYSIS_ENGINE_INGEST_H_

#include <map>
#include <string>
#include <vector>

#include "analysis/findings.h"
#include "analysis/legitimacy.h"
#include "match/signatures.h"
#include "util/diagnostics.h"
#include "util/status.h"

namespace waftune {

Result<std::vector<RuleFinding>> ReadSummaryCsv(const std::string& path, Diagnostics* diag);

// Row key string (RowKeyString) -> estimate. `signatures` may be null; it
// is used to recognise tool user agents.
Result<std::map<std::string, LegitimacyFinding>> EstimateFromFeatures(
    const std::string& path, const LegitimacyWeights& weights, const SignatureSet* signatures,
    Diagnostics* diag);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_ENGINE_INGEST_H_
