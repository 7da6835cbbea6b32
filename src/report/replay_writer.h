// Writers for replay results (DESIGN JSON "replay" array; table, Markdown,
// CSV). Example requests are already redacted by the analysis; here every
// log-derived string is escaped for its format. Stateless.
#ifndef WAFTUNE_REPORT_REPLAY_WRITER_H_
#define WAFTUNE_REPORT_REPLAY_WRITER_H_

#include <string>
#include <vector>

#include "analysis/findings.h"
#include "report/json_writer.h"

namespace waftune {

void WriteReplayJson(const std::vector<ReplayFinding>& replay, JsonWriter* w);
std::string ReplayToTable(const std::vector<ReplayFinding>& replay, size_t width);
std::string ReplayToMarkdown(const std::vector<ReplayFinding>& replay);
std::string ReplayToCsv(const std::vector<ReplayFinding>& replay);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_REPLAY_WRITER_H_
