// SuggestionRun: the `suggest` passes shared by `waftune suggest` and
// `waftune report`: candidates built from a first pass's rule findings,
// replayed in one more WAF pass and judged, refined with single-field
// scopes (one more pass), merged, and given their WAFv2 JSON and Terraform
// (alternatives too, so either can be deployed as printed).
//
// Option parsing and rendering stay with the commands. The result owns the
// managed catalog the artefacts were emitted with. Not thread-safe (runs
// the pipeline, which uses its own worker threads).
#ifndef WAFTUNE_CLI_SUGGESTION_RUN_H_
#define WAFTUNE_CLI_SUGGESTION_RUN_H_

#include <optional>
#include <string>
#include <vector>

#include "analysis/findings.h"
#include "cli/analysis_pipeline.h"
#include "match/managed_catalog.h"

namespace waftune {

struct SuggestionRun {
  // Judged, refined and merged candidates with their artefacts.
  std::vector<SuggestionFinding> suggestions;
  // Findings of the first candidate replay pass (same inputs as the first
  // pass); `suggest` prints these. Empty when there was no candidate.
  std::optional<Findings> replayed;
  // rules/aws-managed; empty when it failed to load (then catalog_note says
  // why and address-based rules are not recognised).
  std::optional<ManagedCatalog> catalog;
  std::string catalog_note;

  const ManagedCatalog* catalog_ptr() const { return catalog ? &*catalog : nullptr; }
};

// `first`: findings of a pass over `pipeline`'s inputs (its rules and their
// legitimacy estimates; replay results in it are ignored). The candidate
// replay passes use `pipeline` with its matchers replaced and suggest's
// replay options. Returns false with the exit code in *code when a pass
// cannot run (it has printed why).
bool RunSuggestions(const PipelineOptions& pipeline, const Findings& first,
                    SuggestionRun* out, int* code);

}  // namespace waftune

#endif  // WAFTUNE_CLI_SUGGESTION_RUN_H_
