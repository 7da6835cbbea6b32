#include "report/markdown_report.h"

#include "report/baseline_writer.h"
#include "report/diagnosis_writer.h"
#include "report/escape.h"
#include "report/findings_writer.h"
#include "report/replay_writer.h"
#include "report/text_table.h"
#include "util/time_format.h"

namespace waftune {

std::string PromotionReadiness(const RuleFinding& r) {
  if (r.action != "COUNT") return "";
  if (!r.legitimate) return "no access logs";
  const LegitimacyFinding& l = *r.legitimate;
  // Thin evidence first: a verdict built on a handful of joins is not a
  // reason to block or to write an exclusion.
  if (l.evidence_level == "thin") return "insufficient evidence";
  if (l.verdict == "likely-attacks") return "ready to block";
  if ((l.verdict == "likely-false-positives" || l.verdict == "mixed") && l.requests > 0) {
    return "needs exclusion";
  }
  return "review";
}

const std::vector<std::string>& ReportMethodNotes() {
  static const std::vector<std::string> kNotes = {
      "WAF logs carry no request bodies: rules that match on the body "
      "(*_BODY) can only be judged by the URI, headers and the client's "
      "other traffic.",
      "ALLOW records may be filtered out by the web ACL's logging filter, "
      "so a client's allowed traffic can be missing from the WAF logs; the "
      "access logs fill that gap only when given.",
      "A client is an IP address plus User-Agent. Clients behind NAT or a "
      "shared proxy look like one client; one user on several addresses "
      "looks like several.",
      "The legitimate estimate is a range built from behaviour in the "
      "access logs (successful sessions, assets, repeat visits); it is "
      "evidence for a decision, not a proof either way.",
  };
  return kNotes;
}

std::string ReportWindowText(const Findings& f) {
  if (f.window_start_ms == 0 && f.window_end_ms == 0) return "no records";
  return FormatIsoTime(f.window_start_ms) + " – " + FormatIsoTime(f.window_end_ms);
}

std::string LegitimateText(const RuleFinding& r) {
  if (!r.legitimate) return "";
  const LegitimacyFinding& l = *r.legitimate;
  return WithThousands(l.requests) + " (" + WithThousands(l.low) + "–" +
         WithThousands(l.high) + ")";
}

namespace {

void Scope(const Findings& f, std::string* out) {
  *out += "## Scope\n\n";
  *out += "- Window: " + MarkdownCell(ReportWindowText(f)) + "\n";
  *out += "- WAF requests analysed: " + WithThousands(f.waf_requests) + "\n";
  std::string acls;
  for (const std::string& a : f.web_acls) acls += (acls.empty() ? "" : ", ") + MarkdownCell(a);
  *out += "- Web ACLs: " + (acls.empty() ? std::string("none seen") : acls) + "\n\n";
  *out += "| Input | Files | Records | Skipped | Warnings | Unreadable |\n|---|--:|--:|--:|--:|--:|\n";
  for (const auto& [kind, s] : f.inputs) {
    *out += "| " + MarkdownCell(kind) + " | " + WithThousands(s.files) + " | " +
            WithThousands(s.records) + " | " + WithThousands(s.skipped) + " | " +
            WithThousands(s.warnings) + " | " + WithThousands(s.unreadable) + " |\n";
  }
  *out += "\n";
}

void Rules(const Findings& f, std::string* out) {
  *out += "## Rules\n\n| Action | Rule | Requests | Clients | Legitimate (range) | "
          "Verdict | Evidence | Promotion |\n|---|---|--:|--:|--:|---|---|---|\n";
  for (const RuleFinding& r : f.rules) {
    std::string verdict, level;
    if (r.legitimate) {
      verdict = r.legitimate->verdict;
      level = r.legitimate->evidence_level;
    }
    *out += "| " + MarkdownCell(r.action) + " | " + MarkdownCell(RuleDisplayName(r)) + " | " +
            WithThousands(r.requests) + " | " + (r.clients_estimated ? "~" : "") +
            WithThousands(r.clients) + " | " + LegitimateText(r) + " | " +
            MarkdownCell(verdict) + " | " + MarkdownCell(level) + " | " +
            PromotionReadiness(r) + " |\n";
  }
  if (f.rules.empty()) *out += "| | no rule rows | | | | | | |\n";
  *out += "\n";
}

void Skipped(const Findings& f, const ReportOptions& o, std::string* out) {
  *out += "## Skipped input\n\n";
  bool any = false;
  for (const auto& [kind, s] : f.inputs) {
    if (s.skipped == 0 && s.unreadable == 0 && s.warnings == 0) continue;
    any = true;
    *out += "- " + MarkdownCell(kind) + ": " + WithThousands(s.skipped) + " skipped, " +
            WithThousands(s.warnings) + " warnings, " + WithThousands(s.unreadable) +
            " unreadable\n";
    for (size_t i = 0; i < s.errors.size() && i < o.max_errors; ++i) {
      const DiagnosticEntry& e = s.errors[i];
      *out += "  - `" + MarkdownCell(e.file) + ":" + std::to_string(e.line) + "`: " +
              MarkdownCell(e.reason) + "\n";
    }
  }
  if (!any) *out += "Nothing was skipped.\n";
  *out += "\n";
}

}  // namespace

std::string FindingsToMarkdownReport(const Findings& f, const ReportOptions& o) {
  std::string out = "# waftune report\n\n";
  Scope(f, &out);
  Rules(f, &out);
  if (f.has_replay) out += "## Replay\n\n" + ReplayToMarkdown(f.replay) + "\n";
  if (o.baseline != nullptr) out += BaselineToMarkdown(*o.baseline, o.max_baseline_rules);
  if (f.diagnosis) out += "## Layer diagnosis\n\n" + DiagnosisToMarkdown(*f.diagnosis) + "\n";
  Skipped(f, o, &out);
  out += "## Method notes\n\n";
  for (const std::string& n : ReportMethodNotes()) out += "- " + n + "\n";
  for (const std::string& n : f.notes) out += "- " + MarkdownCell(n) + "\n";
  return out;
}

}  // namespace waftune
