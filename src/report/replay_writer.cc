#include "report/replay_writer.h"

#include "report/escape.h"
#include "report/text_table.h"
#include "util/time_format.h"

namespace waftune {
namespace {

void WriteExample(const ReplayExample& e, JsonWriter* w) {
  w->BeginObject();
  w->Key("time");
  w->String(FormatIsoTime(e.timestamp_ms));
  w->Key("request_id");
  w->String(e.request_id);
  w->Key("client_ip");
  w->String(e.client_ip);
  w->Key("country");
  w->String(e.country);
  w->Key("method");
  w->String(e.method);
  w->Key("uri");
  w->String(e.uri);
  w->Key("args");
  w->String(e.args);
  w->Key("user_agent");
  w->String(e.user_agent);
  w->Key("action");
  w->String(e.rule_action);
  w->Key("suspicious");
  w->Bool(e.suspicious);
  w->Key("signatures");
  w->BeginArray();
  for (const std::string& c : e.signature_classes) w->String(c);
  w->EndArray();
  w->EndObject();
}

std::string Rule(const ReplayFinding& r) {
  return (r.rule_group.empty() ? "" : r.rule_group + "/") + r.rule;
}

}  // namespace

void WriteReplayJson(const std::vector<ReplayFinding>& replay, JsonWriter* w) {
  w->BeginArray();
  for (const ReplayFinding& r : replay) {
    w->BeginObject();
    w->Key("id");
    w->String(r.id);
    w->Key("rule_group");
    if (r.rule_group.empty()) {
      w->Null();
    } else {
      w->String(r.rule_group);
    }
    w->Key("rule");
    w->String(r.rule);
    w->Key("matched");
    w->Uint(r.matched);
    w->Key("released");
    w->Uint(r.released);
    w->Key("released_suspicious");
    w->Uint(r.released_suspicious);
    if (r.released_legitimate) {
      w->Key("released_legitimate");
      w->Uint(*r.released_legitimate);
    }
    w->Key("unknown");
    w->Uint(r.unknown);
    w->Key("released_blocks");
    w->Uint(r.released_blocks);
    w->Key("released_counts");
    w->Uint(r.released_counts);
    w->Key("remaining_by_rule");
    w->BeginObject();
    for (const auto& [rule, n] : r.remaining_by_rule) {
      w->Key(rule);
      w->Uint(n);
    }
    w->EndObject();
    w->Key("examples");
    w->BeginArray();
    for (const ReplayExample& e : r.examples) WriteExample(e, w);
    w->EndArray();
    w->EndObject();
  }
  w->EndArray();
}

std::string ReplayToTable(const std::vector<ReplayFinding>& replay, size_t width) {
  bool legit = false;
  for (const ReplayFinding& r : replay) legit = legit || r.released_legitimate.has_value();
  std::vector<TextTable::Column> cols = {{"EXCLUSION"}, {"RULE", false, true},
                                         {"MATCHED", true}, {"RELEASED", true},
                                         {"SUSPICIOUS", true}, {"UNKNOWN", true}};
  if (legit) cols.push_back({"LEGIT", true});
  TextTable t(cols);
  for (const ReplayFinding& r : replay) {
    std::vector<std::string> row = {r.id, Rule(r), WithThousands(r.matched),
                                    WithThousands(r.released),
                                    WithThousands(r.released_suspicious), WithThousands(r.unknown)};
    if (legit) row.push_back(r.released_legitimate ? WithThousands(*r.released_legitimate) : "");
    t.AddRow(row);
  }
  std::string out = "Replay of candidate exclusions\n" + t.Render(width);
  for (const ReplayFinding& r : replay) {
    if (r.examples.empty()) continue;
    out += "\n" + TerminalSafe(r.id) + ": released examples\n";
    for (const ReplayExample& e : r.examples) {
      std::string line = "  " + FormatIsoTime(e.timestamp_ms) + " " + e.client_ip + " " + e.method +
                         " " + e.uri + (e.args.empty() ? "" : "?" + e.args);
      out += TerminalSafe(Ellipsize(line, width - 14)) + (e.suspicious ? "  SUSPICIOUS" : "") + "\n";
    }
  }
  return out;
}

std::string ReplayToMarkdown(const std::vector<ReplayFinding>& replay) {
  std::string out = "| Exclusion | Rule | Matched | Released | Suspicious | Legitimate | Unknown |\n"
                    "|---|---|---:|---:|---:|---:|---:|\n";
  for (const ReplayFinding& r : replay) {
    out += "| " + MarkdownCell(r.id) + " | " + MarkdownCell(Rule(r)) + " | " +
           std::to_string(r.matched) + " | " + std::to_string(r.released) + " | " +
           std::to_string(r.released_suspicious) + " | " +
           (r.released_legitimate ? std::to_string(*r.released_legitimate) : "–") + " | " +
           std::to_string(r.unknown) + " |\n";
  }
  return out;
}

std::string ReplayToCsv(const std::vector<ReplayFinding>& replay) {
  std::string out = "id,rule_group,rule,matched,released,released_suspicious,released_legitimate,unknown,released_blocks,released_counts\n";
  for (const ReplayFinding& r : replay) {
    out += CsvCell(r.id) + "," + CsvCell(r.rule_group) + "," + CsvCell(r.rule) + "," +
           std::to_string(r.matched) + "," + std::to_string(r.released) + "," +
           std::to_string(r.released_suspicious) + "," +
           (r.released_legitimate ? std::to_string(*r.released_legitimate) : "") + "," +
           std::to_string(r.unknown) + "," + std::to_string(r.released_blocks) + "," +
           std::to_string(r.released_counts) + "\n";
  }
  return out;
}

}  // namespace waftune
