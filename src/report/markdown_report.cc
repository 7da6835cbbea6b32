#include "report/markdown_report.h"

#include <algorithm>
#include <cstdio>

#include "report/baseline_writer.h"
#include "report/diagnosis_writer.h"
#include "report/escape.h"
#include "report/findings_writer.h"
#include "report/replay_writer.h"
#include "report/suggestion_table.h"
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

std::string SharePercent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

std::string SuggestionScopeText(const Exclusion& x) {
  std::string out;
  for (const Condition& c : x.when) {
    if (!out.empty()) out += "  ";
    out += ConditionKey(c) + "=";
    for (size_t i = 0; i < c.patterns.size(); ++i) out += (i > 0 ? " | " : "") + c.patterns[i];
  }
  return out.empty() ? "-" : out;
}

const std::string& SuggestionsIntro() {
  static const std::string kText =
      "Candidate exclusions for managed rules that mostly block legitimate traffic, each "
      "replayed on these logs (as `waftune suggest`). keep: the suggestion; alternative: "
      "passes every guardrail but another scope was chosen; reject: fails a guardrail or "
      "cannot be deployed. Legitimate and suspicious are shares of the released requests; "
      "coverage is the share of the rule's estimated legitimate requests released.";
  return kText;
}

const std::string& NoSuggestionsText() {
  static const std::string kText =
      "No candidate exclusions: no managed rule blocks mostly legitimate traffic.";
  return kText;
}

std::string EscapeLines(std::string_view text, std::string (*escape)(std::string_view)) {
  std::string out;
  size_t at = 0;
  while (at <= text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    out += escape(text.substr(at, nl - at));
    if (nl == text.size()) break;
    out += '\n';
    at = nl + 1;
  }
  return out;
}

namespace {

// A fenced code block no content can close: the fence is longer than the
// longest backtick run in the text (CommonMark closes a fence only with at
// least as many backticks), and control bytes are escaped.
std::string CodeBlock(std::string_view text, std::string_view lang) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  std::string body = EscapeLines(text, TerminalSafe);
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fence + std::string(lang) + "\n" + body + fence + "\n\n";
}

void Suggestions(const Findings& f, const ReportOptions& o, std::string* out) {
  if (!o.suggestions) return;
  *out += "## Suggested exclusions\n\n";
  if (!o.suggestions_unavailable.empty()) {
    *out += MarkdownCell(o.suggestions_unavailable) + "\n\n";
    return;
  }
  if (f.suggestions.empty()) {
    *out += NoSuggestionsText() + "\n\n";
    return;
  }
  *out += SuggestionsIntro() + "\n\n| Id | Verdict | Rule | Scope | Released | Legitimate | "
          "Suspicious | Coverage | Reason |\n|---|---|---|---|--:|--:|--:|--:|---|\n";
  for (const SuggestionFinding& s : f.suggestions) {
    const ReplayFinding& r = s.replay;
    uint64_t legit = r.released_legitimate.value_or(0);
    *out += "| " + MarkdownCell(s.exclusion.id) + " | " + VerdictWord(s.verdict) + " | " +
            MarkdownCell(s.rule_group + " / " + s.rule) + " | " +
            MarkdownCell(SuggestionScopeText(s.exclusion)) + " | " + WithThousands(r.released) +
            " | " + SharePercent(legit, r.released) + " | " +
            SharePercent(r.released_suspicious, r.released) + " | " +
            SharePercent(legit, s.rule_legitimate) + " | " + MarkdownCell(s.reason) + " |\n";
  }
  *out += "\n";
  for (const SuggestionFinding& s : f.suggestions) {
    if (s.verdict != SuggestionVerdict::kSuggested) continue;
    *out += "### " + MarkdownCell(s.exclusion.id) + ": " + MarkdownCell(s.rule) + "\n\n";
    if (!s.wafv2_json.empty()) *out += "WAFv2 JSON:\n\n" + CodeBlock(s.wafv2_json, "json");
    if (!s.terraform.empty()) *out += "Terraform:\n\n" + CodeBlock(s.terraform, "hcl");
  }
}

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
  Suggestions(f, o, &out);
  if (f.diagnosis) out += "## Layer diagnosis\n\n" + DiagnosisToMarkdown(*f.diagnosis) + "\n";
  Skipped(f, o, &out);
  out += "## Method notes\n\n";
  for (const std::string& n : ReportMethodNotes()) out += "- " + n + "\n";
  for (const std::string& n : f.notes) out += "- " + MarkdownCell(n) + "\n";
  return out;
}

}  // namespace waftune
