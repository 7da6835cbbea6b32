#include "report/diagnosis_writer.h"
#include "report/findings_writer.h"
#include "report/replay_writer.h"
#include "report/suggestion_writer.h"
#include "util/time_format.h"

namespace waftune {
namespace {

void WriteTop(std::string_view name, const std::vector<TopEntry>& top,
              size_t n, JsonWriter* w) {
  w->Key(name);
  w->BeginArray();
  for (size_t i = 0; i < top.size() && i < n; ++i) {
    w->BeginObject();
    w->Key("value");
    w->String(top[i].value);
    w->Key("count");
    w->Uint(top[i].count);
    if (top[i].error) {
      w->Key("count_error");
      w->Uint(top[i].error);
    }
    w->EndObject();
  }
  w->EndArray();
}

void WriteLegitimacy(const LegitimacyFinding& l, JsonWriter* w) {
  w->BeginObject();
  w->Key("requests");
  w->Uint(l.requests);
  w->Key("low");
  w->Uint(l.low);
  w->Key("high");
  w->Uint(l.high);
  w->Key("clients");
  w->Uint(l.clients);
  w->Key("verdict");
  w->String(l.verdict);
  w->Key("evidence_level");
  w->String(l.evidence_level);
  w->Key("evidence");
  w->BeginObject();
  for (const auto& [k, v] : l.evidence) {
    w->Key(k);
    w->Uint(v);
  }
  w->EndObject();
  w->EndObject();
}

void WriteSummary(std::string_view kind, const InputSummary& s, JsonWriter* w) {
  w->Key(kind);
  w->BeginObject();
  w->Key("files");
  w->Uint(s.files);
  w->Key("records");
  w->Uint(s.records);
  w->Key("skipped");
  w->Uint(s.skipped);
  w->Key("warnings");
  w->Uint(s.warnings);
  w->Key("unreadable");
  w->Uint(s.unreadable);
  w->Key("bytes");
  w->Uint(s.bytes);
  w->Key("errors");
  w->BeginArray();
  for (const DiagnosticEntry& e : s.errors) {
    w->BeginObject();
    w->Key("file");
    w->String(e.file);
    w->Key("line");
    w->Uint(e.line);
    w->Key("reason");
    w->String(e.reason);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
}

}  // namespace

void WriteInputsJson(const Findings& f, JsonWriter* w) {
  w->Key("inputs");
  w->BeginObject();
  for (const auto& [kind, s] : f.inputs) WriteSummary(kind, s, w);
  w->EndObject();
  if (f.window_start_ms || f.window_end_ms) {
    w->Key("window");
    w->BeginObject();
    w->Key("start");
    w->String(FormatIsoTime(f.window_start_ms));
    w->Key("end");
    w->String(FormatIsoTime(f.window_end_ms));
    w->EndObject();
  }
}

void WriteRuleJson(const RuleFinding& r, const Findings& f,
                   const WriterOptions& o, JsonWriter* w) {
  w->BeginObject();
  w->Key("web_acl_rule");
  w->OptionalString(r.web_acl_rule);
  w->Key("rule_group");
  w->OptionalString(r.rule_group);
  w->Key("rule");
  w->String(r.rule);
  w->Key("action");
  w->String(r.action);
  w->Key("requests");
  w->Uint(r.requests);
  w->Key("clients");
  w->Uint(r.clients);
  if (r.clients_estimated) {
    w->Key("clients_estimated");
    w->Bool(true);
  }
  w->Key("top");
  w->BeginObject();
  WriteTop("uris", r.top_uris, o.top, w);
  WriteTop("clients", r.top_clients, o.top, w);
  WriteTop("countries", r.top_countries, o.top, w);
  WriteTop("labels", r.top_labels, o.top, w);
  WriteTop("matched", r.top_matched, o.top, w);
  w->EndObject();
  if (o.series && !r.series.empty()) {
    w->Key("series");
    w->BeginObject();
    w->Key("start");
    w->String(FormatIsoTime(r.series.front().start_ms));
    w->Key("bucket_seconds");
    w->Int(f.bucket_ms / 1000);
    w->Key("counts");
    JsonWriter compact(false);
    compact.BeginArray();
    for (const TimeBucket& b : r.series) compact.Uint(b.count);
    compact.EndArray();
    w->Raw(compact.str());
    w->EndObject();
  }
  if (r.legitimate) {
    w->Key("legitimate");
    WriteLegitimacy(*r.legitimate, w);
  }
  w->EndObject();
}

std::string FindingsToJson(const Findings& f, const WriterOptions& o) {
  JsonWriter w;
  w.BeginObject();
  w.Key("waftune");
  w.BeginObject();
  w.Key("version");
  w.String(WAFTUNE_VERSION);
  w.Key("command");
  w.String(f.command);
  w.EndObject();
  WriteInputsJson(f, &w);
  if (f.command == "diagnose") {
    if (f.diagnosis) {
      w.Key("diagnosis");
      WriteDiagnosisJson(*f.diagnosis, &w);
    }
    w.EndObject();
    return w.str() + "\n";
  }
  w.Key("requests");
  w.BeginObject();
  w.Key("total");
  w.Uint(f.waf_requests);
  for (const auto& [action, n] : f.requests_by_action) {
    w.Key(action);
    w.Uint(n);
  }
  w.EndObject();
  w.Key("web_acls");
  w.BeginArray();
  for (const std::string& name : f.web_acls) w.String(name);
  w.EndArray();
  if (f.command != "diagnose") {
    w.Key("rules");
    w.BeginArray();
    for (const RuleFinding& r : f.rules) WriteRuleJson(r, f, o, &w);
    w.EndArray();
  }
  if (f.has_replay) {
    w.Key("replay");
    WriteReplayJson(f.replay, &w);
  }
  if (f.command == "suggest") {
    w.Key("suggestions");
    WriteSuggestionsJson(f.suggestions, &w);
  }
  if (f.diagnosis) {
    w.Key("diagnosis");
    WriteDiagnosisJson(*f.diagnosis, &w);
  }
  if (!f.notes.empty()) {
    w.Key("notes");
    w.BeginArray();
    for (const std::string& n : f.notes) w.String(n);
    w.EndArray();
  }
  w.EndObject();
  return w.str() + "\n";
}

}  // namespace waftune
