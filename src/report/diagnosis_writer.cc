#include "report/diagnosis_writer.h"

#include "report/escape.h"
#include "report/text_table.h"
#include "util/time_format.h"

namespace waftune {
namespace {

void WriteCounts(std::string_view name, const std::vector<DiagnosisCount>& counts,
                 JsonWriter* w) {
  w->Key(name);
  w->BeginArray();
  for (const DiagnosisCount& c : counts) {
    w->BeginObject();
    w->Key("value");
    w->String(c.value);
    w->Key("count");
    w->Uint(c.count);
    w->EndObject();
  }
  w->EndArray();
}

std::string TopValue(const std::vector<DiagnosisCount>& counts) {
  return counts.empty() ? "" : counts[0].value + " (" + std::to_string(counts[0].count) + ")";
}

}  // namespace

void WriteDiagnosisJson(const DiagnosisResult& d, JsonWriter* w) {
  w->BeginObject();
  w->Key("requests");
  w->Uint(d.requests);
  w->Key("by_status");
  w->BeginObject();
  for (const auto& [status, n] : d.by_status) {
    w->Key(status);
    w->Uint(n);
  }
  w->EndObject();
  w->Key("findings");
  w->BeginArray();
  for (const DiagnosisFinding& f : d.findings) {
    w->BeginObject();
    w->Key("source");
    w->String(f.source);
    w->Key("status");
    w->String(f.status);
    w->Key("layer");
    w->String(f.layer);
    w->Key("count");
    w->Uint(f.count);
    w->Key("cause");
    w->String(f.cause);
    w->Key("evidence");
    w->String(f.evidence);
    w->Key("field");
    w->String(f.field);
    w->Key("first");
    w->String(FormatIsoTime(f.first_ms));
    w->Key("last");
    w->String(FormatIsoTime(f.last_ms));
    w->Key("peak_minute");
    w->String(FormatIsoTime(f.peak_minute_ms));
    w->Key("peak_count");
    w->Uint(f.peak_count);
    WriteCounts("targets", f.top_targets, w);
    WriteCounts("paths", f.top_paths, w);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
}

std::string DiagnosisToTable(const DiagnosisResult& d, size_t width) {
  TextTable t({{"STATUS"}, {"LAYER"}, {"COUNT", true}, {"CAUSE", false, true},
               {"PEAK MINUTE"}, {"TOP PATH", false, true}});
  for (const DiagnosisFinding& f : d.findings) {
    t.AddRow({f.source + " " + f.status, f.layer, WithThousands(f.count), f.cause,
              FormatIsoTime(f.peak_minute_ms).substr(0, 16), TopValue(f.top_paths)});
  }
  std::string out = "Layer diagnosis: " + WithThousands(d.requests) + " access-log requests\n";
  out += d.findings.empty() ? "No errors found.\n" : t.Render(width);
  for (const DiagnosisFinding& f : d.findings) {
    out += "  " + f.source + " " + f.status + " (" + f.layer + "): " + TerminalSafe(f.evidence) +
           " [field " + f.field + "]\n";
  }
  return out;
}

std::string DiagnosisToMarkdown(const DiagnosisResult& d) {
  std::string out = "| Status | Layer | Count | Cause | Evidence | First | Last | Top path |\n"
                    "|---|---|---:|---|---|---|---|---|\n";
  for (const DiagnosisFinding& f : d.findings) {
    out += "| " + MarkdownCell(f.source + " " + f.status) + " | " + f.layer + " | " +
           std::to_string(f.count) + " | " + MarkdownCell(f.cause) + " | " +
           MarkdownCell(f.evidence) + " | " + FormatIsoTime(f.first_ms) + " | " +
           FormatIsoTime(f.last_ms) + " | " + MarkdownCell(TopValue(f.top_paths)) + " |\n";
  }
  return out;
}

std::string DiagnosisToCsv(const DiagnosisResult& d) {
  std::string out = "source,status,layer,count,cause,evidence,field,first,last,peak_minute,top_path,top_target\n";
  for (const DiagnosisFinding& f : d.findings) {
    std::vector<std::string> cells = {f.source, f.status, f.layer, std::to_string(f.count),
                                      f.cause, f.evidence, f.field, FormatIsoTime(f.first_ms),
                                      FormatIsoTime(f.last_ms), FormatIsoTime(f.peak_minute_ms),
                                      TopValue(f.top_paths), TopValue(f.top_targets)};
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + CsvCell(cells[i]);
    out += "\n";
  }
  return out;
}

}  // namespace waftune
