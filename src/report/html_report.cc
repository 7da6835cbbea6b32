#include "report/html_report.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "report/baseline_writer.h"
#include "report/escape.h"
#include "report/findings_writer.h"
#include "report/suggestion_table.h"
#include "report/svg_chart.h"
#include "report/text_table.h"
#include "util/time_format.h"

namespace waftune {
namespace {

constexpr const char* kStyle =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;"
    "max-width:1180px;color:#222;padding:0 16px}"
    "h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:2em}"
    "table{border-collapse:collapse;margin:8px 0;font-size:.9em;width:100%}"
    "th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top;"
    "overflow-wrap:anywhere}"
    "th{background:#f3f3f3;white-space:nowrap}td.n{text-align:right;white-space:nowrap}"
    ".ready{color:#1a7f37;font-weight:600}.excl{color:#b35900;font-weight:600}"
    ".thin{color:#777}svg.chart{font-size:11px;max-width:100%;height:auto;display:block;"
    "margin:8px 0}svg.chart text{fill:#333}code{font-size:.9em}.muted{color:#666}"
    "pre{background:#f6f6f6;border:1px solid #ddd;padding:8px;overflow-x:auto;font-size:.85em}";

// Small builder for HTML tables: cells are escaped here, so callers pass
// raw (possibly hostile) strings.
class HtmlTable {
 public:
  explicit HtmlTable(std::string* out) : out_(out) { *out_ += "<table>"; }
  ~HtmlTable() { *out_ += "</table>\n"; }
  void Header(const std::vector<std::string>& cells) {
    *out_ += "<tr>";
    for (const std::string& c : cells) *out_ += "<th>" + HtmlEscape(c) + "</th>";
    *out_ += "</tr>";
  }
  // Cells starting with '#' are numbers (right aligned); the '#' is dropped.
  void Row(const std::vector<std::string>& cells, const std::string& last_class = "") {
    *out_ += "<tr>";
    for (size_t i = 0; i < cells.size(); ++i) {
      const std::string& c = cells[i];
      const bool num = !c.empty() && c[0] == '#';
      std::string cls = num ? " class=\"n\"" : "";
      if (i + 1 == cells.size() && !last_class.empty()) cls = " class=\"" + last_class + "\"";
      *out_ += "<td" + cls + ">" + HtmlEscape(num ? std::string_view(c).substr(1) : c) + "</td>";
    }
    *out_ += "</tr>";
  }

 private:
  std::string* out_;
};

std::string N(uint64_t v) { return "#" + WithThousands(v); }

void Scope(const Findings& f, std::string* out) {
  *out += "<h2>Scope</h2><ul>";
  *out += "<li>Window: " + HtmlEscape(ReportWindowText(f)) + "</li>";
  *out += "<li>WAF requests analysed: " + WithThousands(f.waf_requests) + "</li><li>Web ACLs: ";
  std::string acls;
  for (const std::string& a : f.web_acls) acls += (acls.empty() ? "" : ", ") + HtmlEscape(a);
  *out += (acls.empty() ? std::string("none seen") : acls) + "</li></ul>";
  HtmlTable t(out);
  t.Header({"Input", "Files", "Records", "Skipped", "Warnings", "Unreadable", "Bytes read"});
  for (const auto& [kind, s] : f.inputs) {
    t.Row({kind, N(s.files), N(s.records), N(s.skipped), N(s.warnings), N(s.unreadable),
           N(s.bytes)});
  }
}

std::string ReadinessClass(const std::string& r) {
  if (r == "ready to block") return "ready";
  if (r == "needs exclusion") return "excl";
  if (r == "insufficient evidence" || r == "no access logs") return "thin";
  return "";
}

void Rules(const Findings& f, std::string* out) {
  *out += "<h2>Rules</h2><p class=\"muted\">Promotion readiness is shown for COUNT rows: "
          "whether switching the rule to BLOCK looks safe from the evidence at hand.</p>";
  HtmlTable t(out);
  t.Header({"Action", "Rule", "Requests", "Clients", "Legitimate (range)", "Verdict",
            "Evidence", "Top URI", "Promotion"});
  for (const RuleFinding& r : f.rules) {
    std::string verdict, level;
    if (r.legitimate) {
      verdict = r.legitimate->verdict;
      level = r.legitimate->evidence_level;
    }
    std::string top = r.top_uris.empty() ? "" : Ellipsize(r.top_uris[0].value, 80);
    std::string clients = (r.clients_estimated ? "#~" : "#") + WithThousands(r.clients);
    std::string ready = PromotionReadiness(r);
    t.Row({r.action, RuleDisplayName(r), N(r.requests), clients,
           r.legitimate ? "#" + LegitimateText(r) : "", verdict, level, top, ready},
          ReadinessClass(ready));
  }
  if (f.rules.empty()) t.Row({"", "no rule rows", "", "", "", "", "", "", ""});
}

void BlocksOverTime(const Findings& f, const ReportOptions& o, std::string* out) {
  std::vector<const RuleFinding*> blocks;
  for (const RuleFinding& r : f.rules) {
    if (r.action == "BLOCK" && !r.series.empty()) blocks.push_back(&r);
  }
  std::stable_sort(blocks.begin(), blocks.end(), [](const RuleFinding* a, const RuleFinding* b) {
    return a->requests > b->requests;
  });
  if (blocks.size() > 5) blocks.resize(5);
  std::vector<LineSeries> series;
  for (const RuleFinding* r : blocks) {
    LineSeries s{RuleDisplayName(*r), {}};
    for (const TimeBucket& b : r->series) s.values.push_back(b.count);
    series.push_back(std::move(s));
  }
  LineChartOptions lo;
  lo.title = "Blocks over time, top BLOCK rules";
  if (f.window_end_ms != 0) {
    lo.x_start = FormatIsoTime(f.window_start_ms);
    lo.x_end = FormatIsoTime(f.window_end_ms);
  }
  *out += "<h3>Blocks over time (top 5 BLOCK rules";
  if (f.bucket_ms > 0) *out += ", " + std::to_string(f.bucket_ms / 60000) + "-minute buckets";
  *out += ")</h3>" + SvgLineChart(series, lo);
  (void)o;
}

void LegitimateBars(const Findings& f, const ReportOptions& o, std::string* out) {
  // COUNT rows first: they are the promotion decision this chart informs.
  std::vector<BarItem> items;
  for (bool count_rows : {true, false}) {
    for (const RuleFinding& r : f.rules) {
      if (!r.legitimate || items.size() >= o.top || (r.action == "COUNT") != count_rows) continue;
      uint64_t legit = std::min(r.legitimate->requests, r.requests);
      items.push_back({r.action + " " + RuleDisplayName(r), legit, r.requests - legit});
    }
  }
  if (items.empty()) return;  // No access logs: nothing to stack.
  BarChartOptions bo;
  bo.title = "Estimated legitimate vs attack requests per rule";
  bo.legend1 = "estimated legitimate";
  bo.legend2 = "likely attack";
  *out += "<h3>Estimated legitimate vs attack requests</h3>" + SvgBarChart(items, bo);
}

void TopUris(const Findings& f, const ReportOptions& o, std::string* out) {
  std::map<std::string, uint64_t> uris;
  for (const RuleFinding& r : f.rules) {
    for (const TopEntry& e : r.top_uris) uris[e.value] += e.count;
  }
  std::vector<BarItem> items;
  for (const auto& [uri, count] : uris) items.push_back({uri, count, 0});
  std::stable_sort(items.begin(), items.end(),
                   [](const BarItem& a, const BarItem& b) { return a.value > b.value; });
  if (items.size() > o.top) items.resize(o.top);
  BarChartOptions bo;
  bo.title = "Top URIs across rule rows";
  bo.legend1 = "matches (sum of rule rows' top lists)";
  *out += "<h3>Top URIs</h3>" + SvgBarChart(items, bo);
}

void Replay(const Findings& f, std::string* out) {
  if (!f.has_replay) return;
  *out += "<h2>Replay of candidate exclusions</h2>";
  HtmlTable t(out);
  t.Header({"Exclusion", "Rule", "Matched", "Released", "Released blocks", "Released counts",
            "Still suspicious", "Legitimate", "Unknown", "Note"});
  for (const ReplayFinding& r : f.replay) {
    std::string rule = r.rule_group.empty() ? r.rule : r.rule_group + " / " + r.rule;
    t.Row({r.id, rule, N(r.matched), N(r.released), N(r.released_blocks), N(r.released_counts),
           N(r.released_suspicious),
           r.released_legitimate ? N(*r.released_legitimate) : "", N(r.unknown), r.note});
  }
  for (const ReplayFinding& r : f.replay) {
    if (r.examples.empty()) continue;
    *out += "<h3>Released examples: " + HtmlEscape(r.id) + "</h3>";
    HtmlTable e(out);
    e.Header({"Time", "Client", "Method", "URI", "Args", "Action", "Suspicious"});
    for (const ReplayExample& x : r.examples) {
      e.Row({FormatIsoTime(x.timestamp_ms), x.client_ip, x.method, Ellipsize(x.uri, 100),
             Ellipsize(x.args, 80), x.rule_action, x.suspicious ? "yes" : ""});
    }
  }
}

// Log-derived text (patterns, reasons, the artefacts built from them) is
// escaped per line in <pre>, so the layout survives and no markup does.
void SuggestionArtefacts(const SuggestionFinding& s, std::string* out) {
  *out += "<h3>" + HtmlEscape(s.exclusion.id) + ": " + HtmlEscape(s.rule) + "</h3>";
  if (!s.wafv2_json.empty()) {
    *out += "<p>WAFv2 JSON:</p><pre>" + EscapeLines(s.wafv2_json, HtmlEscape) + "</pre>";
  }
  if (!s.terraform.empty()) {
    *out += "<p>Terraform:</p><pre>" + EscapeLines(s.terraform, HtmlEscape) + "</pre>";
  }
}

void Suggestions(const Findings& f, const ReportOptions& o, std::string* out) {
  if (!o.suggestions) return;
  *out += "<h2>Suggested exclusions</h2>";
  if (!o.suggestions_unavailable.empty()) {
    *out += "<p>" + HtmlEscape(o.suggestions_unavailable) + "</p>";
    return;
  }
  if (f.suggestions.empty()) {
    *out += "<p>" + HtmlEscape(NoSuggestionsText()) + "</p>";
    return;
  }
  *out += "<p class=\"muted\">" + HtmlEscape(SuggestionsIntro()) + "</p>";
  {
    HtmlTable t(out);
    t.Header({"Id", "Verdict", "Rule", "Scope", "Released", "Legitimate", "Suspicious",
              "Coverage", "Reason"});
    for (const SuggestionFinding& s : f.suggestions) {
      const ReplayFinding& r = s.replay;
      uint64_t legit = r.released_legitimate.value_or(0);
      t.Row({s.exclusion.id, VerdictWord(s.verdict), s.rule_group + " / " + s.rule,
             SuggestionScopeText(s.exclusion), N(r.released),
             "#" + SharePercent(legit, r.released),
             "#" + SharePercent(r.released_suspicious, r.released),
             "#" + SharePercent(legit, s.rule_legitimate), s.reason});
    }
  }
  for (const SuggestionFinding& s : f.suggestions) {
    if (s.verdict == SuggestionVerdict::kSuggested) SuggestionArtefacts(s, out);
  }
}

void Diagnosis(const Findings& f, std::string* out) {
  if (!f.diagnosis) return;
  const DiagnosisResult& d = *f.diagnosis;
  *out += "<h2>Layer diagnosis</h2><p>" + WithThousands(d.requests) +
          " access-log requests; error responses by the layer that produced them.</p>";
  HtmlTable t(out);
  t.Header({"Source", "Status", "Layer", "Count", "Cause", "Evidence", "Peak minute",
            "Top target", "Top path"});
  for (const DiagnosisFinding& x : d.findings) {
    std::string peak = FormatIsoTime(x.peak_minute_ms) + " (" + std::to_string(x.peak_count) + ")";
    t.Row({x.source, x.status, x.layer, N(x.count), x.cause, x.evidence, peak,
           x.top_targets.empty() ? "" : x.top_targets[0].value,
           x.top_paths.empty() ? "" : Ellipsize(x.top_paths[0].value, 80)});
  }
  if (d.findings.empty()) t.Row({"", "", "", "", "no error responses", "", "", "", ""});
}

void Skipped(const Findings& f, const ReportOptions& o, std::string* out) {
  *out += "<h2>Skipped input</h2>";
  bool any = false;
  for (const auto& [kind, s] : f.inputs) {
    if (s.skipped == 0 && s.unreadable == 0 && s.warnings == 0) continue;
    any = true;
    *out += "<p><b>" + HtmlEscape(kind) + "</b>: " + WithThousands(s.skipped) + " skipped, " +
            WithThousands(s.warnings) + " warnings, " + WithThousands(s.unreadable) +
            " unreadable</p><ul>";
    for (size_t i = 0; i < s.errors.size() && i < o.max_errors; ++i) {
      const DiagnosticEntry& e = s.errors[i];
      *out += "<li><code>" + HtmlEscape(e.file) + ":" + std::to_string(e.line) + "</code>: " +
              HtmlEscape(e.reason) + "</li>";
    }
    *out += "</ul>";
  }
  if (!any) *out += "<p>Nothing was skipped.</p>";
}

}  // namespace

std::string FindingsToHtml(const Findings& f, const ReportOptions& o) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"";
  out += kReportCsp;
  out += "\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>waftune report</title><style>";
  out += kStyle;
  out += "</style></head><body>\n<h1>waftune report</h1>\n";
  Scope(f, &out);
  Rules(f, &out);
  out += "<h2>Charts</h2>";
  BlocksOverTime(f, o, &out);
  LegitimateBars(f, o, &out);
  TopUris(f, o, &out);
  Replay(f, &out);
  if (o.baseline != nullptr) out += BaselineToHtml(*o.baseline, o.max_baseline_rules);
  Suggestions(f, o, &out);
  Diagnosis(f, &out);
  Skipped(f, o, &out);
  out += "<h2>Method notes</h2><ul>";
  for (const std::string& n : ReportMethodNotes()) out += "<li>" + HtmlEscape(n) + "</li>";
  for (const std::string& n : f.notes) out += "<li>" + HtmlEscape(n) + "</li>";
  out += "</ul>\n</body></html>\n";
  return out;
}

}  // namespace waftune
