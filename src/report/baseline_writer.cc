#include "report/baseline_writer.h"

#include <vector>

#include "report/escape.h"
#include "report/text_table.h"
#include "util/time_format.h"

namespace waftune {
namespace {

std::string Signed(int64_t v) {
  if (v > 0) return "+" + WithThousands(static_cast<uint64_t>(v));
  if (v < 0) return "-" + WithThousands(static_cast<uint64_t>(-v));
  return "0";
}

std::string WindowText(int64_t start_ms, int64_t end_ms) {
  if (start_ms == 0 && end_ms == 0) return "no records";
  return FormatIsoTime(start_ms) + " – " + FormatIsoTime(end_ms);
}

std::string RowName(const RuleDelta& r) {
  std::string name = r.rule_group ? *r.rule_group + " / " + r.rule : r.rule;
  if (r.web_acl_rule && r.rule_group && *r.web_acl_rule != r.rule) {
    name = *r.web_acl_rule + ": " + name;
  }
  return name;
}

void WriteWindow(const ExclusionWindow& w, JsonWriter* j) {
  j->BeginObject();
  const std::pair<const char*, uint64_t> fields[] = {
      {"rule_requests", w.rule_requests},
      {"rule_blocks", w.rule_blocks},
      {"rule_suspicious", w.rule_suspicious},
      {"in_scope", w.in_scope},
      {"in_scope_blocks", w.in_scope_blocks},
      {"in_scope_suspicious", w.in_scope_suspicious},
      {"out_of_scope_suspicious", w.out_of_scope_suspicious}};
  for (const auto& [k, v] : fields) {
    j->Key(k);
    j->Uint(v);
  }
  j->EndObject();
}

void WriteSpan(const char* key, int64_t start, int64_t end, uint64_t requests, JsonWriter* w) {
  w->Key(key);
  w->BeginObject();
  w->Key("start");
  if (start == 0 && end == 0) w->Null(); else w->String(FormatIsoTime(start));
  w->Key("end");
  if (start == 0 && end == 0) w->Null(); else w->String(FormatIsoTime(end));
  w->Key("requests");
  w->Uint(requests);
  w->EndObject();
}

void WriteRuleDelta(const RuleDelta& r, JsonWriter* w) {
  w->BeginObject();
  w->Key("web_acl_rule");
  w->OptionalString(r.web_acl_rule);
  w->Key("rule_group");
  w->OptionalString(r.rule_group);
  w->Key("rule");
  w->String(r.rule);
  w->Key("action");
  w->String(r.action);
  const std::pair<const char*, uint64_t> counts[] = {
      {"requests_before", r.requests_before}, {"requests_after", r.requests_after},
      {"clients_before", r.clients_before}, {"clients_after", r.clients_after}};
  for (const auto& [k, v] : counts) {
    w->Key(k);
    w->Uint(v);
  }
  w->Key("requests_delta");
  w->Int(r.requests_delta);
  w->Key("clients_delta");
  w->Int(r.clients_delta);
  w->EndObject();
}

void WriteExclusionDelta(const ExclusionDelta& x, JsonWriter* w) {
  w->BeginObject();
  w->Key("id");
  w->String(x.id);
  w->Key("rule_group");
  w->String(x.rule_group);
  w->Key("rule");
  w->String(x.rule);
  w->Key("before");
  WriteWindow(x.before, w);
  w->Key("after");
  WriteWindow(x.after, w);
  w->Key("predicted_release");
  w->Uint(x.predicted_release);
  w->Key("observed_release");
  w->Int(x.observed_release);
  w->Key("release_verdict");
  w->String(x.release_verdict);
  w->Key("attack_verdict");
  w->String(x.attack_verdict);
  w->EndObject();
}

// One table model for Markdown and HTML. Cells are raw text.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

Table RulesTable(const BaselineDiff& d, size_t max_rules) {
  Table t{{"Action", "Rule", "Requests before", "Requests after", "Δ requests",
           "Clients before", "Clients after", "Δ clients"},
          {}};
  for (size_t i = 0; i < d.rules.size() && i < max_rules; ++i) {
    const RuleDelta& r = d.rules[i];
    t.rows.push_back({r.action, RowName(r), WithThousands(r.requests_before),
                      WithThousands(r.requests_after), Signed(r.requests_delta),
                      WithThousands(r.clients_before), WithThousands(r.clients_after),
                      Signed(r.clients_delta)});
  }
  return t;
}

Table ExclusionsTable(const BaselineDiff& d) {
  Table t{{"Exclusion", "Rule", "Predicted release (baseline)", "In-scope blocks before",
           "In-scope blocks after", "Observed release", "Release", "Out-of-scope suspicious "
           "before", "Out-of-scope suspicious after", "Attacks"},
          {}};
  for (const ExclusionDelta& x : d.exclusions) {
    t.rows.push_back({x.id, x.rule, WithThousands(x.predicted_release),
                      WithThousands(x.before.in_scope_blocks),
                      WithThousands(x.after.in_scope_blocks), Signed(x.observed_release),
                      x.release_verdict, WithThousands(x.before.out_of_scope_suspicious),
                      WithThousands(x.after.out_of_scope_suspicious), x.attack_verdict});
  }
  return t;
}

std::string TableToMarkdown(const Table& t) {
  std::string out = "|";
  std::string rule = "|";
  for (const std::string& h : t.header) {
    out += " " + MarkdownCell(h) + " |";
    rule += "---|";
  }
  out += "\n" + rule + "\n";
  for (const auto& row : t.rows) {
    out += "|";
    for (const std::string& c : row) out += " " + MarkdownCell(c) + " |";
    out += "\n";
  }
  return out + "\n";
}

std::string TableToHtml(const Table& t) {
  std::string out = "<table><tr>";
  for (const std::string& h : t.header) out += "<th>" + HtmlEscape(h) + "</th>";
  out += "</tr>";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (const std::string& c : row) out += "<td>" + HtmlEscape(c) + "</td>";
    out += "</tr>";
  }
  return out + "</table>\n";
}

std::string Intro(const BaselineDiff& d) {
  return "Baseline window: " + WindowText(d.before_start_ms, d.before_end_ms) + " (" +
         WithThousands(d.requests_before) + " WAF requests). Current window: " +
         WindowText(d.after_start_ms, d.after_end_ms) + " (" +
         WithThousands(d.requests_after) + " WAF requests).";
}

constexpr const char* kExclusionNote =
    "Predicted release: in-scope requests the rule blocked in the baseline (replay). "
    "Observed release: in-scope blocks before minus after. Release and attack verdicts "
    "compare per-hour rates. Out-of-scope suspicious: requests of the rule outside the "
    "scope with attack evidence; after deployment they carry the rule's label (Count) and "
    "the label rule should block them.";

}  // namespace

void WriteBaselineJson(const BaselineDiff& d, size_t max_rules, JsonWriter* w) {
  w->BeginObject();
  WriteSpan("before", d.before_start_ms, d.before_end_ms, d.requests_before, w);
  WriteSpan("after", d.after_start_ms, d.after_end_ms, d.requests_after, w);
  w->Key("rules");
  w->BeginArray();
  for (size_t i = 0; i < d.rules.size() && i < max_rules; ++i) WriteRuleDelta(d.rules[i], w);
  w->EndArray();
  w->Key("exclusions");
  w->BeginArray();
  for (const ExclusionDelta& x : d.exclusions) WriteExclusionDelta(x, w);
  w->EndArray();
  w->EndObject();
}

std::string AppendBaselineToJson(const std::string& json, const BaselineDiff& d,
                                 size_t max_rules) {
  size_t end = json.find_last_not_of(" \t\r\n");
  if (end == std::string::npos || json[end] != '}') return json;
  size_t prev = json.find_last_not_of(" \t\r\n", end == 0 ? 0 : end - 1);
  bool empty_object = end == 0 || prev == std::string::npos || json[prev] == '{';
  JsonWriter w;
  WriteBaselineJson(d, max_rules, &w);
  std::string out = json.substr(0, end);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  out += empty_object ? "\n  \"baseline\": " : ",\n  \"baseline\": ";
  return out + w.str() + "\n}\n";
}

std::string BaselineToMarkdown(const BaselineDiff& d, size_t max_rules) {
  std::string out = "## Baseline comparison\n\n" + MarkdownCell(Intro(d)) + "\n\n";
  out += "### Rule rows, before vs after\n\n" + TableToMarkdown(RulesTable(d, max_rules));
  if (!d.exclusions.empty()) {
    out += "### Exclusions: predicted vs observed\n\n" + TableToMarkdown(ExclusionsTable(d));
    out += std::string(kExclusionNote) + "\n\n";
  }
  return out;
}

std::string BaselineToHtml(const BaselineDiff& d, size_t max_rules) {
  std::string out = "<h2>Baseline comparison</h2><p>" + HtmlEscape(Intro(d)) + "</p>";
  out += "<h3>Rule rows, before vs after</h3>" + TableToHtml(RulesTable(d, max_rules));
  if (!d.exclusions.empty()) {
    out += "<h3>Exclusions: predicted vs observed</h3>" + TableToHtml(ExclusionsTable(d));
    out += "<p class=\"muted\">" + HtmlEscape(kExclusionNote) + "</p>";
  }
  return out;
}

}  // namespace waftune
