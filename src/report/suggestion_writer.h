// SuggestionWriter: the `suggest` artefacts and renderings. Emit() attaches
// the WAFv2 JSON and Terraform of each kept suggestion (via the emitters,
// with the rule's label from the managed catalog); the writers render the
// DESIGN "suggestions" JSON section, the table and the --emit outputs.
// Every log-derived string is escaped for its format. Stateless.
#ifndef WAFTUNE_REPORT_SUGGESTION_WRITER_H_
#define WAFTUNE_REPORT_SUGGESTION_WRITER_H_

#include <string>
#include <vector>

#include "analysis/findings.h"
#include "match/managed_catalog.h"
#include "report/json_writer.h"

namespace waftune {

// Fills wafv2_json / terraform of kept suggestions. A suggestion the
// emitters refuse (unknown label, invalid name) is un-kept with the reason.
void EmitSuggestionArtefacts(const ManagedCatalog* catalog,
                             std::vector<SuggestionFinding>* suggestions);

void WriteSuggestionsJson(const std::vector<SuggestionFinding>& s, JsonWriter* w);
std::string SuggestionsToTable(const std::vector<SuggestionFinding>& s);
// --emit exclusions|wafv2|terraform: kept suggestions only.
std::string EmitKept(const std::vector<SuggestionFinding>& s, const std::string& what);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_SUGGESTION_WRITER_H_
