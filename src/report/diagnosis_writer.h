// Writers for the layer diagnosis section (DESIGN "Layer diagnosis"): JSON
// "diagnosis" object, terminal table, Markdown and CSV. Log-derived strings
// (paths, targets) are escaped for each format. Stateless.
#ifndef WAFTUNE_REPORT_DIAGNOSIS_WRITER_H_
#define WAFTUNE_REPORT_DIAGNOSIS_WRITER_H_

#include <string>

#include "analysis/diagnosis.h"
#include "report/json_writer.h"

namespace waftune {

void WriteDiagnosisJson(const DiagnosisResult& d, JsonWriter* w);
std::string DiagnosisToTable(const DiagnosisResult& d, size_t width);
std::string DiagnosisToMarkdown(const DiagnosisResult& d);
std::string DiagnosisToCsv(const DiagnosisResult& d);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_DIAGNOSIS_WRITER_H_
