#include <cstdio>

#include "report/escape.h"
#include "report/findings_writer.h"
#include "report/text_table.h"
#include "util/time_format.h"

namespace waftune {

std::string RuleDisplayName(const RuleFinding& r) {
  if (!r.rule_group) return r.rule;
  std::string group = *r.rule_group;
  constexpr std::string_view kAws = "AWS#AWSManagedRules";
  if (group.rfind(kAws, 0) == 0) group = group.substr(kAws.size());
  // Custom rule groups are logged as ARNs: show the name part.
  size_t slash = group.find("/rulegroup/");
  if (slash != std::string::npos) {
    group = group.substr(slash + 11);
    group = group.substr(0, group.find('/'));
  }
  return group + "/" + r.rule;
}

namespace {

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * static_cast<double>(part) /
                                               static_cast<double>(whole));
  return buf;
}

std::string TopUri(const RuleFinding& r) {
  if (r.top_uris.empty()) return "";
  return r.top_uris[0].value + " (" + Percent(r.top_uris[0].count, r.requests) + ")";
}

std::string Header(const Findings& f) {
  std::string out = "waftune " + f.command;
  if (!f.web_acls.empty()) {
    out += " — web ACL ";
    for (size_t i = 0; i < f.web_acls.size(); ++i) {
      out += (i ? ", " : "") + TerminalSafe(f.web_acls[i]);
    }
  }
  out += "\n";
  if (f.waf_requests) {
    out += "Window " + FormatIsoTime(f.window_start_ms) + " .. " +
           FormatIsoTime(f.window_end_ms) + ", " + WithThousands(f.waf_requests) +
           " requests";
    for (const auto& [action, n] : f.requests_by_action) {
      out += ", " + action + " " + WithThousands(n);
    }
    out += "\n";
  }
  return out;
}

}  // namespace

// The skipped-input summary shown under every table and Markdown report.
std::string InputsText(const Findings& f) {
  std::string out;
  for (const auto& [kind, s] : f.inputs) {
    out += "Input " + kind + ": " + WithThousands(s.files) + " files, " +
           WithThousands(s.records) + " records, " + WithThousands(s.bytes) +
           " bytes, " + WithThousands(s.skipped) + " skipped";
    if (s.warnings) out += ", " + WithThousands(s.warnings) + " warnings";
    if (s.unreadable) out += ", " + WithThousands(s.unreadable) + " unreadable files";
    out += "\n";
    for (const DiagnosticEntry& e : s.errors) {
      out += "  " + TerminalSafe(e.file) + ":" + std::to_string(e.line) + ": " +
             TerminalSafe(e.reason) + "\n";
    }
    uint64_t shown = s.errors.size();
    if (s.skipped + s.warnings > shown) {
      out += "  (" + WithThousands(s.skipped + s.warnings - shown) + " more not shown)\n";
    }
  }
  return out;
}

std::string FindingsToTable(const Findings& f, const WriterOptions& o) {
  bool legit = false;
  for (const RuleFinding& r : f.rules) legit = legit || r.legitimate.has_value();
  std::vector<TextTable::Column> cols = {{"ACTION"}, {"RULE", false, false},
                                         {"REQUESTS", true}, {"CLIENTS", true}};
  if (legit) {
    cols.push_back({"LEGIT (RANGE)", true});
    cols.push_back({"VERDICT"});
  }
  cols.push_back({"TOP URI", false, true});
  TextTable table(cols);
  for (const RuleFinding& r : f.rules) {
    std::vector<std::string> row = {r.action, RuleDisplayName(r),
                                    WithThousands(r.requests),
                                    (r.clients_estimated ? "~" : "") + WithThousands(r.clients)};
    if (legit) {
      if (r.legitimate) {
        const LegitimacyFinding& l = *r.legitimate;
        row.push_back(WithThousands(l.requests) + " (" + WithThousands(l.low) + "-" +
                      WithThousands(l.high) + ")");
        row.push_back(l.verdict);
      } else {
        row.push_back("");
        row.push_back("");
      }
    }
    row.push_back(TopUri(r));
    table.AddRow(row);
  }
  std::string out = Header(f) + "\n";
  out += f.rules.empty() ? "No rule rows in the selected records.\n" : table.Render(o.width);
  out += "\n" + InputsText(f);
  for (const std::string& note : f.notes) out += "Note: " + TerminalSafe(note) + "\n";
  return out;
}

}  // namespace waftune
