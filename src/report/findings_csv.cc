#include "report/escape.h"
#include "report/findings_writer.h"

namespace waftune {
namespace {

std::string Join(const std::vector<TopEntry>& top, size_t n) {
  std::string out;
  for (size_t i = 0; i < top.size() && i < n; ++i) {
    if (i) out += " | ";
    out += top[i].value + " (" + std::to_string(top[i].count) + ")";
  }
  return out;
}

}  // namespace

// One line per rule row; top lists are joined into one cell each.
std::string FindingsToCsv(const Findings& f, const WriterOptions& o) {
  std::string out =
      "web_acl_rule,rule_group,rule,action,requests,clients,"
      "legit_requests,legit_low,legit_high,legit_clients,verdict,"
      "top_uris,top_clients,top_countries,top_labels,top_matched\n";
  for (const RuleFinding& r : f.rules) {
    std::vector<std::string> cells = {
        r.web_acl_rule.value_or(""), r.rule_group.value_or(""), r.rule, r.action,
        std::to_string(r.requests), std::to_string(r.clients)};
    if (r.legitimate) {
      const LegitimacyFinding& l = *r.legitimate;
      for (uint64_t v : {l.requests, l.low, l.high, l.clients}) {
        cells.push_back(std::to_string(v));
      }
      cells.push_back(l.verdict);
    } else {
      cells.insert(cells.end(), 5, "");
    }
    for (const auto* top : {&r.top_uris, &r.top_clients, &r.top_countries,
                            &r.top_labels, &r.top_matched}) {
      cells.push_back(Join(*top, o.top));
    }
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      // Numbers are ours; text cells may come from logs.
      out += CsvCell(cells[i]);
    }
    out += '\n';
  }
  return out;
}

std::string FindingsToMarkdown(const Findings& f, const WriterOptions& /*o*/) {
  std::string out = "# waftune " + f.command + "\n\n";
  if (!f.web_acls.empty()) {
    out += "Web ACL: ";
    for (size_t i = 0; i < f.web_acls.size(); ++i) {
      out += (i ? ", " : "") + MarkdownCell(f.web_acls[i]);
    }
    out += "\n\n";
  }
  bool legit = false;
  for (const RuleFinding& r : f.rules) legit = legit || r.legitimate.has_value();
  out += legit ? "| Action | Rule | Requests | Clients | Legitimate (range) | Verdict | Top URI |\n"
                 "|---|---|---:|---:|---:|---|---|\n"
               : "| Action | Rule | Requests | Clients | Top URI |\n|---|---|---:|---:|---|\n";
  for (const RuleFinding& r : f.rules) {
    std::string rule = RuleDisplayName(r);
    out += "| " + r.action + " | " + MarkdownCell(rule) + " | " +
           std::to_string(r.requests) + " | " + std::to_string(r.clients) + " | ";
    if (legit) {
      if (r.legitimate) {
        const LegitimacyFinding& l = *r.legitimate;
        out += std::to_string(l.requests) + " (" + std::to_string(l.low) + "–" +
               std::to_string(l.high) + ") | " + l.verdict + " | ";
      } else {
        out += " | | ";
      }
    }
    out += (r.top_uris.empty() ? "" : MarkdownCell(Ellipsize(r.top_uris[0].value, 60))) + " |\n";
  }
  out += "\n## Inputs\n\n";
  for (const auto& [kind, s] : f.inputs) {
    out += "- " + kind + ": " + std::to_string(s.files) + " files, " +
           std::to_string(s.records) + " records, " + std::to_string(s.skipped) +
           " skipped, " + std::to_string(s.warnings) + " warnings\n";
    for (const DiagnosticEntry& e : s.errors) {
      out += "  - " + MarkdownCell(e.file) + ":" + std::to_string(e.line) + ": " +
             MarkdownCell(e.reason) + "\n";
    }
  }
  for (const std::string& note : f.notes) out += "\n> " + MarkdownCell(note) + "\n";
  return out;
}

}  // namespace waftune
